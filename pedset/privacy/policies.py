"""Who may do what with consents and personal data (152-FZ).

Only the person acts on their own consents and data; platform administrators manage the
operators' texts and read the acts of destruction; the texts themselves are public.
"""

from pedset.core.policies import is_active_user, is_platform_admin


def _is_present(user) -> bool:
    """An active person whose data has not been destroyed."""
    return is_active_user(user) and user.anonymised_at is None


def can_manage_own_consents(user) -> bool:
    """The «Мои согласия» page: see, give and withdraw one's own consents."""
    return _is_present(user)


def can_revoke_consent(user, consent) -> bool:
    return _is_present(user) and consent.user_id == user.pk and consent.revoked_at is None


def can_withdraw_from_platform(user) -> bool:
    """Revoke the platform operator's consent: the account closes and the data is destroyed."""
    return _is_present(user)


def can_export_own_data(user) -> bool:
    return _is_present(user)


def can_view_consent_text(user, consent_text=None) -> bool:
    """Operators' consent texts (every version) are public documents."""
    return True


def can_manage_consent_texts(user) -> bool:
    return is_platform_admin(user)


def can_view_destruction_acts(user) -> bool:
    return is_platform_admin(user)

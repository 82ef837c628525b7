from pedset.core.policies import is_active_user, is_platform_admin


def can_manage_own_consents(user) -> bool:
    return is_active_user(user)


def can_manage_consent_texts(user) -> bool:
    return is_platform_admin(user)


def can_view_destruction_acts(user) -> bool:
    return is_platform_admin(user)

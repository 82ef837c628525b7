"""Personal-data hooks of accounts: the profile, and its anonymisation on revocation.

Found by pedset.privacy.registry. The User row stays (content keeps its author, shown as
«Бывший участник» once ``anonymised_at`` is set); everything that identifies the person goes.
"""

from django.conf import settings
from django.db import transaction

from pedset.accounts.models import PlatformRole, UserSession, Visibility


def _iso(value):
    return value.isoformat() if value is not None else None


def former_email(user) -> str:
    """A unique address that can never receive mail (.invalid is reserved, RFC 2606)."""
    return f"former-{user.pk}@invalid"


def export(user) -> dict:
    profile = {
        "id": user.pk,
        "email": user.email,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "gender": user.gender,
        "date_joined": _iso(user.date_joined),
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
        "organisation": (
            {"id": user.organisation_id, "name": user.organisation.full_name}
            if user.organisation_id
            else None
        ),
        "position": user.position,
        "qualification_category": user.qualification_category,
        "qualification_category_display": str(user.get_qualification_category_display()),
        "subjects": sorted(user.subjects.values_list("name", flat=True)),
        "about": user.about,
        "avatar": user.avatar.name or None,
        "phone": user.phone,
        "phone_visibility": user.phone_visibility,
        "contact_email": user.contact_email,
        "contact_email_visibility": user.contact_email_visibility,
        "messenger": user.messenger,
        "messenger_visibility": user.messenger_visibility,
        "time_zone": user.time_zone,
        "language": user.language,
        "accessible_mode": user.accessible_mode,
    }
    return {
        "profile": profile,
        "platform_roles": sorted(user.platform_roles.values_list("role", flat=True)),
        "sessions_count": UserSession.objects.filter(user=user).count(),
    }


def erase(user) -> list[str]:
    from pedset.privacy import categories as c

    erased = [c.FULL_NAME, c.EMAIL, c.PASSWORD]
    blanked = {
        "position": c.POSITION,
        "about": c.ABOUT,
        "phone": c.PHONE,
        "contact_email": c.CONTACT_EMAIL,
        "messenger": c.MESSENGER,
        "qualification_category": c.QUALIFICATION,
        "gender": c.GENDER,
    }
    erased += [label for field, label in blanked.items() if getattr(user, field)]
    if user.organisation_id:
        erased.append(c.ORGANISATION)
    if user.last_login:
        erased.append(c.LOGIN_HISTORY)

    if user.avatar:
        name, storage = user.avatar.name, user.avatar.storage
        # The file goes only once the anonymisation is committed: a rollback keeps both.
        transaction.on_commit(lambda: storage.delete(name))
        erased.append(c.AVATAR)
    if user.subjects.exists():
        user.subjects.clear()
        erased.append(c.SUBJECTS)
    if PlatformRole.objects.filter(user=user).delete()[0]:
        erased.append(c.PLATFORM_ROLES)
    if UserSession.objects.filter(user=user).delete()[0]:
        erased.append(c.SESSIONS)

    user.email = former_email(user)
    user.set_unusable_password()
    user.last_name = user.first_name = user.patronymic = ""
    for field in blanked:
        setattr(user, field, "")
    for field in user.CONTACT_FIELDS:
        setattr(user, f"{field}_visibility", Visibility.ONLY_ME)
    user.organisation = None
    user.avatar = ""
    user.last_login = None
    user.email_confirmed_at = None
    user.time_zone = settings.TIME_ZONE
    user.language = settings.LANGUAGE_CODE
    user.accessible_mode = False
    # Only these fields: another service (deactivation) may have changed others on its own copy.
    user.save(
        update_fields=[
            "email",
            "password",
            "last_name",
            "first_name",
            "patronymic",
            *blanked,
            *(f"{field}_visibility" for field in user.CONTACT_FIELDS),
            "organisation",
            "avatar",
            "last_login",
            "email_confirmed_at",
            "time_zone",
            "language",
            "accessible_mode",
        ]
    )
    erased.append(c.PREFERENCES)
    return [str(label) for label in erased]

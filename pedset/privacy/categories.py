"""Names of the categories of personal data, as the act of destruction lists them.

Every app's ``personal_data.erase(user)`` returns some of these (or its own translated names),
so the act reads the same whichever app destroyed what.
"""

from django.utils.translation import pgettext_lazy

FULL_NAME = pgettext_lazy("personal data category", "surname, first name, patronymic")
EMAIL = pgettext_lazy("personal data category", "e-mail address used to log in")
PASSWORD = pgettext_lazy("personal data category", "password")
PHONE = pgettext_lazy("personal data category", "phone number")
CONTACT_EMAIL = pgettext_lazy("personal data category", "contact e-mail")
MESSENGER = pgettext_lazy("personal data category", "messenger")
POSITION = pgettext_lazy("personal data category", "position")
QUALIFICATION = pgettext_lazy("personal data category", "qualification category")
GENDER = pgettext_lazy("personal data category", "gender (for the grammar of documents)")
ORGANISATION = pgettext_lazy("personal data category", "place of work (organisation)")
SUBJECTS = pgettext_lazy("personal data category", "subjects taught")
ABOUT = pgettext_lazy("personal data category", "about me")
AVATAR = pgettext_lazy("personal data category", "photograph")
PREFERENCES = pgettext_lazy(
    "personal data category", "personal settings (time zone, language, accessibility)"
)
PLATFORM_ROLES = pgettext_lazy("personal data category", "roles on the platform")
SESSIONS = pgettext_lazy("personal data category", "open sessions")
LOGIN_HISTORY = pgettext_lazy("personal data category", "date of the last login")
NOTIFICATIONS = pgettext_lazy("personal data category", "notifications")
JOIN_MESSAGES = pgettext_lazy("personal data category", "messages in requests to join communities")
REJECTION_REASONS = pgettext_lazy(
    "personal data category", "reasons given for rejected requests to join"
)


# Human names of the profile fields a person may consent to publish (PUBLISHABLE_FIELDS).
PROFILE_FIELD_LABELS = {
    "full_name": pgettext_lazy("personal data category", "surname, first name, patronymic"),
    "avatar": pgettext_lazy("personal data category", "photograph"),
    "organisation": pgettext_lazy("personal data category", "place of work (organisation)"),
    "position": pgettext_lazy("personal data category", "position"),
    "qualification_category": pgettext_lazy("personal data category", "qualification category"),
    "subjects": pgettext_lazy("personal data category", "subjects taught"),
    "about": pgettext_lazy("personal data category", "about me"),
    "phone": pgettext_lazy("personal data category", "phone number"),
    "contact_email": pgettext_lazy("personal data category", "contact e-mail"),
    "messenger": pgettext_lazy("personal data category", "messenger"),
}


def profile_field_label(field: str) -> str:
    """The label of a publishable field; a field added later falls back to its model label."""
    if field in PROFILE_FIELD_LABELS:
        return str(PROFILE_FIELD_LABELS[field])
    from django.contrib.auth import get_user_model

    try:
        return str(get_user_model()._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return field

"""Personal-data hooks of notifications: the person's notification settings.

Found by pedset.privacy.registry. (The notifications themselves are exported and erased by
pedset/core/personal_data.py, which owns the Notification rows.)
"""

from django.utils.translation import pgettext_lazy

from pedset.notifications.models import NotificationPreference
from pedset.notifications.selectors import preference_rows

NOTIFICATION_SETTINGS = pgettext_lazy("personal data category", "notification settings")


def export(user) -> dict:
    changed = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "updated_at")
    )
    return {
        "notification_preferences": [
            {
                "kind": row.kind.code,
                "kind_display": str(row.kind.label),
                "delivery": row.delivery,
                "delivery_display": str(dict(row.kind.choices).get(row.delivery, "")),
                "chosen_by_me": row.chosen,
                "changed_at": changed[row.kind.code].isoformat()
                if row.kind.code in changed
                else None,
            }
            for row in preference_rows(user)
        ]
    }


def erase(user) -> list[str]:
    deleted, _rows = NotificationPreference.objects.filter(user=user).delete()
    return [str(NOTIFICATION_SETTINGS)] if deleted else []

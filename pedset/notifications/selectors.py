"""Reads of the notifications app."""

from __future__ import annotations

from dataclasses import dataclass

from pedset.core.models import Notification
from pedset.notifications.kinds import KINDS, Kind, get_kind
from pedset.notifications.models import NotificationPreference


def centre_notifications(user, *, kind: str | None = None):
    """The person's notifications, newest first; one kind (with its old aliases) if given."""
    rows = Notification.objects.filter(recipient=user).only(
        "id", "kind", "title", "body", "url", "created_at", "read_at"
    )
    if kind:
        rows = rows.filter(kind__in=get_kind(kind).codes)
    return rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class PreferenceRow:
    kind: Kind
    delivery: str
    chosen: bool  # False: the kind's default applies


def preference_rows(user) -> list[PreferenceRow]:
    """Every registered kind with the person's effective choice, in the registry's order."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    rows = []
    for kind in KINDS:
        choice = stored.get(kind.code)
        usable = choice is not None and kind.allows(choice)
        rows.append(PreferenceRow(kind, choice if usable else kind.default, usable))
    return rows

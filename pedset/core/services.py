from django.db import transaction
from django.utils import timezone

from pedset.core.models import Notification


def accessible_mode_set(*, user, session, on: bool) -> None:
    """Remembered per person when signed in, per browser session otherwise."""
    session["accessible_mode"] = on
    if user is not None and user.is_authenticated:
        user.accessible_mode = on
        user.save(update_fields=["accessible_mode"])


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())

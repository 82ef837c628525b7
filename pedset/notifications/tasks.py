"""Background work of the notifications app (django.tasks: in-process by default, a worker in
production). Arguments are plain ids so that any task backend can store them."""

from django.tasks import task


@task()
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """E-mail one chunk of notifications (at most NOTIFICATION_EMAIL_CHUNK, 50)."""
    from pedset.notifications.services import send_immediate_emails

    return send_immediate_emails(notification_ids)

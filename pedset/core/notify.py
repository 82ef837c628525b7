"""Telling a person something: a notification in the site and, by their preference, an e-mail.

    notify(recipient, *, kind, title, body="", url="", email=True) -> Notification
    notify_many(recipients, *, kind, title, body="", url="") -> int

``kind`` is a code of pedset/notifications/kinds.py (membership, join_request, platform_role,
forum_reply, forum_topic, moderation, flag, private_message, announcement, consent). The
person's preference for that kind decides: in the site only, e-mail at once, or the daily
digest. E-mails go through the task framework after the transaction commits, so a rolled-back
decision never mails anybody and a slow mail server never holds a request. The implementation
lives in pedset.notifications.services; this module is the stable entry point for every app.

send_email_after_commit() is for letters that are not notifications (confirmation links,
password resets, the last letter to a destroyed address).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.tasks import task

from pedset.notifications.services import notify, notify_many

__all__ = ["notify", "notify_many", "send_email_after_commit", "send_email_task"]


@task()
def send_email_task(*, to: str, subject: str, body: str) -> None:
    from django.core.mail import send_mail

    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_email_after_commit(*, to: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_email_task.enqueue(to=to, subject=subject, body=body))

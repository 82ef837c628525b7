"""Telling a person something: a notification in the site and, usually, an e-mail.

The e-mail goes through the task framework after the transaction commits, so a rolled-back
decision never mails anybody and a slow mail server never holds a request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.tasks import task

from pedset.core.models import Notification


@task()
def send_email_task(*, to: str, subject: str, body: str) -> None:
    from django.core.mail import send_mail

    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_email_after_commit(*, to: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_email_task.enqueue(to=to, subject=subject, body=body))


def notify(
    recipient, *, kind: str, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=str(title), body=str(body), url=url
    )
    if email and recipient.is_active and recipient.email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        send_email_after_commit(
            to=recipient.email, subject=f"{settings.SITE_NAME}: {title}", body=f"{body}{link}"
        )
    return notification

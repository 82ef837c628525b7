"""Every write of the notifications app.

A notification is always created in the site. Whether it is also e-mailed at once, kept for
the daily digest or created already read (switched off) follows the recipient's preference
for its kind (kinds.py). E-mails leave through the task framework after the transaction
commits, in chunks, so that telling a whole community never holds a request.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import mailers
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from pedset.core.models import Notification
from pedset.notifications import emails
from pedset.notifications.kinds import EMAIL_DELIVERIES, Delivery, Kind, get_kind, is_registered
from pedset.notifications.models import NotificationPreference

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def email_chunk_size() -> int:
    return max(1, settings.NOTIFICATION_EMAIL_CHUNK)


def digest_chunk_size() -> int:
    return max(1, settings.NOTIFICATION_DIGEST_CHUNK)


def effective_delivery(
    kind: Kind, stored: str | None, *, active: bool, has_email: bool, email_allowed: bool = True
) -> str:
    """What actually happens for one person: their choice (or the default), narrowed by what is
    possible — no e-mail to a closed account or one without an address, or when the caller
    says this event is not worth a letter."""
    delivery = stored if stored and kind.allows(stored) else kind.default
    if delivery in EMAIL_DELIVERIES and not (email_allowed and active and has_email):
        return Delivery.SITE
    return delivery


def _enqueue_emails(notification_ids: list[int]) -> None:
    from pedset.notifications.tasks import send_notification_emails

    size = email_chunk_size()
    for start in range(0, len(notification_ids), size):
        send_notification_emails.enqueue(notification_ids=notification_ids[start : start + size])


def _row(recipient_id: int, kind: str, title, body, url: str, delivery: str, now) -> Notification:
    return Notification(
        recipient_id=recipient_id,
        kind=kind,
        title=str(title)[:TITLE_MAX],
        body=str(body),
        url=(url or "")[:URL_MAX],
        delivery=delivery,
        read_at=now if delivery == Delivery.OFF else None,
    )


def notify(
    recipient, *, kind: str, title, body="", url: str = "", email: bool = True
) -> Notification:
    """Tell one person. ``email=False`` means the event is not worth a letter whatever the
    preference (it still honours a kind switched off)."""
    spec = get_kind(kind)
    stored = (
        NotificationPreference.objects.filter(user_id=recipient.pk, kind=spec.code)
        .values_list("delivery", flat=True)
        .first()
    )
    delivery = effective_delivery(
        spec,
        stored,
        active=recipient.is_active,
        has_email=bool(recipient.email),
        email_allowed=email,
    )
    notification = _row(recipient.pk, kind, title, body, url, delivery, timezone.now())
    notification.save()
    notification.recipient = recipient
    if delivery == Delivery.IMMEDIATE:
        transaction.on_commit(partial(_enqueue_emails, [notification.pk]))
    return notification


def _recipient_filter(recipients) -> dict:
    if isinstance(recipients, QuerySet):
        if recipients.model is get_user_model():
            return {"pk__in": recipients.values("pk")}
        return {"pk__in": recipients}  # a values_list("user_id") or similar of ids
    ids = {getattr(item, "pk", item) for item in recipients}
    return {"pk__in": [int(pk) for pk in ids]}


def notify_many(recipients, *, kind: str, title, body="", url: str = "") -> int:
    """Tell many people the same thing: one query to read them and their preference, one bulk
    insert, and after commit one e-mail task per chunk of NOTIFICATION_EMAIL_CHUNK (50).

    ``recipients`` is a queryset of people, a queryset of their ids, or an iterable of people or
    ids. Closed accounts are skipped. Returns how many notifications were created."""
    spec = get_kind(kind)
    preference = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=spec.code)
    people = (
        get_user_model()
        .objects.filter(is_active=True, **_recipient_filter(recipients))
        .annotate(stored=Subquery(preference.values("delivery")[:1]))
        .order_by("pk")
        .values_list("pk", "email", "stored")
    )
    now = timezone.now()
    rows = [
        _row(
            pk,
            kind,
            title,
            body,
            url,
            effective_delivery(spec, stored, active=True, has_email=bool(address)),
            now,
        )
        for pk, address, stored in people
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, batch_size=500)
    to_mail = [row.pk for row in rows if row.delivery == Delivery.IMMEDIATE]
    if to_mail:
        transaction.on_commit(partial(_enqueue_emails, to_mail))
    return len(rows)


# --- Sending --------------------------------------------------------------------------------


def _claim(queryset) -> list[Notification]:
    """Rows no other worker is sending, marked as e-mailed in a short transaction (so a second
    worker or a rerun never sends them again); released again if the send fails."""
    with transaction.atomic():
        rows = list(
            queryset.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("recipient_id", "created_at", "id")
        )
        if rows:
            now = timezone.now()
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)
            for row in rows:
                row.emailed_at = now
    return rows


def _claim_people(queryset, recipient_ids: list[int]) -> list[Notification]:
    """All the due rows of the people no other worker is writing to. A digest is one letter per
    person, so the lock is taken on the person: locking notification rows one by one let two
    workers each take part of one person's rows and send them two letters."""
    from django.contrib.auth import get_user_model

    with transaction.atomic():
        free = list(
            get_user_model()
            .objects.filter(pk__in=recipient_ids)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        rows = list(
            queryset.filter(recipient_id__in=free, emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("recipient_id", "created_at", "id")
        )
        if rows:
            now = timezone.now()
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)
            for row in rows:
                row.emailed_at = now
    return rows


def _release(rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=None)


def send_immediate_emails(notification_ids: list[int]) -> int:
    """The body of the e-mail task: sends the chunk through one mail connection."""
    rows = _claim(
        Notification.objects.filter(
            pk__in=notification_ids, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
        )
    )
    sendable = [row for row in rows if row.recipient.is_active and row.recipient.email]
    closed = [row.pk for row in rows if row not in sendable]
    if closed:  # the account closed after the event: nobody to write to
        Notification.objects.filter(pk__in=closed).update(delivery=Delivery.SITE, emailed_at=None)
    if not sendable:
        return 0
    try:
        with mailers.default as connection:
            connection.send_messages([emails.notification_message(row) for row in sendable])
    except Exception:
        _release(sendable)
        raise
    return len(sendable)


@dataclass
class DigestRun:
    people: int = 0
    notifications: int = 0
    failed_people: int = 0


def _zones_at_local_hour(zones: Iterable[str], hour: int, now) -> list[str]:
    chosen = []
    for name in zones:
        try:
            zone = zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        if now.astimezone(zone).hour == hour:
            chosen.append(name)
    return chosen


def digests_send(*, local_hour: int | None = None, chunk: int | None = None) -> DigestRun:
    """One letter per person with their unread digest notifications since the last digest;
    then they are marked. Running it again sends nothing new. Notifications already read in the
    site by then are settled without a letter.

    ``local_hour`` (0–23): only people whose local time is now in that hour (run it hourly from
    cron so that everybody gets the digest in their own morning)."""
    now = timezone.now()
    due = Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
    if local_hour is not None:
        zones = due.order_by().values_list("recipient__time_zone", flat=True).distinct()
        due = due.filter(recipient__time_zone__in=_zones_at_local_hour(zones, local_hour, now))
    recipient_ids = sorted(set(due.order_by().values_list("recipient_id", flat=True)))
    size = chunk or digest_chunk_size()
    run = DigestRun()
    for start in range(0, len(recipient_ids), size):
        _send_digest_chunk(due, recipient_ids[start : start + size], now, run)
    return run


def _send_digest_chunk(due, recipient_ids: list[int], now, run: DigestRun) -> None:
    mine = due.filter(recipient_id__in=recipient_ids)
    # Read in the site already: settled without a letter.
    mine.filter(read_at__isnull=False).update(delivery=Delivery.SITE)
    rows = _claim_people(mine.filter(read_at__isnull=True), recipient_ids)
    reachable = [row for row in rows if row.recipient.is_active and row.recipient.email]
    unreachable = [row for row in rows if not (row.recipient.is_active and row.recipient.email)]
    if unreachable:  # a closed account or no address: nobody to write to
        Notification.objects.filter(pk__in=[row.pk for row in unreachable]).update(
            delivery=Delivery.SITE, emailed_at=None
        )
    by_person: dict[int, list[Notification]] = {}
    for row in reachable:
        by_person.setdefault(row.recipient_id, []).append(row)
    if not by_person:
        return
    try:
        connection = mailers.default
        connection.open()
    except Exception:
        logger.exception("no mail connection: %s digests wait for the next run", len(by_person))
        _release(reachable)
        run.failed_people += len(by_person)
        return
    try:
        for items in by_person.values():
            person = items[0].recipient
            try:
                connection.send_messages([emails.digest_message(person, items, now=now)])
            except Exception:
                logger.exception("digest for person %s not sent; it goes next time", person.pk)
                _release(items)
                run.failed_people += 1
                continue
            run.people += 1
            run.notifications += len(items)
    finally:
        connection.close()


# --- The person's own settings and the centre ------------------------------------------------


class PreferenceRefused(ValueError):
    """A choice the registry does not allow (an unknown kind, or switching off a mandatory one)."""


@transaction.atomic
def preferences_update(*, actor, user, choices: dict[str, str]) -> None:
    """Save the person's choice for each kind given. Only the person changes their own."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied
    for code, delivery in choices.items():
        if not is_registered(code) or get_kind(code).code != code:
            raise PreferenceRefused(code)
        if not get_kind(code).allows(delivery):
            raise PreferenceRefused(code)
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=code, delivery=delivery)
            for code, delivery in choices.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery", "updated_at"],
    )


@transaction.atomic
def email_unsubscribe(*, user, kinds: Iterable[str]) -> list[str]:
    """Switch the e-mail of these kinds off for the person (one-click link): they stay in the
    site. Returns the kinds that changed (none when they were already off)."""
    codes = [get_kind(code).code for code in kinds if is_registered(code)]
    stored = dict(
        NotificationPreference.objects.select_for_update()
        .filter(user=user, kind__in=codes)
        .values_list("kind", "delivery")
    )
    changed = [
        code
        for code in codes
        if effective_delivery(get_kind(code), stored.get(code), active=True, has_email=True)
        in EMAIL_DELIVERIES
    ]
    if changed:
        preferences_update(actor=user, user=user, choices=dict.fromkeys(changed, Delivery.SITE))
        # What was waiting for the digest stays in the site only.
        Notification.objects.filter(
            recipient=user,
            kind__in=[alias for code in changed for alias in get_kind(code).codes],
            delivery=Delivery.DIGEST,
            emailed_at__isnull=True,
        ).update(delivery=Delivery.SITE)
    return changed


@transaction.atomic
def notifications_mark_read(*, actor, ids: list[int] | None = None, kind: str | None = None) -> int:
    """Mark the person's own notifications read: these ids, this kind, or all of them."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if kind:
        unread = unread.filter(kind__in=get_kind(kind).codes)
    return unread.update(read_at=timezone.now())

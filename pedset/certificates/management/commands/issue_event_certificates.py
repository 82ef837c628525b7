"""python manage.py issue_event_certificates — certificates, diplomas and letters of thanks of
the events that ended.

Run it from cron or a systemd timer, hourly (docs/deployment.md). It takes every announced event
of an open community that ended between ``--days`` days and ``--grace-hours`` hours ago (the
grace leaves the organisers time to mark attendance by hand) and whose documents were not issued
yet; a contest or festival only once its results are published (counted from the publication
when that came later). Idempotent: an event whose documents were issued is not taken again, and
within an event only missing documents are issued; a coordinator issues late ones from the
event page.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from pedset.certificates.services import certificates_issue_for_event, issue_refusal
from pedset.communities.services import ActionRefused
from pedset.events.models import JURY_FORMS, Event, EventStatus


def due_events(*, days: int, grace_hours: float, now=None):
    """The events whose documents the periodic run issues now."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    until = now - datetime.timedelta(hours=grace_hours)
    ended = Q(ends_at__gte=since, ends_at__lte=until)
    results = Q(form__in=list(JURY_FORMS), results_published_at__gte=since, ends_at__lte=until)
    return (
        Event.objects.filter(
            status=EventStatus.PUBLISHED,
            certificates_issued_at__isnull=True,
            community__closed_at__isnull=True,
        )
        .filter(ended | results)
        .exclude(form__in=list(JURY_FORMS), results_published_at__isnull=True)
        .select_related("community")
        .order_by("ends_at", "id")
    )


class Command(BaseCommand):
    help = "Issue the certificates, diplomas and letters of thanks of the events that ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="look back this many days (default 30)"
        )
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=24,
            help="wait this long after the end, for attendance marked by hand (default 24)",
        )

    def handle(self, *args, days, grace_hours, **options):
        events = issued = skipped = 0
        for event in due_events(days=days, grace_hours=grace_hours):
            if issue_refusal(event):
                continue
            try:
                result = certificates_issue_for_event(actor=None, event=event)
            except ActionRefused as refusal:
                self.stderr.write(f"event {event.pk}: {refusal}")
                continue
            events += 1
            issued += len(result.issued)
            skipped += result.skipped
            self.stdout.write(
                f"event {event.pk}: issued {len(result.issued)}, already issued {result.skipped}"
            )
        self.stdout.write(
            f"events processed: {events}; documents issued: {issued}; already issued: {skipped}"
        )

"""manage.py issue_event_certificates — the periodic run."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from pedset.certificates.models import EventAward
from pedset.certificates.tests.factories import contest, entry
from pedset.contests.models import Placing
from pedset.events.models import EventStatus
from pedset.events.tests.factories import EventFactory, registered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def ended(community, hours_ago: float, **fields):
    ends = NOW - datetime.timedelta(hours=hours_ago)
    return EventFactory(
        community=community, starts_at=ends - datetime.timedelta(hours=2), ends_at=ends, **fields
    )


def run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("issue_event_certificates", *args, stdout=out)
    return out.getvalue()


def test_the_periodic_run_issues_for_events_that_ended_and_only_once(community):
    # given events that ended two days ago, an hour ago, 40 days ago, a draft, one not over
    due = ended(community, 48)
    registered(due, attended=True)
    fresh = ended(community, 1)
    registered(fresh, attended=True)
    old = ended(community, 40 * 24)
    registered(old, attended=True)
    draft = ended(community, 48, status=EventStatus.DRAFT)
    registered(draft, attended=True)
    running = ended(community, -1)
    registered(running, attended=True)
    # when the periodic run comes
    output = run()
    # then only the event past its grace period and inside the window got its documents
    assert set(EventAward.objects.values_list("event_id", flat=True)) == {due.pk}
    assert "documents issued: 1" in output
    due.refresh_from_db()
    assert due.certificates_issued_at is not None
    # and a second run does nothing
    assert "documents issued: 0" in run()
    assert EventAward.objects.count() == 1
    # a shorter grace takes the fresh one too
    run("--grace-hours", "0.5")
    assert EventAward.objects.filter(event=fresh).count() == 1


def test_contests_wait_for_their_results(community):
    event = contest(community, published=False)
    entry(event, placing=Placing.WINNER, rank=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        call_command("issue_event_certificates", stdout=io.StringIO())
    assert not EventAward.objects.exists()
    event.results_published_at = timezone.now()
    event.save()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        call_command("issue_event_certificates", stdout=io.StringIO())
    assert EventAward.objects.filter(event=event, ground="winner").count() == 1


def test_results_published_long_after_the_end_still_count(community):
    # given a contest that ended 60 days ago, whose results came out yesterday
    event = contest(community)
    Event = type(event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=62),
        ends_at=timezone.now() - datetime.timedelta(days=60),
        results_published_at=timezone.now() - datetime.timedelta(days=1),
    )
    entry(event, placing=Placing.WINNER, rank=1)
    call_command("issue_event_certificates", stdout=io.StringIO())
    assert EventAward.objects.filter(event=event).count() == 1

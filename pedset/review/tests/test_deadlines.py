"""manage.py expertise_deadlines: one reminder before the deadline, one escalation after it."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.review import selectors, services
from pedset.review.models import Assignment
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# Monday 1 September 2025, 10:00 Moscow; 10 calendar days → Thursday 11 September 23:59.
ASSIGNED = datetime.datetime(2025, 9, 1, 10, 0, tzinfo=MOSCOW)


def at(day, hour=10):
    return datetime.datetime(2025, 9, day, hour, 0, tzinfo=MOSCOW)


@pytest.fixture
def setting(settings):
    settings.EXPERTISE_REMINDER_DAYS = 2
    return settings


@pytest.fixture
def world(setting):
    with time_machine.travel(ASSIGNED, tick=False):
        community = CommunityFactory(expertise_days=10, deadline_day_kind="calendar")
        coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
        expert = factories.expert_in(community)
        material = factories.submitted_material(community=community)
        (assignment,) = services.assignment_create(
            actor=coordinator, review_round=factories.open_round(material), experts=[expert]
        )
    return community, coordinator, expert, assignment


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs the command at the given moment; its after-commit notifications are sent."""

    def run_at(now):
        out = StringIO()
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("expertise_deadlines", stdout=out)
        return out.getvalue()

    return run_at


def test_deadline_is_the_end_of_the_tenth_day(world):
    *_rest, assignment = world
    local = assignment.deadline.astimezone(MOSCOW)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2025, 9, 11), 23, 59)


def test_a_reminder_is_sent_once(world, run):
    _community, coordinator, expert, assignment = world
    # Three days before: too early
    assert "reminders sent: 0" in run(at(8))
    assert not Notification.objects.filter(recipient=expert).exists()
    # Two days before (the 10th, «осталось 2 дн.»): the reminder
    assert "reminders sent: 1" in run(at(10))
    notice = Notification.objects.get(recipient=expert)
    assert notice.kind == "expertise_assignment"
    assert notice.url.endswith(f"/expertise/a/{assignment.pk}/")
    # Running again (and the next hour, the next day) sends nothing new
    run(at(10, 11))
    run(at(11))
    assert Notification.objects.filter(recipient=expert).count() == 1
    assert not Notification.objects.filter(recipient=coordinator).exists()


def test_an_overdue_assignment_is_escalated_once(world, run):
    _community, coordinator, expert, assignment = world
    # Still within the last day: no escalation
    assert "overdue escalated: 0" in run(at(11, 23))
    # One minute past the deadline
    assert "overdue escalated: 1" in run(datetime.datetime(2025, 9, 12, 0, 1, tzinfo=MOSCOW))
    notice = Notification.objects.get(recipient=coordinator)
    assert notice.kind == "expertise_progress"
    assert expert.last_name not in notice.title + notice.body
    run(at(13))
    run(at(20))
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert AuditEvent.objects.filter(action="expertise_overdue_escalated").count() == 1
    # The overdue is marked everywhere: «просрочено на N дн.»
    assignment = Assignment.objects.get(pk=assignment.pk)
    selectors.annotate_deadlines([assignment], at(13))
    assert assignment.is_overdue and assignment.overdue_days == 2


def test_a_late_first_run_sends_both_once(world, run):
    # The cron was stopped for a week: the reminder (missed) is not sent after the deadline,
    # the escalation is.
    _community, coordinator, expert, _assignment = world
    out = run(at(15))
    assert "reminders sent: 0" in out and "overdue escalated: 1" in out
    assert not Notification.objects.filter(recipient=expert).exists()


def test_submitted_declined_and_decided_ones_are_left_alone(world, run):
    community, coordinator, expert, assignment = world
    with time_machine.travel(at(2), tick=False):
        services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
        criteria = services.criteria_ensure_default(community=community)
        services.review_submit(
            actor=expert,
            assignment=selectors.assignment_for(assignment.pk),
            scores={c.pk: ("2", "") for c in criteria},
            conclusion="Хорошо.",
            recommendation="include",
        )
    out = run(at(20))
    assert "reminders sent: 0" in out and "overdue escalated: 0" in out


def test_a_withdrawn_material_is_not_chased(world, run):
    _community, _coordinator, expert, assignment = world
    material = assignment.round.material
    material.status = "withdrawn"
    material.save()
    out = run(at(20))
    assert "reminders sent: 0" in out and "overdue escalated: 0" in out

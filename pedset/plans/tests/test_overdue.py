"""Overdue items: an item is overdue from the day after its last day in its community's time zone
while it is neither done nor cancelled; the page shows it in red, coordinators see the count,
and manage.py work_plan_deadlines tells the responsible people once."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification
from pedset.plans import selectors, services
from pedset.plans.models import PlanItem, PlanItemStatus
from pedset.plans.tests.factories import PlanItemFactory, plan_of

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 3, 10)
UTC = datetime.UTC


def at(hour, minute=0, day=10):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def item_in(zone, **fields):
    community = CommunityFactory(time_zone=zone)
    return PlanItemFactory(
        plan=plan_of(community, 2026),
        starts_on=datetime.date(2026, 3, 1),
        ends_on=LAST_DAY,
        **fields,
    )


@pytest.mark.parametrize(
    ("now", "yakutsk", "moscow"),
    [
        # 23:59 of the last day in Yakutsk (UTC+9): nobody is late yet
        (at(14, 59), False, False),
        # 00:30 of 11 March in Yakutsk, 18:30 of 10 March in Moscow
        (at(15, 30), True, False),
        # 23:59 of 10 March in Moscow (UTC+3)
        (at(20, 59), True, False),
        # 00:00 of 11 March in Moscow
        (at(21, 0), True, True),
    ],
)
def test_overdue_is_judged_on_the_community_s_own_day(now, yakutsk, moscow):
    # given the same item in a Yakutsk and a Moscow community
    far_east = item_in("Asia/Yakutsk")
    west = item_in("Europe/Moscow")

    # when the day boundary passes in one zone and not the other
    with time_machine.travel(now, tick=False):
        # then each is overdue by its own community's calendar
        for item, expected in ((far_east, yakutsk), (west, moscow)):
            community = item.plan.community
            today = selectors.community_today(community)
            assert selectors.is_overdue(item, today) is expected
            assert selectors.overdue_count(community) == int(expected)


@pytest.mark.parametrize("status", [PlanItemStatus.DONE, PlanItemStatus.CANCELLED])
def test_done_and_cancelled_items_are_never_overdue(status):
    item = item_in("Europe/Moscow", status=status)
    with time_machine.travel(at(12, day=20), tick=False):
        assert not selectors.is_overdue(item, selectors.community_today(item.plan.community))
        assert selectors.overdue_count(item.plan.community) == 0


def test_the_command_tells_the_responsible_once_and_at_the_right_hour():
    # given an item of a Yakutsk community with two responsible members
    community = CommunityFactory(time_zone="Asia/Yakutsk")
    first, second = (MembershipFactory(community=community).user for _ in range(2))
    item = PlanItemFactory(
        plan=plan_of(community, 2026),
        starts_on=LAST_DAY,
        ends_on=LAST_DAY,
        responsible=[first, second],
        topic="Фестиваль педагогических идей",
    )

    # when the job runs at 23:30 of the last day in Yakutsk, then nobody is told
    with time_machine.travel(at(14, 30), tick=False):
        output = io.StringIO()
        call_command("work_plan_deadlines", stdout=output)
    assert "notified: 0" in output.getvalue()
    assert not Notification.objects.filter(kind="work_plan").exists()

    # when it runs after midnight there, twice, then each responsible is told once
    with time_machine.travel(at(15, 30), tick=False):
        assert services.overdue_process() == 1
        assert services.overdue_process() == 0
    notices = Notification.objects.filter(kind="work_plan")
    assert sorted(n.recipient_id for n in notices) == sorted([first.pk, second.pk])
    notice = notices.first()
    assert "Фестиваль педагогических идей" in notice.title
    assert notice.url.endswith(f"/plans/c/{community.slug}/2026/#item-{item.pk}")
    # no names in the stored text (they could not be erased later)
    for person in (first, second):
        assert person.last_name not in notice.title + notice.body
    item.refresh_from_db()
    assert item.overdue_notified_at is not None


def test_nobody_named_on_the_platform_means_the_coordinators_are_told():
    community = CommunityFactory()
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    MembershipFactory(community=community)  # an ordinary member: not told
    PlanItemFactory(
        plan=plan_of(community, 2026),
        starts_on=LAST_DAY,
        ends_on=LAST_DAY,
        responsible_text="методист ИМЦ Петрова Н. А.",
    )
    with time_machine.travel(at(12, day=12), tick=False):
        assert services.overdue_process() == 1
    assert list(
        Notification.objects.filter(kind="work_plan").values_list("recipient_id", flat=True)
    ) == [coordinator.pk]


def test_closed_statuses_future_terms_and_closed_communities_are_not_told(member, community):
    plan = plan_of(community, 2026)
    for status in (PlanItemStatus.DONE, PlanItemStatus.CANCELLED):
        PlanItemFactory(
            plan=plan, ends_on=LAST_DAY, starts_on=LAST_DAY, status=status, responsible=[member]
        )
    PlanItemFactory(
        plan=plan,
        starts_on=datetime.date(2026, 3, 20),
        ends_on=datetime.date(2026, 3, 25),
        responsible=[member],
    )
    closed = CommunityFactory(closed_at=at(0, day=1))
    PlanItemFactory(plan=plan_of(closed, 2026), starts_on=LAST_DAY, ends_on=LAST_DAY)
    with time_machine.travel(at(12, day=15), tick=False):
        assert services.overdue_process() == 0
    assert not Notification.objects.filter(kind="work_plan").exists()


def test_a_moved_term_is_told_about_again_when_it_passes(community, coordinator, member):
    item = PlanItemFactory(
        plan=plan_of(community, 2026), starts_on=LAST_DAY, ends_on=LAST_DAY, responsible=[member]
    )
    with time_machine.travel(at(12, day=12), tick=False):
        assert services.overdue_process() == 1
        services.plan_item_update(
            actor=coordinator,
            item=item,
            form=item.form,
            topic=item.topic,
            starts_on=LAST_DAY,
            ends_on=datetime.date(2026, 3, 20),
            responsible=[member],
        )
        assert services.overdue_process() == 0
    with time_machine.travel(at(12, day=21), tick=False):
        assert services.overdue_process() == 1
    assert Notification.objects.filter(kind="work_plan", recipient=member).count() == 2


def test_the_page_shows_overdue_items_in_red_and_coordinators_see_the_count(
    client, community, coordinator, member
):
    # given one overdue and one future item
    plan = plan_of(community, 2026)
    late = PlanItemFactory(plan=plan, starts_on=LAST_DAY, ends_on=LAST_DAY)
    PlanItemFactory(
        plan=plan, starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 4, 2)
    )
    with time_machine.travel(at(12, day=15), tick=False):
        # when the coordinator opens the plan and the community page
        client.force_login(coordinator)
        page = client.get(reverse("plans:year", args=[community.slug, 2026])).content.decode()
        home = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
        # and a member opens the community page
        client.force_login(member)
        members_home = client.get(
            reverse("communities:detail", args=[community.slug])
        ).content.decode()

    # then the late item's term is red and says so, and only the coordinator sees the count
    row = page.split(f'id="item-{late.pk}"')[1].split("</tr>")[0]
    assert 'class="overdue"' in row
    assert "просрочено" in row
    assert page.count('class="overdue"') == 3  # the term, the word and the summary
    assert "1 просроченный пункт" in home
    assert reverse("plans:plan", args=[community.slug]) in home
    assert "просроченн" not in members_home
    assert reverse("plans:plan", args=[community.slug]) in members_home
    assert PlanItem.objects.count() == 2

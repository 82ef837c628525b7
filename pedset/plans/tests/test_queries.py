"""Query budget of the plan page: 3 or 30 items, each with two responsible members, a held event
with registrations and an announced one, cost the same number of queries for a coordinator and
for an anonymous visitor. Today's count plus a margin of 2; an N+1 blows it at the larger size."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from pedset.communities.tests.factories import MembershipFactory
from pedset.events.tests.factories import EventFactory, past_event, registered
from pedset.plans.models import PlanItemStatus
from pedset.plans.tests.factories import PlanItemFactory, plan_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)


def fill_plan(community, size):
    people = [MembershipFactory(community=community).user for _ in range(4)]
    plan = plan_of(community, 2026)
    for index in range(size):
        item = PlanItemFactory(
            plan=plan,
            starts_on=datetime.date(2026, 1 + index % 12, 5),
            ends_on=datetime.date(2026, 1 + index % 12, 6),
            responsible=[people[index % 4], people[(index + 1) % 4]],
            status=PlanItemStatus.DONE if index % 3 == 0 else PlanItemStatus.PLANNED,
        )
        held = past_event(community=community, plan_item=item)
        registered(held, people[index % 4], attended=True)
        registered(held, people[(index + 2) % 4])
        EventFactory(community=community, plan_item=item)


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("viewer", ["coordinator", "anonymous"])
def test_plan_page_budget(
    client, community, coordinator, size, viewer, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=True):
        fill_plan(community, size)
        if viewer == "coordinator":
            client.force_login(coordinator)
        with django_assert_max_num_queries(14):
            response = client.get(reverse("plans:year", args=[community.slug, 2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="item-') == size
    assert html.count("проведено: зарегистрировано 2, присутствовали 1") == size


@pytest.mark.parametrize("size", [3, 30])
def test_export_budget(client, community, coordinator, size, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=True):
        fill_plan(community, size)
        client.force_login(coordinator)
        with django_assert_max_num_queries(11):
            response = client.get(reverse("plans:export_xlsx", args=[community.slug, 2026]))
    assert response.status_code == 200

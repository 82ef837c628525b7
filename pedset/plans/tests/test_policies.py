"""Rules of the work plan beyond the permission table (pedset/core/permission_table.py checks
every role): other communities, drafts that carry an item, the prefetched counts."""

import pytest
from django.utils import timezone

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events.models import EventStatus
from pedset.events.tests.factories import EventFactory
from pedset.plans import policies, selectors
from pedset.plans.tests.factories import PlanItemFactory, plan_of

pytestmark = pytest.mark.django_db


def test_roles_in_another_community_give_nothing_here(community):
    other = CommunityFactory()
    coordinator_elsewhere = MembershipFactory(community=other, role=Role.COORDINATOR).user
    assert policies.can_view_plan(coordinator_elsewhere, community)
    assert not policies.can_see_responsible(coordinator_elsewhere, community)
    assert not policies.can_export_plan(coordinator_elsewhere, community)
    assert not policies.can_edit_plan(coordinator_elsewhere, community)
    item = PlanItemFactory(plan=plan_of(community))
    assert not policies.can_delete_plan_item(coordinator_elsewhere, item)
    assert not policies.can_approve_plan(coordinator_elsewhere, item.plan)


def test_a_draft_event_nobody_else_sees_still_keeps_the_item(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community))
    assert policies.can_delete_plan_item(coordinator, item)
    EventFactory(community=community, plan_item=item, status=EventStatus.DRAFT)
    assert not policies.can_delete_plan_item(coordinator, item)


def test_the_page_s_counts_answer_without_queries(
    community, coordinator, member, django_assert_num_queries
):
    # given an item with a cancelled event, read as the plan page reads it
    plan = plan_of(community)
    item = PlanItemFactory(plan=plan)
    EventFactory(community=community, plan_item=item, status=EventStatus.CANCELLED)
    read = selectors.plan_items(plan, user=member, with_people=True)[0]
    read_plan = selectors.plan_for(community, plan.year)
    policies.can_edit_plan(coordinator, community)  # memoises the roles

    # then the delete and approve questions need no further query
    with django_assert_num_queries(0):
        assert not policies.can_delete_plan_item(coordinator, read)
        assert policies.can_approve_plan(coordinator, read_plan)


def test_a_revoked_account_is_refused_even_with_a_membership(community, make_person):
    revoked = make_person("revoked", community)
    assert not policies.can_see_responsible(revoked, community)
    assert not policies.can_edit_plan(revoked, community)


def test_an_approved_plan_is_not_approved_again(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community))
    item.plan.approved_at = timezone.now()
    assert not policies.can_approve_plan(coordinator, item.plan)

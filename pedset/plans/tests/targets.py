"""Targets of the work plan's rows in pedset/core/permission_table.py: each is
``<name>(community, user) -> tuple`` of the policy's arguments after the user."""

from django.utils import timezone

from pedset.plans.tests.factories import PlanItemFactory, plan_of


def closed_community(community, user):
    community.closed_at = timezone.now()
    community.save(update_fields=["closed_at"])
    return (community,)


def plan(community, user):
    """This year's plan with one item, not approved."""
    work_plan = plan_of(community)
    PlanItemFactory(plan=work_plan)
    return (work_plan,)


def approved_plan(community, user):
    work_plan = plan(community, user)[0]
    work_plan.approved_at = timezone.now()
    work_plan.save(update_fields=["approved_at"])
    return (work_plan,)


def item(community, user):
    """An item no event carries."""
    return (PlanItemFactory(plan=plan_of(community)),)


def carried_item(community, user):
    """An item an announced event carries (it is cancelled, never deleted)."""
    from pedset.events.tests.factories import EventFactory

    plan_item = PlanItemFactory(plan=plan_of(community))
    EventFactory(community=community, plan_item=plan_item)
    return (plan_item,)

"""Who may see and change a community's annual work plan. The permission table in
pedset/core/permission_table.py declares the expected answer of every can_* function here.

The plan is part of the community's documentation (regulation 002 §5, requirement F4): the
regulation, the plan and the annual report are kept per community and year. So:
- the plan — forms, topics, terms, audience, expected results, statuses, plan versus actual —
  is shown to everyone who may view the community (the community page is public, anonymous
  visitors included), like the regulation itself;
- the responsible people's names are personal data (152-FZ): only the community's active
  members (colleagues, as in the members directory) and platform administrators see them.
  This covers both the chosen members and ``responsible_text`` (names as an imported plan
  wrote them). Everyone else reads «скрыто» in their place;
- the DOCX and XLSX exports are the working documents with those names: members and platform
  administrators only;
- the community's coordinators and administrators (who develop, approve and carry out the plan,
  regulation 003 §5.1–5.2) and platform administrators create, change, import and approve it,
  while the community is open. A closed community's plan stays readable and frozen.
An item is deleted only while no event carries it (its events are the record of what was
done); otherwise it is cancelled with a note.
"""

from __future__ import annotations

from pedset.communities.models import Role
from pedset.communities.policies import can_view_community
from pedset.core.policies import community_role, is_active_user, is_platform_admin

MANAGERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def can_view_plan(user, community) -> bool:
    return can_view_community(user, community)


def can_see_responsible(user, community) -> bool:
    """Names of the responsible people (members chosen and names as written)."""
    return is_platform_admin(user) or community_role(user, community) is not None


def can_export_plan(user, community) -> bool:
    """DOCX and XLSX of the plan: they carry the responsible people's names."""
    return can_see_responsible(user, community)


def can_edit_plan(user, community) -> bool:
    """Add, change, import items, set their status."""
    if community.is_closed or not is_active_user(user):
        return False
    return is_platform_admin(user) or community_role(user, community) in MANAGERS


def can_approve_plan(user, plan) -> bool:
    """Approve a plan that has items and is not approved yet."""
    if plan.approved_at is not None or not can_edit_plan(user, plan.community):
        return False
    return _has_items(plan)


def can_delete_plan_item(user, item) -> bool:
    """Delete an item that no event carries (others are cancelled with a note instead)."""
    return can_edit_plan(user, item.plan.community) and not carried_by_events(item)


def _has_items(plan) -> bool:
    cached = getattr(plan, "items_count", None)
    if cached is not None:
        return cached > 0
    return plan.items.exists()


def carried_by_events(item) -> bool:
    """Whether any event (of any status) names the item, from the annotated count
    (selectors.plan_items) when there is one."""
    cached = getattr(item, "events_total", None)
    if cached is not None:
        return cached > 0
    return item.events.exists()

"""The expertise panel for the material's page (materials app):

    {% load review_tags %}{% expertise_panel material %}

Shows the expertise status, the term (or how overdue it is) and what the viewer may do there —
assign experts, answer the invitation, write the review, record the decision — with links. The
tag asks the policies and reads the current round itself (a few queries, none per expert)."""

from django import template
from django.utils import timezone

from pedset.core import workdays
from pedset.review import policies, selectors

register = template.Library()


@register.inclusion_tag("review/_panel.html", takes_context=True)
def expertise_panel(context, material):
    user = context["request"].user
    shown = {"material": material, "visible": False}
    if not material.round_number or not policies.can_view_material_expertise(user, material):
        return shown
    review_round = selectors.current_round(material)
    if review_round is None:
        return shown
    now = timezone.now()
    assignments = list(review_round.assignments.all())
    selectors.annotate_deadlines(assignments, now)
    live = [a for a in assignments if a.days_left is not None]
    sees_experts = policies.can_view_expertise_desk(
        user, material.community
    ) and not policies.is_author(user, material)
    own = next((a for a in live if a.expert_id == getattr(user, "pk", None)), None)
    nearest = min(live, key=lambda a: a.deadline) if live else None
    return {
        "material": material,
        "community": material.community,
        "visible": True,
        "round": review_round,
        "decision": review_round.decision if policies.round_has_decision(review_round) else None,
        "live": live if sees_experts else [],
        "nearest": nearest,
        "overdue": any(a.is_overdue for a in live),
        "reviews": sum(a.status == "submitted" for a in assignments),
        "own": own,
        "provisional": nearest is not None and workdays.is_provisional(nearest.deadline.year),
        "can_assign": policies.can_assign_experts(user, review_round),
        "can_decide": policies.can_decide_round(user, review_round),
        "sees_experts": sees_experts,
    }

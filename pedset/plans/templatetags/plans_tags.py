"""The work plan on the community page: a «План работы» link (``{% work_plan_link community %}``)
and, for those who run the plan, the number of overdue items (``{% plan_overdue_badge community %}``,
one COUNT query, nothing for anybody else)."""

from django import template

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("plans/_overdue_badge.html", takes_context=True)
def plan_overdue_badge(context, community):
    from pedset.plans import policies, selectors

    overdue = 0
    if policies.can_edit_plan(_user(context), community):
        overdue = selectors.overdue_count(community)
    return {"overdue": overdue}


@register.inclusion_tag("plans/_community_link.html", takes_context=True)
def work_plan_link(context, community):
    return {"community": community, "request": context.get("request")}

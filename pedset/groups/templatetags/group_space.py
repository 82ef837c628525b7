"""``{% group_space group %}`` — the group's space on its page (see pedset/groups/space.py)."""

from django import template

register = template.Library()


@register.inclusion_tag("groups/_space.html", takes_context=True)
def group_space(context, group):
    return {"group": group, "request": context.get("request")}

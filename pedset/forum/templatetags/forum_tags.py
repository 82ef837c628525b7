"""Template tags other apps' pages use to point to the forum."""

from django import template

from pedset.forum import policies

register = template.Library()


@register.inclusion_tag("forum/_community_link.html", takes_context=True)
def forum_link(context, community):
    """A «Форум» link on a community's page, for those who may read its forum."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "community": community,
        "can_read": user is not None and policies.can_read_forum(user, community),
    }

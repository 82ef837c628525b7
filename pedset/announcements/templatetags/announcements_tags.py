"""Announcement blocks for pages of other apps: the community page and the home page.

Inclusion tags, so those pages' views need not know about announcements: each block asks the
policies and the selectors itself (one or two queries)."""

from django import template
from django.utils import timezone

from pedset.announcements import policies, selectors

register = template.Library()


@register.inclusion_tag("announcements/_community_block.html", takes_context=True)
def community_announcements(context, community):
    user = context["request"].user
    if not policies.can_read_announcements(user, community):
        return {"visible": False}
    today = selectors.community_today(community)
    pinned, recent = selectors.community_block(community, today)
    return {
        "visible": True,
        "community": community,
        "pinned": pinned,
        "recent": recent,
        "can_publish": policies.can_publish_announcement(user, community),
    }


@register.inclusion_tag("announcements/_home_block.html", takes_context=True)
def my_pinned_announcements(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"pinned": []}
    return {"pinned": selectors.pinned_for_member(user, timezone.localdate())}

"""The personal space on the profile page: ``{% load people_tags %}{% follow_actions person %}``
(follow / unfollow, counts) and ``{% personal_space person %}`` (the parts the reader may see)."""

from django import template

from pedset.people import policies, selectors

register = template.Library()


@register.inclusion_tag("people/_follow_actions.html", takes_context=True)
def follow_actions(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    is_self = bool(user is not None and user.is_authenticated and user.pk == person.pk)
    following_count, followers_count = selectors.follow_counts(person)
    is_following = selectors.is_following(user, person) if not is_self else False
    return {
        "person": person,
        "csrf_token": context.get("csrf_token"),
        "is_self": is_self,
        "can_follow": not is_following and policies.can_follow(user, person),
        "is_following": is_following,
        "following_count": following_count,
        "followers_count": followers_count,
    }


@register.inclusion_tag("people/_space.html", takes_context=True)
def personal_space(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    is_owner = bool(user is not None and user.is_authenticated and user.pk == person.pk)
    return {
        "person": person,
        "parts": selectors.space_of(user, person),
        "is_owner": is_owner,
        "request": request,
    }


@register.filter
def level_label(level):
    return selectors.level_label(level)

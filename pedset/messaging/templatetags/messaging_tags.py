"""Messaging pieces other apps' pages include (the profile page's «Написать сообщение»)."""

from django import template

from pedset.messaging import policies

register = template.Library()


@register.inclusion_tag("messaging/_profile_actions.html", takes_context=True)
def messaging_profile_actions(context, person):
    """«Написать сообщение» and «Заблокировать»/«Разблокировать» for another person's profile."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk == person.pk:
        return {"show": False}
    # can_write_to first: its one query also answers has_blocked.
    can_write = policies.can_write_to(user, person)
    can_block = policies.can_block_person(user, person)
    return {
        "show": True,
        "person": person,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "can_write": can_write,
        "can_block": can_block,
        "is_blocked": can_block and policies.has_blocked(user, person),
    }


@register.inclusion_tag("messaging/_nav_item.html", takes_context=True)
def messaging_nav_item(context):
    """The header's «Личные сообщения» link with the unread badge (one query)."""
    from pedset.messaging.selectors import unread_total

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_total(user)}

"""The rooms panel of an event page (events/detail.html includes it with `{% rooms_panel event %}`).

Shows nothing to those who may neither enter nor set up the room (never a join button to a
non-participant). To those who may enter: the «Enter the room» button (a POST) while the room is
open, otherwise when it opens or that it has closed. To those who run the event: the link to set
the room up, and for BigBlueButton the buttons to end the meeting and fetch the recording.
Two or three queries: the room, the viewer's registration and roles (memoised by the policies).
"""

from django import template
from django.contrib.auth.models import AnonymousUser

from pedset.rooms import policies, services
from pedset.rooms.models import Provider, Room

register = template.Library()


@register.inclusion_tag("rooms/_panel.html", takes_context=True)
def rooms_panel(context, event):
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    can_configure = policies.can_configure_room(user, event)
    can_join = policies.can_join_room(user, event)
    if not (can_configure or can_join):
        return {"visible": False}
    room = Room.objects.filter(event_id=event.pk).first()
    if room is None and not event.needs_room:
        return {"visible": False}
    state = services.window_state(event)
    moderator = policies.joins_as_moderator(user, event)
    return {
        "visible": True,
        "event": event,
        "room": room,
        "state": state,
        "can_join": can_join,
        "can_configure": can_configure,
        "moderator": moderator,
        "ended": room is not None and room.ended_at is not None,
        "opens_message": services.not_yet_open_message(event) if state == "before" else "",
        "is_bbb": room is not None and room.provider == Provider.BIGBLUEBUTTON,
        "request": request,
    }

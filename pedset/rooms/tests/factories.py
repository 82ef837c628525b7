"""Rooms for tests: an event's room of a given provider, and the moments of its window."""

import datetime

from django.conf import settings

from pedset.rooms.models import Provider, Room


def room_for(event, provider=Provider.LINK, **fields) -> Room:
    defaults = {
        "meeting_id": f"pedset-{event.pk:032x}",
        "external_url": "https://telemost.yandex.ru/j/12345678901234"
        if provider == Provider.LINK
        else "",
        "attendee_secret": "attendee-secret" if provider == Provider.BIGBLUEBUTTON else "",
        "moderator_secret": "moderator-secret" if provider == Provider.BIGBLUEBUTTON else "",
    }
    return Room.objects.create(event=event, provider=provider, **{**defaults, **fields})


def opens_at(event) -> datetime.datetime:
    return event.starts_at - datetime.timedelta(minutes=settings.ROOM_OPENS_MINUTES_BEFORE)


def closes_at(event) -> datetime.datetime:
    return event.ends_at + datetime.timedelta(minutes=settings.ROOM_CLOSES_MINUTES_AFTER)

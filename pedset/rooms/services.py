"""Every write of online rooms.

- room_configure — those who run an event choose the conferencing system (BigBlueButton or
  Jitsi Meet when the platform has them set up, a plain link always) and, for a link, its address.
- room_join — the join address for one person, issued only to those the policy lets in and only
  within the window (ROOM_OPENS_MINUTES_BEFORE the start … ROOM_CLOSES_MINUTES_AFTER the end).
  For BigBlueButton the meeting is created on the server at each join (`create` is idempotent:
  the first call creates it, the next ones confirm it, and a meeting that expired or was ended
  is created again). The join is recorded (RoomJoin) and marks the attendance of participants
  through `pedset.events.services.attendance_mark` (organisers, speakers and managers enter as
  moderators and are not participants).
- room_end — ends the BigBlueButton meeting; participants cannot enter again until a moderator
  does.
- recordings_fetch — asks BigBlueButton for the event's recordings and keeps the first playback
  address as the event's recording link.

Calls to the conferencing server are made outside the database transaction (a slow server must
not hold row locks); what they produce is written afterwards in one transaction.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from pedset.communities.services import ActionRefused
from pedset.core.audit import audit_record
from pedset.events.models import Event
from pedset.events.services import attendance_mark
from pedset.events.templatetags.events_tags import zone_abbreviation
from pedset.rooms import jitsi, policies
from pedset.rooms.bigbluebutton import BigBlueButton, RoomUnavailable
from pedset.rooms.models import Provider, Room, RoomJoin

__all__ = ["ActionRefused", "RoomUnavailable"]

EXTERNAL_URL_MAX = Room._meta.get_field("external_url").max_length
BBB_NAME_MAX = 250


# --- What the platform offers and when -------------------------------------------------------


def available_providers() -> list[str]:
    """The conferencing systems set up on this platform (a plain link always)."""
    providers = []
    if settings.BBB_URL and settings.BBB_SECRET:
        providers.append(Provider.BIGBLUEBUTTON)
    if settings.JITSI_URL:
        providers.append(Provider.JITSI)
    providers.append(Provider.LINK)
    return providers


def window(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    """When the room can be entered: (opens, closes)."""
    opens = event.starts_at - datetime.timedelta(minutes=settings.ROOM_OPENS_MINUTES_BEFORE)
    closes = event.ends_at + datetime.timedelta(minutes=settings.ROOM_CLOSES_MINUTES_AFTER)
    return opens, closes


def window_state(event: Event, now=None) -> str:
    """ "before", "open" or "after"."""
    now = now or timezone.now()
    opens, closes = window(event)
    if now < opens:
        return "before"
    return "open" if now <= closes else "after"


def opening_time(event: Event, now=None) -> tuple[str, str]:
    """(date, time) the room opens in the reader's zone, written as on the event's page: ("",
    "13:45 МСК") today, ("5 октября", "19:45 ЯКТ") on another day."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    opens = window(event)[0].astimezone(zone)
    time = f"{dateformat.format(opens, 'H:i')} {zone_abbreviation(zone, opens)}"
    if opens.date() == now.astimezone(zone).date():
        return "", time
    return dateformat.format(opens, "j E"), time


def not_yet_open_message(event: Event, now=None) -> str:
    minutes = settings.ROOM_OPENS_MINUTES_BEFORE
    date, time = opening_time(event, now)
    if not date:
        return ngettext(
            "Entry to the room opens %(minutes)s minute before the start (at %(time)s).",
            "Entry to the room opens %(minutes)s minutes before the start (at %(time)s).",
            minutes,
        ) % {"minutes": minutes, "time": time}
    return ngettext(
        "Entry to the room opens %(minutes)s minute before the start (on %(date)s at %(time)s).",
        "Entry to the room opens %(minutes)s minutes before the start (on %(date)s at %(time)s).",
        minutes,
    ) % {"minutes": minutes, "date": date, "time": time}


# --- Writes -----------------------------------------------------------------------------------


def clean_external_url(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(_("Give the link to the room."))
    if len(value) > EXTERNAL_URL_MAX:
        raise ActionRefused(
            _("The link is too long (at most %(max)s characters).") % {"max": EXTERNAL_URL_MAX}
        )
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise ActionRefused(
            _("The link must be a web address starting with https:// or http://.")
        ) from None
    return value


def _new_meeting_id() -> str:
    """Random and unguessable (128 bits), lowercase: Jitsi lowercases room names."""
    return f"pedset-{secrets.token_hex(16)}"


@transaction.atomic
def room_configure(*, actor, event: Event, provider: str, external_url: str = "") -> Room:
    if not policies.can_configure_room(actor, event):
        raise PermissionDenied
    if provider not in available_providers():
        raise ActionRefused(_("This conferencing system is not set up on the platform."))
    external_url = clean_external_url(external_url) if provider == Provider.LINK else ""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    room = Room.objects.filter(event=locked).first() or Room(event=locked)
    changed_provider = room.pk is not None and room.provider != provider
    room.provider = provider
    room.external_url = external_url
    if not room.meeting_id:
        room.meeting_id = _new_meeting_id()
    if provider == Provider.BIGBLUEBUTTON:
        room.attendee_secret = room.attendee_secret or secrets.token_hex(16)
        room.moderator_secret = room.moderator_secret or secrets.token_hex(16)
    if changed_provider:
        room.created_on_server_at = None
        room.ended_at = None
    room.save()
    # The link itself is not written to the log: it may carry the meeting's password.
    audit_record(
        "room_configured",
        actor=actor,
        community=event.community,
        target=event,
        data={"provider": provider},
    )
    return room


def _room_or_refuse(event: Event) -> Room:
    room = Room.objects.filter(event=event).first()
    if room is None:
        raise ActionRefused(_("The organisers have not set up the online room yet."))
    return room


def _bbb_create(room: Room, event: Event) -> None:
    opens, closes = window(event)
    BigBlueButton().create(
        meeting_id=room.meeting_id,
        name=Truncator(event.title).chars(BBB_NAME_MAX),
        attendee_pw=room.attendee_secret,
        moderator_pw=room.moderator_secret,
        welcome=_("Welcome to «%(title)s»!") % {"title": Truncator(event.title).chars(200)},
        record=True,
        # Minutes until the room closes; the server ends the meeting then.
        duration=max(1, int((closes - timezone.now()).total_seconds() // 60)),
        logout_url=settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        meta={"bbb-origin": "pedset", "pedset-event": str(event.pk)},
    )


def room_join(*, user, event: Event) -> str:
    """The address to send the person's browser to. Raises PermissionDenied for those who may
    not enter, ActionRefused outside the window or before the room is set up, RoomUnavailable
    when the conferencing server does not answer (nothing is recorded then)."""
    if not policies.can_join_room(user, event):
        raise PermissionDenied
    moderator = policies.joins_as_moderator(user, event)
    room = _room_or_refuse(event)
    now = timezone.now()
    state = window_state(event, now)
    if state == "before":
        raise ActionRefused(not_yet_open_message(event, now))
    if state == "after":
        raise ActionRefused(_("The event is over: its room is closed."))
    if room.ended_at is not None and not moderator:
        raise ActionRefused(
            _("The organisers have ended the meeting. Ask them if it is going to continue.")
        )

    if room.provider == Provider.BIGBLUEBUTTON:
        if Provider.BIGBLUEBUTTON not in available_providers():
            raise RoomUnavailable()
        _bbb_create(room, event)
        url = BigBlueButton().join_url(
            meeting_id=room.meeting_id,
            full_name=user.get_full_name() or pgettext("room", "Participant"),
            moderator=moderator,
            password=room.moderator_secret if moderator else room.attendee_secret,
            user_id=f"pedset-{user.pk}",
        )
    elif room.provider == Provider.JITSI:
        if Provider.JITSI not in available_providers():
            raise RoomUnavailable()
        url = jitsi.room_url(
            room=room.meeting_id, user=user, moderator=moderator, expires_at=window(event)[1]
        )
    else:
        if not room.external_url:
            raise ActionRefused(_("The organisers have not set up the online room yet."))
        url = room.external_url

    with transaction.atomic():
        RoomJoin.objects.create(room=room, user=user, as_moderator=moderator)
        fields = {}
        if room.provider == Provider.BIGBLUEBUTTON and room.created_on_server_at is None:
            fields["created_on_server_at"] = now
        if room.ended_at is not None:  # a moderator opened the meeting again
            fields["ended_at"] = None
        if fields:
            Room.objects.filter(pk=room.pk).update(**fields)
        # Participants are marked; those who run the event only when they registered too.
        if policies.joins_as_participant(user, event) and (
            not moderator or policies.is_registered(user, event)
        ):
            attendance_mark(event=event, user=user, source="room")
    return url


def room_end(*, actor, event: Event) -> Room:
    """Ends the BigBlueButton meeting (for Jitsi and links only marks the room as ended)."""
    if not policies.can_configure_room(actor, event):
        raise PermissionDenied
    room = _room_or_refuse(event)
    running = False
    if room.provider == Provider.BIGBLUEBUTTON:
        if Provider.BIGBLUEBUTTON not in available_providers():
            raise RoomUnavailable()
        running = BigBlueButton().end(meeting_id=room.meeting_id, password=room.moderator_secret)
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        room.ended_at = timezone.now()
        room.save(update_fields=["ended_at"])
        audit_record(
            "room_ended",
            actor=actor,
            community=event.community,
            target=event,
            data={"provider": room.provider, "was_running": running},
        )
    return room


def recording_save(*, actor, event: Event, url: str) -> Event:
    """Keeps the address as the event's recording link (the events app has no service for it)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        locked.recording_url = url
        locked.save(update_fields=["recording_url", "updated_at"])
        audit_record(
            "room_recording_saved",
            actor=actor,
            community=event.community,
            target=event,
            data={"provider": Provider.BIGBLUEBUTTON},
        )
    event.recording_url = url
    return event


def recordings_fetch(*, actor, event: Event) -> str:
    """The first playback address of the meeting's recordings, saved as the event's recording
    link; "" when the server has none (yet: processing takes a while after the meeting)."""
    if not policies.can_configure_room(actor, event):
        raise PermissionDenied
    room = _room_or_refuse(event)
    if room.provider != Provider.BIGBLUEBUTTON:
        raise ActionRefused(_("Recordings are fetched only from BigBlueButton."))
    if Provider.BIGBLUEBUTTON not in available_providers():
        raise RoomUnavailable()
    recordings = BigBlueButton().get_recordings(meeting_id=room.meeting_id)
    published = [r for r in recordings if r.url and r.published] or [r for r in recordings if r.url]
    if not published:
        return ""
    first = min(published, key=lambda r: r.start_time)
    try:
        URLValidator(schemes=["https", "http"])(first.url)
    except ValidationError:
        raise RoomUnavailable() from None
    if len(first.url) > Event._meta.get_field("recording_url").max_length:
        raise RoomUnavailable()
    if first.url != event.recording_url:
        recording_save(actor=actor, event=event, url=first.url)
    return first.url

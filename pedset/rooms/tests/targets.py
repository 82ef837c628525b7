"""Targets of the rooms policies for the role × action table (pedset/core/permission_table.py,
targets named "rooms:<name>"). Each takes the table's fresh community and the person in the
actor's position (AnonymousUser for "anonymous") and returns the arguments after the user.
Every event is a published webinar of the community a week ahead, its room an external link,
organised by a separate coordinator; the actor holds no role in it unless the name says so."""

from pedset.events.models import EventForm, EventRole, EventStatus, RegistrationStatus
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.rooms.models import Provider, Room


def _webinar(community, **fields):
    event = EventFactory(community=community, **fields)
    Room.objects.create(
        event=event,
        provider=Provider.LINK,
        meeting_id="pedset-target",
        external_url="https://telemost.yandex.ru/j/12345678901234",
    )
    return event


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def webinar(community, user=None):
    """Registration required; the actor is not registered."""
    return (_webinar(community),)


def registered_webinar(community, user):
    """The actor is registered (REGISTERED)."""
    event = _webinar(community)
    if _signed_in(user):
        registered(event, user)
    return (event,)


def waitlisted_webinar(community, user):
    """The actor is on the waiting list."""
    event = _webinar(community, capacity=1)
    if _signed_in(user):
        registered(event, user, status=RegistrationStatus.WAITLISTED)
    return (event,)


def open_webinar(community, user=None):
    """No registration needed: the audience (the community's members) enters."""
    return (_webinar(community, registration_required=False),)


def speaker_webinar(community, user):
    """The actor is a speaker of the webinar."""
    event = _webinar(community)
    if _signed_in(user):
        event_person(event, EventRole.SPEAKER, user=user)
    return (event,)


def draft_webinar(community, user):
    """A draft (not announced); the actor is registered, as if it had been announced before."""
    event = _webinar(community, status=EventStatus.DRAFT, published_at=None)
    if _signed_in(user):
        registered(event, user)
    return (event,)


def cancelled_webinar(community, user):
    """A cancelled webinar; the actor had registered."""
    event = _webinar(community, status=EventStatus.CANCELLED)
    if _signed_in(user):
        registered(event, user)
    return (event,)


def contest(community, user=None):
    """A contest: not a form held in an online room."""
    return (EventFactory(community=community, form=EventForm.CONTEST),)

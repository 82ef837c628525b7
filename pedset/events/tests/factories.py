"""Factories of events. Other apps' tests use EventFactory, registered() and past_event();
extend freely, keep these names and defaults."""

import datetime

import factory
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events.models import (
    Audience,
    Event,
    EventForm,
    EventPerson,
    EventRole,
    EventStatus,
    Registration,
    RegistrationStatus,
)


def _in_days(days: int, hours: int = 0):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + datetime.timedelta(days=days, hours=hours)


class EventFactory(factory.django.DjangoModelFactory):
    """A published webinar of the community a week ahead, 1.5 hours long, open to its members."""

    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    form = EventForm.WEBINAR
    title = factory.Sequence(lambda n: f"Вебинар «Функциональная грамотность на уроках», № {n}")
    description = "Разберём приёмы формирования читательской грамотности на уроках."
    starts_at = factory.LazyFunction(lambda: _in_days(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=90))
    status = EventStatus.PUBLISHED
    audience = Audience.COMMUNITY
    registration_required = True
    capacity = None
    created_by = factory.LazyAttribute(
        lambda o: MembershipFactory(community=o.community, role="coordinator").user
    )
    published_at = factory.LazyFunction(timezone.now)


def past_event(**fields) -> Event:
    """An event that ended yesterday."""
    starts_at = _in_days(-1, hours=-2)
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=90), **fields
    )


def registered(event: Event, user=None, *, attended: bool = False, **fields) -> Registration:
    """An active member of the event's community registered for it (attended if asked).
    Bypasses the services: counters on the event are updated here the same way."""
    if user is None:
        user = MembershipFactory(community=event.community).user
    now = timezone.now()
    registration = Registration.objects.create(
        event=event,
        user=user,
        status=fields.pop("status", RegistrationStatus.REGISTERED),
        registered_at=fields.pop("registered_at", now),
        attended_at=now if attended else None,
        attendance_source=Registration.AttendanceSource.MARKED if attended else "",
        **fields,
    )
    if registration.status == RegistrationStatus.REGISTERED:
        Event.objects.filter(pk=event.pk).update(registered_count=event.registered_count + 1)
        event.registered_count += 1
    elif registration.status == RegistrationStatus.WAITLISTED:
        Event.objects.filter(pk=event.pk).update(waitlist_count=event.waitlist_count + 1)
        event.waitlist_count += 1
    return registration


def event_person(event: Event, role=EventRole.SPEAKER, user=None, **fields) -> EventPerson:
    if user is None:
        user = MembershipFactory(community=event.community).user
    return EventPerson.objects.create(event=event, user=user, role=role, **fields)

"""Every write of events, each in one transaction.

An event is created as a draft (event_create, the creator becomes its first organiser),
changed (event_update), announced (event_publish) and perhaps cancelled (event_cancel, with a
reason; the people registered are told). Organisers and speakers are added and removed
(event_person_add / event_person_remove); materials are files, links or materials of the bank
(event_material_add_* / event_material_remove); the recording link is set after the event
(event_recording_set; the participants are told).

Registration keeps the event's counters (registered_count, waitlist_count) under the event's
row lock (select_for_update), so concurrent registrations never exceed the capacity and the
waiting list moves up in the order people joined it: a registered person's cancellation and a
larger capacity both promote the first in the list, who is told. A smaller capacity never drops
anyone already registered.

Attendance is marked by the online room (attendance_mark, source "room") or by the organisers
on the manage page (attendance_set). Searchable changes tell the search index after commit;
accountable ones are written to the audit log.
"""

from __future__ import annotations

import logging
import secrets
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pedset.communities.services import ActionRefused
from pedset.core import uploads as core_uploads
from pedset.core.audit import audit_record
from pedset.core.notify import notify, notify_many
from pedset.core.policies import is_active_user
from pedset.core.text import printable
from pedset.events import policies
from pedset.events.models import (
    CONSULTATION_FORMS,
    SUBMISSION_FORMS,
    Audience,
    CalendarFeed,
    Event,
    EventForm,
    EventMaterial,
    EventPerson,
    EventRole,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from pedset.search.index import schedule_update

__all__ = [
    "ActionRefused",
    "attendance_mark",
    "attendance_set",
    "calendar_feed_for",
    "calendar_feed_reset",
    "event_cancel",
    "event_create",
    "event_material_add_file",
    "event_material_add_link",
    "event_material_add_material",
    "event_material_remove",
    "event_person_add",
    "event_person_remove",
    "event_publish",
    "event_recording_set",
    "event_update",
    "registration_cancel",
    "registration_register",
]

logger = logging.getLogger(__name__)

TITLE_MAX = Event._meta.get_field("title").max_length
DESCRIPTION_MAX = Event._meta.get_field("description").max_length
VENUE_MAX = Event._meta.get_field("venue").max_length
URL_MAX = Event._meta.get_field("recording_url").max_length
REASON_MAX = Event._meta.get_field("cancellation_reason").max_length
TOPIC_MAX = EventPerson._meta.get_field("topic").max_length
MATERIAL_TITLE_MAX = EventMaterial._meta.get_field("title").max_length
PEOPLE_MAX = 50
MATERIALS_MAX = 30
ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)

# Which optional parts each form of activity has (the edit page asks only for these).
VENUE = "venue"
REGISTRATION = "registration"
SUBMISSIONS = "submissions"


def form_parts(form: str) -> frozenset[str]:
    """The optional parts of an event of this form: a venue (anything but a consultation line,
    which lives on the site), registration with places (not for a consultation line: anyone of
    the audience asks), the date until which entries are accepted (contests, festivals,
    projects)."""
    parts = set()
    if form not in CONSULTATION_FORMS:
        parts |= {VENUE, REGISTRATION}
    if form in SUBMISSION_FORMS:
        parts.add(SUBMISSIONS)
    return frozenset(parts)


@dataclass
class EventInput:
    """What the create and edit pages send; the service checks it again."""

    title: str
    starts_at: object
    ends_at: object
    description: str = ""
    venue: str = ""
    audience: str = Audience.COMMUNITY
    invited_organisations: Iterable = ()
    registration_required: bool = True
    capacity: int | None = None
    registration_closes_at: object = None
    submissions_close_at: object = None


# --- Checks shared with the forms --------------------------------------------------------------


def check_url(url: str) -> str:
    """An http(s) address or ""; anything else is refused (javascript:, ftp:, a bare word)."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise ActionRefused(_("The link is too long: at most %(n)s characters.") % {"n": URL_MAX})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ActionRefused(
            _("The link must be a web address starting with http:// or https://.")
        ) from None
    return url


def _check_event_input(data: EventInput, form: str) -> EventInput:
    title = " ".join(printable(data.title).split())
    if not title:
        raise ActionRefused(_("Give the event a title."))
    if len(title) > TITLE_MAX:
        raise ActionRefused(
            _("The title is too long: at most %(n)s characters.") % {"n": TITLE_MAX}
        )
    description = printable(data.description).strip()
    if len(description) > DESCRIPTION_MAX:
        raise ActionRefused(
            _("The description is too long: at most %(n)s characters.") % {"n": DESCRIPTION_MAX}
        )
    if data.starts_at is None or data.ends_at is None:
        raise ActionRefused(_("Give the start and the end of the event."))
    if data.ends_at <= data.starts_at:
        raise ActionRefused(_("The event must end after it starts."))
    parts = form_parts(form)
    venue = " ".join(printable(data.venue).split()) if VENUE in parts else ""
    if len(venue) > VENUE_MAX:
        raise ActionRefused(
            _("The venue is too long: at most %(n)s characters.") % {"n": VENUE_MAX}
        )
    if data.audience not in Audience.values:
        raise ActionRefused(_("Choose the audience of the event."))
    organisations = list(data.invited_organisations or ())
    if organisations and data.audience != Audience.INVITED:
        raise ActionRefused(
            _(
                "Organisations are invited only when the audience is «members of the community "
                "and staff of invited organisations»."
            )
        )
    if data.audience == Audience.INVITED and not organisations:
        raise ActionRefused(_("Choose at least one invited organisation."))
    registration_required = bool(data.registration_required) and REGISTRATION in parts
    capacity = data.capacity if registration_required else None
    if capacity is not None and capacity < 1:
        raise ActionRefused(_("The number of places must be at least 1 (or empty: no limit)."))
    closes_at = data.registration_closes_at if registration_required else None
    if closes_at is not None and closes_at >= data.ends_at:
        raise ActionRefused(_("Registration must close before the event ends."))
    submissions_close_at = data.submissions_close_at if SUBMISSIONS in parts else None
    return EventInput(
        title=title,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        description=description,
        venue=venue,
        audience=data.audience,
        invited_organisations=organisations,
        registration_required=registration_required,
        capacity=capacity,
        registration_closes_at=closes_at,
        submissions_close_at=submissions_close_at,
    )


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def _language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _when_text(event: Event, zone_name: str) -> str:
    """«5 марта 2026, 14:00 МСК» in the reader's zone, for notifications."""
    from pedset.events.templatetags.events_tags import zone_abbreviation

    zone = _zone(zone_name)
    start = event.starts_at.astimezone(zone)
    return f"{dateformat.format(start, 'j E Y, H:i')} {zone_abbreviation(zone, start)}"


def _tell(people_ids, event: Event, title_of, body_of=None, *, url: str | None = None) -> None:
    """Notify people (kind "event") in their own language and time zone: one notify_many per
    (language, zone) group. ``title_of``/``body_of`` are called with the zone name inside the
    group's language."""
    User = get_user_model()
    groups: dict[tuple[str, str], list[int]] = {}
    people = User.objects.filter(pk__in=list(people_ids), is_active=True).values_list(
        "pk", "language", "time_zone"
    )
    for pk, language, zone in people:
        groups.setdefault((language or settings.LANGUAGE_CODE, zone or ""), []).append(pk)
    for (language, zone), ids in groups.items():
        with translation.override(language):
            notify_many(
                ids,
                kind="event",
                title=Truncator(title_of(zone)).chars(300),
                body=body_of(zone) if body_of else "",
                url=url or event_url(event),
            )


def _active_people(event: Event):
    return Registration.objects.filter(event=event, status__in=ACTIVE).values_list(
        "user_id", flat=True
    )


# --- Events ------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, actor, community, form: str, data: EventInput, plan_item=None) -> Event:
    """A draft event of the community; the creator becomes its first organiser."""
    if not policies.can_create_event(actor, community):
        raise PermissionDenied
    if form not in EventForm.values:
        raise ActionRefused(_("Choose the form of the event."))
    data = _check_event_input(data, form)
    if plan_item is not None and plan_item.plan.community_id != community.pk:
        raise ActionRefused(_("The item of the work plan belongs to another community."))
    event = Event.objects.create(
        community=community,
        form=form,
        title=data.title,
        description=data.description,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue=data.venue,
        audience=data.audience,
        registration_required=data.registration_required,
        capacity=data.capacity,
        registration_closes_at=data.registration_closes_at,
        submissions_close_at=data.submissions_close_at,
        plan_item=plan_item,
        created_by=actor,
    )
    event.invited_organisations.set(data.invited_organisations)
    EventPerson.objects.create(event=event, user=actor, role=EventRole.ORGANISER, position=0)
    audit_record(
        "event_created",
        actor=actor,
        community=community,
        target=event,
        data={"form": form, "plan_item": getattr(plan_item, "pk", None)},
    )
    schedule_update("event", event.pk)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: EventInput) -> Event:
    """Changes the details. A new time is told to everyone registered or waiting; a larger
    capacity moves the waiting list up; a smaller one drops nobody."""
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    locked = Event.objects.select_for_update().get(pk=event.pk)
    data = _check_event_input(data, locked.form)
    time_changed = (locked.starts_at, locked.ends_at) != (data.starts_at, data.ends_at)
    changed = []
    for name in (
        "title",
        "description",
        "starts_at",
        "ends_at",
        "venue",
        "audience",
        "registration_required",
        "capacity",
        "registration_closes_at",
        "submissions_close_at",
    ):
        value = getattr(data, name)
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    locked.save()
    locked.invited_organisations.set(data.invited_organisations)
    promoted = _promote(locked)
    if time_changed and locked.status == EventStatus.PUBLISHED:
        title = locked.title
        _tell(
            _active_people(locked),
            locked,
            lambda zone: _("The time of the event «%(title)s» has changed") % {"title": title},
            lambda zone: _("New time: %(when)s.") % {"when": _when_text(locked, zone)},
        )
    audit_record(
        "event_updated",
        actor=actor,
        community=locked.community,
        target=locked,
        data={"fields": changed, "promoted": promoted},
    )
    schedule_update("event", locked.pk)
    _refresh(event, locked)
    return event


def _refresh(event: Event, locked: Event) -> None:
    """The caller's object gets what the locked copy now holds."""
    for field in Event._meta.concrete_fields:
        setattr(event, field.attname, getattr(locked, field.attname))
    event.__dict__.pop("_pedset_registrations", None)


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    """The draft is announced: the community and its audience see it and may register."""
    if not policies.can_publish_event(actor, event):
        raise PermissionDenied
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != EventStatus.DRAFT:
        raise ActionRefused(_("The event is already announced."))
    if locked.ends_at <= timezone.now():
        raise ActionRefused(_("The event has already ended: change its time before announcing it."))
    locked.status = EventStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_record("event_published", actor=actor, community=locked.community, target=locked)
    schedule_update("event", locked.pk)
    _refresh(event, locked)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancels the event with a reason; everyone registered or waiting is told."""
    if not policies.can_cancel_event(actor, event):
        raise PermissionDenied
    reason = printable(reason).strip()
    if not reason:
        raise ActionRefused(_("Say why the event is cancelled: the participants will read it."))
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("The reason is too long: at most %(n)s characters.") % {"n": REASON_MAX}
        )
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise ActionRefused(_("The event is already cancelled."))
    was_published = locked.status == EventStatus.PUBLISHED
    locked.status = EventStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancellation_reason = reason
    locked.save(update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"])
    if was_published:
        title = locked.title
        _tell(
            _active_people(locked),
            locked,
            lambda zone: _("The event «%(title)s» is cancelled") % {"title": title},
            lambda zone: _("Reason: %(reason)s") % {"reason": reason},
        )
    audit_record(
        "event_cancelled", actor=actor, community=locked.community, target=locked, reason=reason
    )
    schedule_update("event", locked.pk)
    _refresh(event, locked)
    return event


# --- Organisers and speakers -------------------------------------------------------------------


@transaction.atomic
def event_person_add(*, actor, event: Event, user, role: str, topic: str = "") -> EventPerson:
    """Names an organiser or a speaker (with the topic of the talk). Only active people of the
    event's audience (the community's members, the invited organisations' staff, anyone for an
    event open to everyone)."""
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    if role not in EventRole.values:
        raise ActionRefused(_("Choose the role: organiser or speaker."))
    topic = " ".join(printable(topic).split()) if role == EventRole.SPEAKER else ""
    if len(topic) > TOPIC_MAX:
        raise ActionRefused(
            _("The topic is too long: at most %(n)s characters.") % {"n": TOPIC_MAX}
        )
    if user is None or not is_active_user(user) or not policies.in_audience(user, event):
        raise ActionRefused(
            _("Only an active member of the community or of the event's audience can be named.")
        )
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if EventPerson.objects.filter(event=locked).count() >= PEOPLE_MAX:
        raise ActionRefused(
            _("An event has at most %(n)s organisers and speakers.") % {"n": PEOPLE_MAX}
        )
    if EventPerson.objects.filter(event=locked, user=user, role=role).exists():
        raise ActionRefused(_("This person already has this role in the event."))
    last = EventPerson.objects.filter(event=locked, role=role).order_by("-position").first()
    try:
        with transaction.atomic():
            person = EventPerson.objects.create(
                event=locked,
                user=user,
                role=role,
                topic=topic,
                position=(last.position + 1) if last else 0,
            )
    except IntegrityError:
        raise ActionRefused(_("This person already has this role in the event.")) from None
    event.__dict__.pop("_pedset_people_roles", None)
    audit_record(
        "event_person_added",
        actor=actor,
        community=locked.community,
        target=locked,
        subject_user=user,
        data={"role": role},
    )
    if user.pk != getattr(actor, "pk", None):
        with translation.override(_language_of(user)):
            notify(
                user,
                kind="event",
                title=Truncator(
                    (
                        _("You are named an organiser of the event «%(title)s»")
                        if role == EventRole.ORGANISER
                        else _("You are named a speaker of the event «%(title)s»")
                    )
                    % {"title": locked.title}
                ).chars(300),
                url=event_url(locked),
            )
    return person


@transaction.atomic
def event_person_remove(*, actor, person: EventPerson) -> None:
    event = person.event
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if (
        person.role == EventRole.ORGANISER
        and EventPerson.objects.filter(event=locked, role=EventRole.ORGANISER).count() <= 1
    ):
        raise ActionRefused(_("An event keeps at least one organiser."))
    EventPerson.objects.filter(pk=person.pk).delete()
    event.__dict__.pop("_pedset_people_roles", None)
    audit_record(
        "event_person_removed",
        actor=actor,
        community=locked.community,
        target=locked,
        subject_user=person.user_id,
        data={"role": person.role},
    )


# --- Registration ------------------------------------------------------------------------------


def _locked(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event.pk)
    )


def _has_free_place(locked: Event) -> bool:
    return locked.capacity is None or locked.registered_count < locked.capacity


def _sync_counters(event: Event, locked: Event) -> None:
    locked.refresh_from_db(fields=["registered_count", "waitlist_count"])
    event.registered_count = locked.registered_count
    event.waitlist_count = locked.waitlist_count
    event.__dict__.pop("_pedset_registrations", None)


def _promote(locked: Event) -> int:
    """Moves the waiting list up while there are free places (the event's row is locked).
    Each person promoted is told after commit. Returns how many moved up."""
    if locked.status == EventStatus.CANCELLED or locked.ends_at <= timezone.now():
        return 0
    locked.refresh_from_db(fields=["registered_count", "waitlist_count", "capacity"])
    promoted = []
    now = timezone.now()
    while _has_free_place(locked) and locked.waitlist_count > 0:
        free = None if locked.capacity is None else locked.capacity - locked.registered_count
        waiting = Registration.objects.select_for_update().filter(
            event=locked, status=RegistrationStatus.WAITLISTED
        )
        batch = list(
            waiting.order_by("registered_at", "id")[:free]
            if free is not None
            else waiting.order_by("registered_at", "id")
        )
        if not batch:
            break
        ids = [r.pk for r in batch]
        Registration.objects.filter(pk__in=ids).update(
            status=RegistrationStatus.REGISTERED, promoted_at=now
        )
        Event.objects.filter(pk=locked.pk).update(
            registered_count=F("registered_count") + len(ids),
            waitlist_count=F("waitlist_count") - len(ids),
        )
        locked.refresh_from_db(fields=["registered_count", "waitlist_count"])
        promoted += [r.user_id for r in batch]
    if promoted:
        title = locked.title
        _tell(
            promoted,
            locked,
            lambda zone: (
                _("A place is free: you are registered for «%(title)s»") % {"title": title}
            ),
            lambda zone: (
                _(
                    "You have moved up from the waiting list. The event starts %(when)s. If you "
                    "cannot come, cancel your registration on the event's page: the place goes to "
                    "the next person."
                )
                % {"when": _when_text(locked, zone)}
            ),
        )
    return len(promoted)


@transaction.atomic
def registration_register(*, event: Event, actor) -> Registration:
    """Registers the person, or puts them at the end of the waiting list when the places are
    taken. A person who cancelled may register again (at the end of the list)."""
    if not policies.can_register(actor, event):
        raise PermissionDenied
    locked = _locked(event)
    if not policies.can_register(actor, locked):  # the state may have changed meanwhile
        raise ActionRefused(_("Registration for this event is closed."))
    registration = Registration.objects.select_for_update().filter(event=locked, user=actor).first()
    if registration is not None and registration.status in ACTIVE:
        raise ActionRefused(_("You are already registered for this event."))
    status = (
        RegistrationStatus.REGISTERED if _has_free_place(locked) else RegistrationStatus.WAITLISTED
    )
    if registration is None:
        registration = Registration(event=locked, user=actor)
    registration.status = status
    registration.registered_at = timezone.now()
    registration.promoted_at = None
    registration.cancelled_at = None
    registration.save()
    field = "registered_count" if status == RegistrationStatus.REGISTERED else "waitlist_count"
    Event.objects.filter(pk=locked.pk).update(**{field: F(field) + 1})
    _sync_counters(event, locked)
    return registration


@transaction.atomic
def registration_cancel(*, event: Event, actor) -> Registration:
    """The person gives up the place (or the place in the waiting list); a freed place goes to
    the first in the waiting list."""
    if not policies.can_cancel_registration(actor, event):
        raise ActionRefused(_("You are not registered for this event, or it has already started."))
    locked = _locked(event)
    registration = (
        Registration.objects.select_for_update()
        .filter(event=locked, user=actor, status__in=ACTIVE)
        .first()
    )
    if registration is None:
        raise ActionRefused(_("You are not registered for this event."))
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    field = "registered_count" if was == RegistrationStatus.REGISTERED else "waitlist_count"
    Event.objects.filter(pk=locked.pk).update(**{field: F(field) - 1})
    if was == RegistrationStatus.REGISTERED:
        _promote(locked)
    _sync_counters(event, locked)
    return registration


# --- Attendance --------------------------------------------------------------------------------


def _mark(registration: Registration, *, source: str, actor, now) -> list[str]:
    registration.attended_at = now
    registration.attendance_source = source
    registration.attendance_marked_by = (
        actor if source == Registration.AttendanceSource.MARKED else None
    )
    return ["attended_at", "attendance_source", "attendance_marked_by"]


@transaction.atomic
def attendance_mark(*, event: Event, user, source: str, actor=None) -> Registration | None:
    """Marks that the person attended the event (idempotent: a second mark changes nothing).

    ``source`` is "room" (joined the online room; pedset.rooms calls this) or "marked" (an
    organiser marked them). A registered or waitlisted person is marked (a waitlisted one who
    came is moved to the registered). A person without a registration (or with a cancelled one)
    is registered and marked, unless they are an organiser or a speaker of the event: those are
    not participants and None is returned, as for an inactive account.
    """
    if source not in Registration.AttendanceSource.values:
        raise ValueError(f"unknown attendance source {source!r}")
    if not is_active_user(user):
        return None
    locked = _locked(event)
    registration = Registration.objects.select_for_update().filter(event=locked, user=user).first()
    now = timezone.now()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        if EventPerson.objects.filter(event=locked, user=user).exists():
            return None
        if registration is None:
            registration = Registration(event=locked, user=user)
        registration.registered_at = now
        registration.status = RegistrationStatus.REGISTERED
        registration.cancelled_at = None
        _mark(registration, source=source, actor=actor, now=now)
        registration.save()
        Event.objects.filter(pk=locked.pk).update(registered_count=F("registered_count") + 1)
    else:
        changed = []
        if registration.status == RegistrationStatus.WAITLISTED:
            registration.status = RegistrationStatus.REGISTERED
            registration.promoted_at = now
            changed += ["status", "promoted_at"]
            Event.objects.filter(pk=locked.pk).update(
                registered_count=F("registered_count") + 1, waitlist_count=F("waitlist_count") - 1
            )
        if registration.attended_at is None:
            changed += _mark(registration, source=source, actor=actor, now=now)
        if changed:
            registration.save(update_fields=changed)
    _sync_counters(event, locked)
    return registration


@transaction.atomic
def attendance_set(*, actor, event: Event, attended_ids: Iterable) -> tuple[int, int]:
    """The manage page's list: the registrations ticked are marked as attended, the others
    unmarked. Every id must be a registration (registered or waiting) of this event, else
    nothing changes. Returns (marked, unmarked)."""
    if not policies.can_mark_attendance(actor, event):
        raise PermissionDenied
    try:
        wanted = {int(pk) for pk in attended_ids}
    except (TypeError, ValueError):
        raise ActionRefused(_("The list of participants is damaged: reload the page.")) from None
    locked = _locked(event)
    rows = {
        r.pk: r
        for r in Registration.objects.select_for_update().filter(event=locked, status__in=ACTIVE)
    }
    if not wanted <= set(rows):
        raise ActionRefused(
            _("The list of participants has changed meanwhile: reload the page and mark again.")
        )
    now = timezone.now()
    marked = unmarked = 0
    promoted = []
    for pk, row in rows.items():
        if pk in wanted and row.attended_at is None:
            fields = _mark(row, source=Registration.AttendanceSource.MARKED, actor=actor, now=now)
            if row.status == RegistrationStatus.WAITLISTED:
                row.status = RegistrationStatus.REGISTERED
                row.promoted_at = now
                fields += ["status", "promoted_at"]
                promoted.append(pk)
            row.save(update_fields=fields)
            marked += 1
        elif pk not in wanted and row.attended_at is not None:
            row.attended_at = None
            row.attendance_source = ""
            row.attendance_marked_by = None
            row.save(update_fields=["attended_at", "attendance_source", "attendance_marked_by"])
            unmarked += 1
    if promoted:
        Event.objects.filter(pk=locked.pk).update(
            registered_count=F("registered_count") + len(promoted),
            waitlist_count=F("waitlist_count") - len(promoted),
        )
    if marked or unmarked:
        audit_record(
            "event_attendance_changed",
            actor=actor,
            community=locked.community,
            target=locked,
            data={"marked": marked, "unmarked": unmarked},
        )
    _sync_counters(event, locked)
    return marked, unmarked


@transaction.atomic
def attendance_add(*, actor, event: Event, user) -> Registration:
    """An organiser marks a person who came without registering (a fair, an open day, an event
    with no registration): they are registered and marked present, so they qualify for the
    participant's certificate. Only a person of the audience the manage page offers
    (``selectors.staff_choices``); an organiser or speaker is not a participant."""
    from pedset.events.selectors import staff_choices

    if not policies.can_mark_attendance(actor, event):
        raise PermissionDenied
    if user is None or not staff_choices(event, event.community).filter(pk=user.pk).exists():
        raise ActionRefused(_("This person is not in the audience of the event."))
    registration = attendance_mark(
        event=event, user=user, source=Registration.AttendanceSource.MARKED, actor=actor
    )
    if registration is None:
        raise ActionRefused(
            _("Organisers and speakers are not participants: their certificates are their own.")
        )
    audit_record(
        "event_attendance_changed",
        actor=actor,
        community=event.community,
        target=event,
        data={"marked": 1, "unmarked": 0, "added": True},
    )
    return registration


# --- Materials and the recording ---------------------------------------------------------------


def upload_rules() -> core_uploads.UploadRules:
    """Documents and pictures (programmes, slides, handouts); a video is a link to its hosting
    (the recording link), not a file here."""
    return core_uploads.UploadRules(
        kinds=core_uploads.DOCUMENT_KINDS,
        max_bytes=settings.MATERIAL_FILE_MAX_BYTES,
        max_files=1,
    )


def _check_material_title(title: str, fallback: str) -> str:
    title = " ".join(printable(title).split()) or fallback
    if not title:
        raise ActionRefused(_("Give the material a title."))
    if len(title) > MATERIAL_TITLE_MAX:
        raise ActionRefused(
            _("The title is too long: at most %(n)s characters.") % {"n": MATERIAL_TITLE_MAX}
        )
    return title


def _materials_room(event: Event) -> None:
    if EventMaterial.objects.filter(event=event).count() >= MATERIALS_MAX:
        raise ActionRefused(_("An event has at most %(n)s materials.") % {"n": MATERIALS_MAX})


def _delete_stored(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is what we wanted
            logger.warning("could not delete stored file %s", name)


def event_material_add_file(*, actor, event: Event, upload, title: str = "") -> EventMaterial:
    """A checked file (pedset.core.uploads); a write that fails deletes the stored file."""
    stored: list[str] = []
    try:
        return _material_add_file(
            actor=actor, event=event, upload=upload, title=title, stored=stored
        )
    except BaseException:
        _delete_stored(stored)
        raise


@transaction.atomic
def _material_add_file(*, actor, event, upload, title, stored) -> EventMaterial:
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    if not upload:
        raise ActionRefused(_("Choose a file."))
    try:
        checked = core_uploads.check_upload(upload, upload_rules())
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None
    title = _check_material_title(title, checked.original_name)
    locked = _locked(event)
    _materials_room(locked)
    row = EventMaterial(
        event=locked,
        title=title,
        original_name=checked.original_name,
        size=upload.size,
        added_by=actor,
    )
    upload.seek(0)
    row.file.save(core_uploads.storage_name(checked), upload, save=False)
    stored.append(row.file.name)
    row.save()
    return row


@transaction.atomic
def event_material_add_link(*, actor, event: Event, url: str, title: str = "") -> EventMaterial:
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    url = check_url(url)
    if not url:
        raise ActionRefused(_("Give the address of the link."))
    title = _check_material_title(title, url[:MATERIAL_TITLE_MAX])
    locked = _locked(event)
    _materials_room(locked)
    return EventMaterial.objects.create(event=locked, title=title, url=url, added_by=actor)


@transaction.atomic
def event_material_add_material(*, actor, event: Event, material_id) -> EventMaterial:
    """A material of the bank the person may see (pedset.materials.selectors.visible_materials);
    others see it on the event's page only if they may see it too."""
    from pedset.materials.selectors import visible_materials

    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    material = visible_materials(actor).filter(pk=material_id).first() if material_id else None
    if material is None:
        raise ActionRefused(_("There is no such material in the bank, or you may not see it."))
    locked = _locked(event)
    _materials_room(locked)
    if EventMaterial.objects.filter(event=locked, material=material).exists():
        raise ActionRefused(_("This material is already attached to the event."))
    return EventMaterial.objects.create(
        event=locked, title=material.title[:MATERIAL_TITLE_MAX], material=material, added_by=actor
    )


@transaction.atomic
def event_material_remove(*, actor, item: EventMaterial) -> None:
    if not policies.can_edit_event(actor, item.event):
        raise PermissionDenied
    name = item.file.name if item.file else ""
    EventMaterial.objects.filter(pk=item.pk).delete()
    if name:
        transaction.on_commit(partial(_delete_stored, [name]))


@transaction.atomic
def event_recording_set(*, actor, event: Event, url: str) -> Event:
    """The recording link (http or https; empty removes it). A new link is told to the
    registered participants."""
    if not policies.can_edit_event(actor, event):
        raise PermissionDenied
    url = check_url(url)
    locked = _locked(event)
    if locked.recording_url == url:
        return event
    locked.recording_url = url
    locked.save(update_fields=["recording_url", "updated_at"])
    if url and locked.status == EventStatus.PUBLISHED:
        title = locked.title
        people = Registration.objects.filter(
            event=locked, status=RegistrationStatus.REGISTERED
        ).values_list("user_id", flat=True)
        _tell(
            people,
            locked,
            lambda zone: _("The recording of «%(title)s» is available") % {"title": title},
        )
    event.recording_url = url
    return event


# --- The private calendar feed -----------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_for(user) -> CalendarFeed:
    """The person's feed address, made on first use."""
    if not is_active_user(user):
        raise PermissionDenied
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user, token=_new_token())
        except IntegrityError:  # made by a parallel request
            feed = CalendarFeed.objects.get(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, actor) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    if not is_active_user(actor):
        raise PermissionDenied
    CalendarFeed.objects.filter(user=actor).delete()
    return CalendarFeed.objects.create(user=actor, token=_new_token())

"""Services of events: creating and changing, registration with capacity and the waiting list,
attendance, materials, the recording and the calendar feed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.events import selectors, services
from pedset.events.models import (
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
from pedset.events.tests.factories import EventFactory, event_person, past_event, registered
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

R, W, C = RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


def statuses(event):
    return {r.user_id: r.status for r in Registration.objects.filter(event=event)}


def assert_counters_match(event):
    event.refresh_from_db()
    rows = Registration.objects.filter(event=event)
    assert event.registered_count == rows.filter(status=R).count()
    assert event.waitlist_count == rows.filter(status=W).count()


def notices(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters).order_by("id"))


# --- Creating, changing, announcing, cancelling ------------------------------------------------


def test_coordinator_creates_a_draft_and_becomes_its_organiser(
    community, coordinator, event_input, search_calls
):
    # when the coordinator creates a webinar
    event = services.event_create(
        actor=coordinator, community=community, form=EventForm.WEBINAR, data=event_input()
    )
    # then it is a draft organised by them, audited and sent to the index
    assert event.status == EventStatus.DRAFT
    assert list(EventPerson.objects.filter(event=event).values_list("user_id", "role")) == [
        (coordinator.pk, EventRole.ORGANISER)
    ]
    assert AuditEvent.objects.filter(action="event_created", target_id=str(event.pk)).exists()
    assert ("update", "event", event.pk) in search_calls


def test_control_characters_are_dropped_from_what_is_kept(community, coordinator, event_input):
    # given a title, description and venue with control characters (pasted from old documents)
    data = event_input(
        title="Вебинар\x01 по\x08 чтению",
        description="Строка\x0bодна\r\nстрока две",
        venue="Актовый\x1f зал",
    )
    # when the event is created
    event = services.event_create(
        actor=coordinator, community=community, form=EventForm.SEMINAR, data=data
    )
    # then what is kept can go into DOCX, XLSX and PDF documents (line breaks stay)
    assert event.title == "Вебинар по чтению"
    assert event.description == "Строкаодна\nстрока две"
    assert event.venue == "Актовый зал"


def test_a_member_may_not_create_an_event(community, member, event_input):
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=member, community=community, form=EventForm.WEBINAR, data=event_input()
        )
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Укажите название"),
        ({"title": "Я" * 301}, "слишком длинн"),
        ({"ends_offset": 0}, "заканчиваться позже"),
        ({"ends_offset": -30}, "заканчиваться позже"),
        ({"capacity": 0}, "не меньше 1"),
        ({"closes_offset": 90}, "до окончания"),
        ({"audience": Audience.COMMUNITY, "orgs": True}, "приглашаются, только"),
        ({"audience": Audience.INVITED}, "хотя бы одну"),
        ({"audience": "nobody"}, "аудиторию"),
        ({"description": "ы" * 20001}, "слишком длинн"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(
    community, coordinator, event_input, changes, message
):
    # given input with one mistake
    changes = dict(changes)
    base = event_input()
    if "ends_offset" in changes:
        changes["ends_at"] = base.starts_at + datetime.timedelta(minutes=changes.pop("ends_offset"))
    if "closes_offset" in changes:
        changes["registration_closes_at"] = base.starts_at + datetime.timedelta(
            minutes=changes.pop("closes_offset")
        )
    if changes.pop("orgs", False):
        changes["invited_organisations"] = [OrganisationFactory()]
    # when it is sent, then it is refused with a message and nothing is stored
    with pytest.raises(ActionRefused) as refusal:
        services.event_create(
            actor=coordinator,
            community=community,
            form=EventForm.WEBINAR,
            data=event_input(**changes),
        )
    assert message in refusal.value.message
    assert not Event.objects.exists()


def test_form_specific_fields_apply_only_to_their_forms(community, coordinator, event_input):
    closes = timezone.now() + datetime.timedelta(days=5)
    # a seminar does not take the date of entries; a contest does
    seminar = services.event_create(
        actor=coordinator,
        community=community,
        form=EventForm.SEMINAR,
        data=event_input(submissions_close_at=closes, venue="МБОУ СОШ № 2, актовый зал"),
    )
    contest = services.event_create(
        actor=coordinator,
        community=community,
        form=EventForm.CONTEST,
        data=event_input(submissions_close_at=closes, capacity=10),
    )
    # a consultation line has neither registration nor places nor a venue
    line = services.event_create(
        actor=coordinator,
        community=community,
        form=EventForm.CONSULTATION_LINE,
        data=event_input(capacity=5, venue="кабинет 12", registration_required=True),
    )
    assert seminar.submissions_close_at is None and seminar.venue == "МБОУ СОШ № 2, актовый зал"
    assert contest.submissions_close_at == closes and contest.capacity == 10
    assert (line.registration_required, line.capacity, line.venue) == (False, None, "")


def test_invited_organisations_are_kept_for_the_invited_audience(
    community, coordinator, event_input
):
    school = OrganisationFactory()
    event = services.event_create(
        actor=coordinator,
        community=community,
        form=EventForm.WEBINAR,
        data=event_input(audience=Audience.INVITED, invited_organisations=[school]),
    )
    assert list(event.invited_organisations.all()) == [school]


def test_a_plan_item_of_another_community_is_refused(community, coordinator, event_input):
    from pedset.plans.models import PlanItem, WorkPlan

    other_plan = WorkPlan.objects.create(community=CommunityFactory(), year=2026)
    item = PlanItem.objects.create(
        plan=other_plan,
        form=EventForm.SEMINAR,
        topic="Семинар",
        starts_on=datetime.date(2026, 3, 5),
        ends_on=datetime.date(2026, 3, 5),
    )
    with pytest.raises(ActionRefused):
        services.event_create(
            actor=coordinator,
            community=community,
            form=EventForm.SEMINAR,
            data=event_input(),
            plan_item=item,
        )
    assert not Event.objects.exists()


def test_publish_then_cancel_tells_everyone_registered_or_waiting(
    community, coordinator, members, event_input, search_calls
):
    # given an announced event with one place: one registered, one waiting
    event = services.event_create(
        actor=coordinator,
        community=community,
        form=EventForm.SEMINAR,
        data=event_input(capacity=1),
    )
    services.event_publish(actor=coordinator, event=event)
    first, second, bystander = members(3)
    services.registration_register(event=event, actor=first)
    services.registration_register(event=event, actor=second)
    # when the coordinator cancels it with a reason
    services.event_cancel(actor=coordinator, event=event, reason="Карантин в школах района")
    # then it is cancelled and both registered and waiting people are told, nobody else
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancellation_reason == "Карантин в школах района"
    for person in (first, second):
        (notice,) = notices(person, kind="event")
        assert notice.title == f"Мероприятие «{event.title}» отменено"
        assert "Карантин" in notice.body
    assert notices(bystander) == []
    assert search_calls.count(("update", "event", event.pk)) == 3


def test_cancel_needs_a_reason(community, coordinator):
    event = EventFactory(community=community)
    with pytest.raises(ActionRefused):
        services.event_cancel(actor=coordinator, event=event, reason="  ")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_a_new_time_is_told_to_registered_people_in_their_zone(
    community, coordinator, member, event_input
):
    # given a registered member living in Yakutia
    member.time_zone = "Asia/Yakutsk"
    member.save()
    event = EventFactory(community=community)
    services.registration_register(event=event, actor=member)
    # when the event moves to 14:00 Moscow time
    starts = datetime.datetime(2031, 3, 5, 11, 0, tzinfo=datetime.UTC)
    data = event_input(
        title=event.title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    services.event_update(actor=coordinator, event=event, data=data)
    # then the member is told the new time in their own zone
    (notice,) = notices(member, kind="event")
    assert "20:00" in notice.body and "ЯКТ" in notice.body


def test_changing_only_the_title_tells_nobody(community, coordinator, member, event_input):
    event = EventFactory(community=community)
    services.registration_register(event=event, actor=member)
    data = event_input(title="Новое название", starts_at=event.starts_at, ends_at=event.ends_at)
    services.event_update(actor=coordinator, event=event, data=data)
    assert notices(member) == []
    assert Event.objects.get(pk=event.pk).title == "Новое название"


# --- Registration and the waiting list ---------------------------------------------------------


def test_capacity_then_waiting_list_in_order(community, members):
    # given an event with 2 places and 5 members
    event = EventFactory(community=community, capacity=2)
    people = members(5)
    # when all of them register one after another
    results = [services.registration_register(event=event, actor=p).status for p in people]
    # then the first two are registered and the other three wait, in the order they came
    assert results == [R, R, W, W, W]
    waiting = [
        r.user_id
        for r in Registration.objects.filter(event=event, status=W).order_by("registered_at", "id")
    ]
    assert waiting == [p.pk for p in people[2:]]
    assert selectors.waitlist_position(Registration.objects.get(event=event, user=people[4])) == 3
    assert_counters_match(event)


def test_a_cancellation_promotes_the_oldest_waiting_and_tells_them(community, members):
    # given 1 place, a registered member and two waiting
    event = EventFactory(community=community, capacity=1)
    first, second, third = members(3)
    for person in (first, second, third):
        services.registration_register(event=event, actor=person)
    # when the registered member cancels
    services.registration_cancel(event=event, actor=first)
    # then the first in the waiting list moves up and is told; the second stays waiting
    assert statuses(event) == {first.pk: C, second.pk: R, third.pk: W}
    promoted = Registration.objects.get(event=event, user=second)
    assert promoted.promoted_at is not None
    (notice,) = notices(second, kind="event")
    assert event.title in notice.title
    assert notices(third) == []
    assert selectors.waitlist_position(Registration.objects.get(event=event, user=third)) == 1
    assert_counters_match(event)


def test_leaving_the_waiting_list_promotes_nobody(community, members):
    event = EventFactory(community=community, capacity=1)
    first, second, third = members(3)
    for person in (first, second, third):
        services.registration_register(event=event, actor=person)
    services.registration_cancel(event=event, actor=second)
    assert statuses(event) == {first.pk: R, second.pk: C, third.pk: W}
    assert_counters_match(event)


def test_re_registration_goes_to_the_end_of_the_waiting_list(community, members):
    # given a full event: one registered, one waiting
    event = EventFactory(community=community, capacity=1)
    first, second, third = members(3)
    services.registration_register(event=event, actor=first)
    services.registration_register(event=event, actor=second)
    services.registration_register(event=event, actor=third)
    # when the second leaves the waiting list and registers again
    services.registration_cancel(event=event, actor=second)
    again = services.registration_register(event=event, actor=second)
    # then the same row is reused, and they wait behind the third
    assert again.status == W
    assert Registration.objects.filter(event=event, user=second).count() == 1
    services.registration_cancel(event=event, actor=first)
    assert statuses(event) == {first.pk: C, second.pk: W, third.pk: R}
    assert_counters_match(event)


def test_registering_twice_is_refused(community, member):
    event = EventFactory(community=community)
    services.registration_register(event=event, actor=member)
    with pytest.raises(ActionRefused):
        services.registration_register(event=event, actor=member)
    assert_counters_match(event)


def test_lowering_capacity_drops_nobody_and_raising_it_promotes(
    community, coordinator, members, event_input
):
    # given 3 places taken and 3 waiting
    event = EventFactory(community=community, capacity=3)
    people = members(6)
    for person in people:
        services.registration_register(event=event, actor=person)

    def change(capacity):
        services.event_update(
            actor=coordinator,
            event=event,
            data=event_input(
                title=event.title,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                capacity=capacity,
            ),
        )

    # when the capacity is lowered to 1, then nobody registered loses the place
    change(1)
    assert [statuses(event)[p.pk] for p in people] == [R, R, R, W, W, W]
    # and a cancellation does not promote while the registered exceed the places
    services.registration_cancel(event=event, actor=people[0])
    assert [statuses(event)[p.pk] for p in people] == [C, R, R, W, W, W]
    # when it is raised to 4, then the first two waiting move up in their order
    change(4)
    assert [statuses(event)[p.pk] for p in people] == [C, R, R, R, R, W]
    # when the limit is removed, then everyone waiting moves up
    change(None)
    assert [statuses(event)[p.pk] for p in people] == [C, R, R, R, R, R]
    assert_counters_match(event)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": EventStatus.DRAFT},
        {"status": EventStatus.CANCELLED},
        {"registration_required": False},
        {"registration_closes_at": "past"},
    ],
)
def test_registration_is_refused_when_closed(community, member, fields):
    fields = dict(fields)
    if fields.get("registration_closes_at") == "past":
        fields["registration_closes_at"] = timezone.now() - datetime.timedelta(minutes=1)
    event = EventFactory(community=community, **fields)
    with pytest.raises(PermissionDenied):
        services.registration_register(event=event, actor=member)
    assert not Registration.objects.exists()


def test_outsiders_register_only_for_their_audience(community):
    # given a registered user of another school and one of an invited school
    school = OrganisationFactory()
    outsider = UserFactory()
    invited = UserFactory(organisation=school)
    closed = EventFactory(community=community)
    open_to_school = EventFactory(community=community, audience=Audience.INVITED)
    open_to_school.invited_organisations.add(school)
    for_everyone = EventFactory(community=community, audience=Audience.EVERYONE)
    # then the outsider registers only for the event open to everyone
    with pytest.raises(PermissionDenied):
        services.registration_register(event=closed, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.registration_register(event=open_to_school, actor=outsider)
    assert services.registration_register(event=for_everyone, actor=outsider).status == R
    # and the invited school's teacher for the invited event
    assert services.registration_register(event=open_to_school, actor=invited).status == R


def test_past_event_cannot_be_registered_for_or_cancelled(community, member):
    event = past_event(community=community)
    registered(event, member)
    with pytest.raises(ActionRefused):
        services.registration_cancel(event=event, actor=member)
    assert statuses(event) == {member.pk: R}


# --- Attendance --------------------------------------------------------------------------------


def test_attendance_mark_from_the_room(community, members):
    event = EventFactory(community=community, capacity=1)
    first, second, newcomer = members(3)
    registered(event, first)
    registered(event, second, status=W)
    # a registered person joining is marked once (idempotent)
    mark = services.attendance_mark(event=event, user=first, source="room")
    when = mark.attended_at
    again = services.attendance_mark(event=event, user=first, source="marked")
    assert again.attended_at == when and again.attendance_source == "room"
    # a waiting person who joined is marked and counted among the registered
    waiting = services.attendance_mark(event=event, user=second, source="room")
    assert waiting.status == R and waiting.attended_at is not None
    # a person without a registration is registered and marked
    fresh = services.attendance_mark(event=event, user=newcomer, source="room")
    assert fresh.status == R and fresh.attendance_source == "room"
    assert_counters_match(event)


def test_organisers_and_speakers_are_not_participants(community):
    event = EventFactory(community=community)
    organiser = event_person(event, EventRole.ORGANISER).user
    speaker = event_person(event, EventRole.SPEAKER).user
    assert services.attendance_mark(event=event, user=organiser, source="room") is None
    assert services.attendance_mark(event=event, user=speaker, source="room") is None
    assert not Registration.objects.exists()


def test_a_registered_speaker_is_marked(community):
    event = EventFactory(community=community)
    speaker = event_person(event, EventRole.SPEAKER).user
    registered(event, speaker)
    assert services.attendance_mark(event=event, user=speaker, source="room").attended_at


def test_attendance_set_marks_and_unmarks(community, coordinator, members):
    # given a started event with three registrations, one marked by the room
    now = timezone.now()
    event = EventFactory(
        community=community,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    a, b, c = (registered(event, p) for p in members(3))
    services.attendance_mark(event=event, user=c.user, source="room")
    # when the coordinator ticks a and b only
    marked, unmarked = services.attendance_set(
        actor=coordinator, event=event, attended_ids=[str(a.pk), str(b.pk)]
    )
    # then a and b are marked by them and c is unmarked
    assert (marked, unmarked) == (2, 1)
    a.refresh_from_db(), c.refresh_from_db()
    assert a.attendance_source == "marked" and a.attendance_marked_by == coordinator
    assert c.attended_at is None
    assert AuditEvent.objects.filter(action="event_attendance_changed").count() == 1


def test_attendance_set_refuses_foreign_registrations(community, coordinator, members):
    now = timezone.now()
    event = EventFactory(
        community=community,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    mine = registered(event, members(1)[0])
    foreign = registered(EventFactory(), None)
    for bad in ([mine.pk, foreign.pk], ["abc"]):
        with pytest.raises(ActionRefused):
            services.attendance_set(actor=coordinator, event=event, attended_ids=bad)
    mine.refresh_from_db()
    assert mine.attended_at is None


def test_a_walk_in_is_registered_marked_and_qualifies_for_a_certificate(
    community, coordinator, member
):
    # given a fair that needs no registration, under way
    now = timezone.now()
    event = EventFactory(
        community=community,
        form=EventForm.FAIR,
        registration_required=False,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    # when the coordinator marks a member who came
    row = services.attendance_add(actor=coordinator, event=event, user=member)
    # then the member is registered and present, marked by the coordinator, and audited
    assert row.status == R and row.attended_at is not None
    assert row.attendance_source == "marked" and row.attendance_marked_by == coordinator
    event.refresh_from_db()
    assert event.registered_count == 1
    assert AuditEvent.objects.filter(action="event_attendance_changed", actor=coordinator).exists()
    # and the participant's certificate is theirs once the event ends
    from pedset.certificates.selectors import qualifying

    assert [(user, str(ground)) for user, ground, _ in qualifying(event)] == [
        (member, "participant")
    ]
    # and the person no longer appears among those who may be added
    assert member not in selectors.walk_in_choices(event)


def test_a_walk_in_outside_the_audience_or_running_the_event_is_refused(
    community, coordinator, member
):
    now = timezone.now()
    event = EventFactory(
        community=community,
        registration_required=False,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    stranger = MembershipFactory(community=CommunityFactory()).user
    organiser = event_person(event, EventRole.ORGANISER).user
    with pytest.raises(ActionRefused, match="не входит в аудиторию"):
        services.attendance_add(actor=coordinator, event=event, user=stranger)
    with pytest.raises(ActionRefused, match="не участники"):
        services.attendance_add(actor=coordinator, event=event, user=organiser)
    with pytest.raises(PermissionDenied):
        services.attendance_add(actor=member, event=event, user=member)
    assert not Registration.objects.filter(event=event).exists()
    # before the start nobody is marked
    coming = EventFactory(community=community, registration_required=False)
    with pytest.raises(PermissionDenied):
        services.attendance_add(actor=coordinator, event=coming, user=member)


def test_attendance_is_not_marked_before_the_start(community, coordinator, member):
    event = EventFactory(community=community)
    row = registered(event, member)
    with pytest.raises(PermissionDenied):
        services.attendance_set(actor=coordinator, event=event, attended_ids=[row.pk])


# --- Organisers and speakers -------------------------------------------------------------------


def test_people_are_named_from_the_audience_only(community, coordinator, member):
    event = EventFactory(community=community)
    speaker = services.event_person_add(
        actor=coordinator,
        event=event,
        user=member,
        role=EventRole.SPEAKER,
        topic="Формирующее оценивание",
    )
    assert speaker.topic == "Формирующее оценивание"
    (notice,) = notices(member, kind="event")
    assert event.title in notice.title
    # an outsider, an inactive account and a second time are refused
    outsider = UserFactory()
    gone = MembershipFactory(community=community).user
    gone.is_active = False
    gone.save()
    for person in (outsider, gone, member):
        with pytest.raises(ActionRefused):
            services.event_person_add(
                actor=coordinator, event=event, user=person, role=EventRole.SPEAKER
            )
    assert EventPerson.objects.filter(event=event).count() == 1


def test_the_last_organiser_stays(community, coordinator, event_input):
    event = services.event_create(
        actor=coordinator, community=community, form=EventForm.WEBINAR, data=event_input()
    )
    (organiser,) = EventPerson.objects.filter(event=event)
    with pytest.raises(ActionRefused):
        services.event_person_remove(actor=coordinator, person=organiser)
    assert EventPerson.objects.filter(event=event).count() == 1


def test_an_organiser_runs_the_event_but_not_another(community, member):
    event = EventFactory(community=community)
    event_person(event, EventRole.ORGANISER, user=member)
    other = EventFactory(community=community)
    services.event_recording_set(actor=member, event=event, url="https://rutube.ru/video/1/")
    with pytest.raises(PermissionDenied):
        services.event_recording_set(actor=member, event=other, url="https://rutube.ru/video/1/")


# --- Materials and the recording ---------------------------------------------------------------


def pdf_upload(name="программа.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")


def test_materials_file_link_and_bank(
    community, coordinator, media_files, django_capture_on_commit_callbacks
):
    from pedset.materials.models import MaterialStatus
    from pedset.materials.tests.factories import material_with_author

    event = EventFactory(community=community)
    item = services.event_material_add_file(actor=coordinator, event=event, upload=pdf_upload())
    assert item.title == "программа.pdf" and item.size > 0
    assert len(media_files()) == 1
    link = services.event_material_add_link(
        actor=coordinator, event=event, url="https://disk.yandex.ru/d/abc", title="Презентация"
    )
    assert link.url == "https://disk.yandex.ru/d/abc"
    included = material_with_author(community=community, status=MaterialStatus.INCLUDED)
    bank = services.event_material_add_material(
        actor=coordinator, event=event, material_id=included.pk
    )
    assert bank.material == included
    # removing the file deletes it from storage after commit
    with django_capture_on_commit_callbacks(execute=True):
        services.event_material_remove(actor=coordinator, item=item)
    assert EventMaterial.objects.filter(event=event).count() == 2
    assert media_files() == []


def test_bad_materials_are_refused(community, coordinator, member, media_files):
    from pedset.materials.models import MaterialStatus
    from pedset.materials.tests.factories import material_with_author

    event = EventFactory(community=community)
    bad = [
        lambda: services.event_material_add_file(
            actor=coordinator,
            event=event,
            upload=SimpleUploadedFile("программа.pdf", b"<html><script>alert(1)</script>"),
        ),
        lambda: services.event_material_add_file(
            actor=coordinator, event=event, upload=SimpleUploadedFile("a.exe", b"MZ....")
        ),
        lambda: services.event_material_add_link(
            actor=coordinator, event=event, url="javascript:alert(1)"
        ),
        lambda: services.event_material_add_link(
            actor=coordinator, event=event, url="ftp://x.ru/a"
        ),
        # a draft of another member is not visible to the coordinator
        lambda: services.event_material_add_material(
            actor=coordinator,
            event=event,
            material_id=material_with_author(community=community, status=MaterialStatus.DRAFT).pk,
        ),
        lambda: services.event_material_add_material(
            actor=coordinator, event=event, material_id=10**9
        ),
    ]
    for attempt in bad:
        with pytest.raises(ActionRefused):
            attempt()
    assert not EventMaterial.objects.exists()
    assert media_files() == []


def test_the_recording_link_is_told_to_registered_participants(community, coordinator, members):
    event = past_event(community=community, capacity=1)
    participant, waiting = members(2)
    registered(event, participant)
    registered(event, waiting, status=W)
    with pytest.raises(ActionRefused):
        services.event_recording_set(actor=coordinator, event=event, url="javascript:alert(1)")
    services.event_recording_set(actor=coordinator, event=event, url="https://vkvideo.ru/video-1_2")
    assert Event.objects.get(pk=event.pk).recording_url == "https://vkvideo.ru/video-1_2"
    assert len(notices(participant, kind="event")) == 1
    assert notices(waiting) == []


# --- The calendar feed -------------------------------------------------------------------------


def test_feed_reset_makes_a_new_address(member):
    first = services.calendar_feed_for(member)
    assert services.calendar_feed_for(member).token == first.token
    second = services.calendar_feed_reset(actor=member)
    assert second.token != first.token and len(second.token) >= 40
    assert list(CalendarFeed.objects.values_list("token", flat=True)) == [second.token]

"""Policies beyond the permission table's actors: organisers named on an event, staff of
invited organisations, suspended members, closed communities."""

import datetime

import pytest
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import MembershipFactory
from pedset.events import policies, selectors
from pedset.events.models import Audience, EventRole, EventStatus
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organiser_runs_a_draft_and_a_speaker_does_not(community):
    draft = EventFactory(community=community, status=EventStatus.DRAFT)
    organiser = event_person(draft, EventRole.ORGANISER).user
    speaker = event_person(draft, EventRole.SPEAKER).user
    assert policies.can_view_event(organiser, draft) and policies.can_edit_event(organiser, draft)
    assert policies.can_publish_event(organiser, draft)
    assert not policies.can_view_event(speaker, draft)
    assert list(selectors.visible_events(organiser)) == [draft]
    assert list(selectors.visible_events(speaker)) == []


def test_staff_of_an_invited_organisation_take_part(community):
    school, other_school = OrganisationFactory(), OrganisationFactory()
    event = EventFactory(community=community, audience=Audience.INVITED)
    event.invited_organisations.add(school)
    invited, stranger = UserFactory(organisation=school), UserFactory(organisation=other_school)
    assert policies.can_register(invited, event) and policies.can_see_people(invited, event)
    assert not policies.can_register(stranger, event)
    assert not policies.can_see_people(stranger, event)


def test_a_suspended_member_cannot_register(community, member, coordinator):
    from pedset.moderation.models import Suspension

    event = EventFactory(community=community)
    Suspension.objects.create(
        community=community,
        user=member,
        issued_by=coordinator,
        reason="Нарушение правил",
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert not policies.can_register(member, event)
    assert policies.can_see_people(member, event)


def test_a_closed_community_stops_registration_and_changes(community, coordinator, member):
    event = EventFactory(community=community)
    community.closed_at = timezone.now()
    community.save()
    event.community = community
    assert not policies.can_register(member, event)
    assert not policies.can_edit_event(coordinator, event)
    assert not policies.can_create_event(coordinator, community)
    assert policies.can_view_event(member, event)


def test_recording_for_participants_speakers_and_managers(community, coordinator, members):
    event = EventFactory(community=community)
    participant, waiting, speaker, bystander = members(4)
    registered(event, participant)
    registered(event, waiting, status="waitlisted")
    event_person(event, EventRole.SPEAKER, user=speaker)
    allowed = {
        p.pk
        for p in (participant, waiting, speaker, bystander, coordinator)
        if policies.can_view_recording(p, event)
    }
    assert allowed == {participant.pk, speaker.pk, coordinator.pk}
    # with no registration needed, the audience is the participants
    open_event = EventFactory(community=community, registration_required=False)
    assert policies.can_view_recording(bystander, open_event)
    assert not policies.can_view_recording(UserFactory(), open_event)


def test_visible_events_matches_can_view_event(community, coordinator):
    events = [
        EventFactory(community=community, status=status)
        for status in (EventStatus.DRAFT, EventStatus.PUBLISHED, EventStatus.CANCELLED)
    ]
    other_draft = EventFactory(status=EventStatus.DRAFT)
    member = MembershipFactory(community=community).user
    for person in (coordinator, member, UserFactory()):
        expected = {e.pk for e in events + [other_draft] if policies.can_view_event(person, e)}
        assert set(selectors.visible_events(person).values_list("pk", flat=True)) == expected

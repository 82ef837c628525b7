"""The council of the virtual methodical cabinet: seats, one chair, active members only, and the
helpers the review app asks (is_council_member, is_council_chair)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pedset.cabinet import policies, services
from pedset.cabinet.models import CouncilBasis, CouncilMember, CouncilRole
from pedset.cabinet.tests.factories import CouncilMemberFactory
from pedset.communities.models import MembershipStatus
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2026, 9, 1)


def add(actor, community, user, role=CouncilRole.MEMBER, **extra):
    return services.council_seat_add(
        actor=actor,
        community=community,
        user=user,
        role=role,
        basis=extra.pop("basis", CouncilBasis.ELECTED),
        since=extra.pop("since", SINCE),
        basis_document=extra.pop("basis_document", "Протокол № 1 от 01.09.2026"),
    )


def test_a_coordinator_seats_an_active_member(make_person):
    # Given a coordinator and a member
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    member = make_person("member", community)

    # When the coordinator seats the member as chair
    seat = add(coordinator, community, member, CouncilRole.CHAIR)

    # Then the member sits on the council as its chair, is told, and the act is audited
    assert policies.is_council_member(member, community)
    assert policies.is_council_chair(member, community)
    assert seat.added_by == coordinator and seat.basis_document == "Протокол № 1 от 01.09.2026"
    assert Notification.objects.filter(recipient=member).exists()
    event = AuditEvent.objects.get(action="cabinet_council_seat_added")
    assert event.subject_user_id == member.pk and event.actor == coordinator


def test_the_council_has_one_chair_at_a_time(make_person):
    # Given a council with a chair
    community = CommunityFactory()
    admin = make_person("community_admin", community)
    first = make_person("member", community)
    second = make_person("member", community)
    chair_seat = add(admin, community, first, CouncilRole.CHAIR)

    # When a second chair is seated, then it is refused
    with pytest.raises(ActionRefused, match="уже есть председатель"):
        add(admin, community, second, CouncilRole.CHAIR)
    assert not policies.is_council_member(second, community)

    # and a chair's seat ending today leaves no room for another chair today
    today = timezone.localdate()
    services.council_seat_end(actor=admin, seat=chair_seat, until=today)
    with pytest.raises(ActionRefused, match="уже есть председатель"):
        add(admin, community, second, CouncilRole.CHAIR, since=today)

    # but from tomorrow on there may be one
    add(admin, community, second, CouncilRole.CHAIR, since=today + datetime.timedelta(days=1))
    assert policies.is_council_chair(first, community)  # still today
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        first, second = (type(u).objects.get(pk=u.pk) for u in (first, second))
        assert policies.is_council_chair(second, community)
        assert not policies.is_council_member(first, community)


@pytest.mark.parametrize("who", ["registered", "pending", "revoked"])
def test_only_an_active_member_can_sit_on_the_council(make_person, who):
    # Given a coordinator and a person who is not an active member
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    outsider = make_person(who, community)

    # When the coordinator tries to seat them, then it is refused and nothing is stored
    with pytest.raises(ActionRefused, match="действующий участник"):
        add(coordinator, community, outsider)
    assert not CouncilMember.objects.exists()


def test_a_person_holds_one_open_seat(make_person):
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    member = make_person("member", community)
    add(coordinator, community, member)

    with pytest.raises(ActionRefused, match="уже входит в совет"):
        add(coordinator, community, member, CouncilRole.SECRETARY)
    assert CouncilMember.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "expert", "moderator", "anonymous"])
def test_others_cannot_change_the_council(make_person, who):
    community = CommunityFactory()
    actor = make_person(who, community)
    member = make_person("member", community)
    with pytest.raises(PermissionDenied):
        add(actor, community, member)


def test_a_seat_cannot_end_before_it_began_nor_twice(make_person):
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    seat = add(coordinator, community, make_person("member", community))

    with pytest.raises(ActionRefused):
        services.council_seat_end(
            actor=coordinator, seat=seat, until=SINCE - datetime.timedelta(days=1)
        )
    services.council_seat_end(actor=coordinator, seat=seat, until=SINCE)
    with pytest.raises(ActionRefused):
        services.council_seat_end(actor=coordinator, seat=seat)
    assert AuditEvent.objects.filter(action="cabinet_council_seat_ended").count() == 1


def test_a_seat_stops_counting_when_its_holder_leaves_the_community():
    # Given a chair who then leaves the community
    seat = CouncilMemberFactory(role=CouncilRole.CHAIR)
    seat.user.memberships.update(status=MembershipStatus.LEFT)

    # Then they are no longer on the council for the policies and the public page
    assert not policies.is_council_member(seat.user, seat.community)
    from pedset.cabinet.selectors import council

    assert council(seat.community) == []
    assert [s.pk for s in council(seat.community, for_managers=True)] == [seat.pk]


def test_the_council_page_adds_and_ends_seats(client, make_person):
    # Given a coordinator signed in and a member
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    member = make_person("member", community)
    client.force_login(coordinator)
    url = reverse("cabinet:council", args=[community.slug])

    # When the form is sent with the member as secretary
    response = client.post(
        url,
        {
            "user": member.pk,
            "role": "secretary",
            "basis": "appointed",
            "basis_document": "Приказ от 01.09.2026 № 15-од",
            "since": "2026-09-01",
        },
    )

    # Then the seat exists and the page lists it
    assert response.status_code == 302
    seat = CouncilMember.objects.get(user=member)
    assert seat.role == CouncilRole.SECRETARY
    assert member.get_full_name() in client.get(url).content.decode()

    # and ending it works from the same page
    response = client.post(
        reverse("cabinet:council_seat_end", args=[community.slug, seat.pk]),
        {"until": "2026-12-31"},
    )
    seat.refresh_from_db()
    assert seat.until == datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    "data",
    [
        {"user": "", "role": "", "basis": "", "since": ""},
        {"user": "abc", "role": "chair", "basis": "elected", "since": "2026-09-01"},
        {"user": "999999", "role": "chair", "basis": "elected", "since": "2026-09-01"},
        {"role": "king", "basis": "elected", "since": "2026-09-01"},
        {"role": "chair", "basis": "bought", "since": "2026-09-01"},
        {"role": "chair", "basis": "elected", "since": "вчера"},
        {"role": "chair", "basis": "elected", "since": "2026-09-01", "basis_document": "x" * 301},
    ],
)
def test_bad_council_forms_answer_with_a_message(client, make_person, data):
    # Given a coordinator and a member
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    member = make_person("member", community)
    client.force_login(coordinator)
    data = {"user": member.pk, **data}

    # When a bad form is sent, then the page shows errors and nothing is stored
    response = client.post(reverse("cabinet:council", args=[community.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CouncilMember.objects.exists()


def test_a_seat_of_another_community_is_404(client, make_person):
    community = CommunityFactory()
    coordinator = make_person("coordinator", community)
    other_seat = CouncilMemberFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("cabinet:council_seat_end", args=[community.slug, other_seat.pk])
    )
    assert response.status_code == 404


def test_members_get_403_on_the_council_page(client, make_person):
    community = CommunityFactory()
    client.force_login(make_person("member", community))
    assert client.get(reverse("cabinet:council", args=[community.slug])).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_council_page_query_budget(client, make_person, django_assert_max_num_queries, size):
    community = CommunityFactory()
    for _ in range(size):
        CouncilMemberFactory(community=community)
    for _ in range(size):
        MembershipFactory(community=community)
    client.force_login(make_person("coordinator", community))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cabinet:council", args=[community.slug]))
    assert response.status_code == 200

"""The join-request queue: approve, reject with a reason, and every way to get it wrong."""

import pytest
from django.urls import reverse

from pedset.communities.models import Membership, MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(community, signed_in):
    user = MembershipFactory(community=community, role=Role.COORDINATOR).user
    signed_in(user)
    return user


def test_queue_shows_applicants_with_organisation_date_and_motivation(
    client, community, coordinator
):
    request = MembershipFactory(
        community=community, status=MembershipStatus.PENDING, motivation="Веду кружок робототехники"
    )
    request.user.organisation = __import__(
        "pedset.organisations.tests.factories", fromlist=["OrganisationFactory"]
    ).OrganisationFactory(short_name="МБОУ СОШ № 7")
    request.user.save()

    page = client.get(reverse("communities:requests", args=[community.slug])).content.decode()

    assert request.user.get_full_name() in page
    assert "МБОУ СОШ № 7" in page
    assert "Веду кружок робототехники" in page
    assert "<time" in page


def test_approve_from_the_queue(
    client, community, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:approve", args=[community.slug, request.pk]), follow=True
        )
    assert "теперь участник сообщества" in response.content.decode()
    request.refresh_from_db()
    assert request.is_active
    assert len(mailoutbox) == 1


def test_reject_with_reason_tells_the_applicant(
    client, community, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:reject", args=[community.slug, request.pk]),
            {"reason": "Сообщество объединяет учителей начальных классов"},
            follow=True,
        )
    assert "отклонена" in response.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipStatus.REJECTED
    note = Notification.objects.get(recipient=request.user)
    assert "учителей начальных классов" in note.body
    assert "учителей начальных классов" in mailoutbox[0].body
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_REJECTED)
    assert event.reason == "Сообщество объединяет учителей начальных классов"


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Укажите причину отказа."),
        ("   ", "Укажите причину отказа."),
        ("я" * 2001, "не более 2000"),
    ],
)
def test_rejection_needs_a_reason(client, community, coordinator, reason, message):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    response = client.post(
        reverse("communities:reject", args=[community.slug, request.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING
    assert not Notification.objects.exists()


def test_reject_page_shows_the_applicant(client, community, coordinator):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    page = client.get(reverse("communities:reject", args=[community.slug, request.pk]))
    assert request.user.get_full_name() in page.content.decode()


def test_approving_twice_is_a_message(client, community, coordinator):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    url = reverse("communities:approve", args=[community.slug, request.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "По этой заявке уже принято решение." in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_APPROVED).count() == 1


def test_rejecting_a_decided_request_is_a_message(client, community, coordinator):
    request = MembershipFactory(community=community, status=MembershipStatus.ACTIVE)
    response = client.post(
        reverse("communities:reject", args=[community.slug, request.pk]),
        {"reason": "поздно"},
        follow=True,
    )
    assert "По этой заявке уже принято решение." in response.content.decode()
    request.refresh_from_db()
    assert request.is_active


def test_request_of_another_community_is_404(client, community, coordinator):
    foreign = MembershipFactory(community=CommunityFactory(), status=MembershipStatus.PENDING)
    for name in ("approve", "reject"):
        response = client.post(
            reverse(f"communities:{name}", args=[community.slug, foreign.pk]), {"reason": "x"}
        )
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MembershipStatus.PENDING


def test_unknown_request_id_is_404(client, community, coordinator):
    response = client.post(reverse("communities:approve", args=[community.slug, 999999]))
    assert response.status_code == 404


def test_approving_over_the_cap_is_a_message(client, signed_in, make_person):
    community = CommunityFactory(member_cap=150)
    admin = make_person("community_admin", community)
    MembershipFactory.create_batch(149, community=community)
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(admin)
    response = client.post(
        reverse("communities:approve", args=[community.slug, request.pk]), follow=True
    )
    assert "Достигнута предельная численность сообщества (150)" in response.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_approve_is_post_only(client, community, coordinator):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    response = client.get(reverse("communities:approve", args=[community.slug, request.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "actor", ["registered", "pending", "member", "expert", "moderator", "education_authority"]
)
def test_non_managers_cannot_see_or_decide(client, signed_in, make_person, actor):
    community = CommunityFactory()
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(make_person(actor, community))

    assert client.get(reverse("communities:requests", args=[community.slug])).status_code == 403
    assert (
        client.post(reverse("communities:approve", args=[community.slug, request.pk])).status_code
        == 403
    )
    response = client.post(
        reverse("communities:reject", args=[community.slug, request.pk]), {"reason": "нет"}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_anonymous_is_sent_to_log_in(client, community):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    response = client.post(reverse("communities:approve", args=[community.slug, request.pk]))
    assert response.status_code == 302
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.PENDING


def test_platform_admin_sees_every_queue(client, signed_in, make_person, community):
    MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(make_person("platform_admin"))
    assert client.get(reverse("communities:requests", args=[community.slug])).status_code == 200

"""Query budgets: each list page costs the same number of queries for 3 rows and for 30.

Each budget is the count measured today plus 2, so that a middleware another app adds does not
break it; an N+1 would still blow it at 30 rows."""

import pytest
from django.urls import reverse

from pedset.accounts.models import Visibility
from pedset.accounts.tests.factories import SubjectFactory, UserFactory
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.audit import audit_record
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def rich_person(subjects, organisation):
    """A member with subjects, an organisation, contacts and a publication consent."""
    person = UserFactory(
        organisation=organisation,
        phone="+7 900 000-00-00",
        phone_visibility=Visibility.EVERYONE,
    )
    person.subjects.set(subjects)
    text = ConsentTextFactory(
        operator=organisation, kind=ConsentKind.PUBLICATION, version=person.pk
    )
    Consent.objects.create(
        user=person,
        consent_text=text,
        operator=organisation,
        kind=ConsentKind.PUBLICATION,
        field="phone",
        version=text.version,
        text_hash=text.text_hash,
        source="profile",
    )
    return person


@pytest.mark.parametrize("rows", SIZES)
def test_catalogue_budget(client, signed_in, rows, django_assert_max_num_queries):
    person = UserFactory()
    for i in range(rows):
        community = CommunityFactory()
        MembershipFactory.create_batch(2, community=community)
        MembershipFactory(
            community=community,
            user=person,
            status=MembershipStatus.ACTIVE if i % 2 else MembershipStatus.PENDING,
        )
    signed_in(person)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("communities:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_anonymous_catalogue_budget(client, rows, django_assert_max_num_queries):
    CommunityFactory.create_batch(rows)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("communities:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("viewer_kind", ["member", "community_admin", "platform_admin"])
def test_members_directory_budget(
    client, signed_in, make_person, rows, viewer_kind, django_assert_max_num_queries
):
    community = CommunityFactory()
    subjects = SubjectFactory.create_batch(2)
    for _ in range(rows):
        organisation = OrganisationFactory()
        MembershipFactory(community=community, user=rich_person(subjects, organisation))
    signed_in(make_person(viewer_kind, community))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("communities:members", args=[community.slug]))
    assert response.status_code == 200
    assert response.content.decode().count("+7 900 000-00-00") >= min(rows, 24)


@pytest.mark.parametrize("rows", SIZES)
def test_join_request_queue_budget(
    client, signed_in, make_person, rows, django_assert_max_num_queries
):
    community = CommunityFactory()
    for _ in range(rows):
        MembershipFactory(
            community=community,
            status=MembershipStatus.PENDING,
            user=UserFactory(organisation=OrganisationFactory()),
            motivation="Прошу принять",
        )
    signed_in(make_person("coordinator", community))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("communities:requests", args=[community.slug]))
    assert response.status_code == 200
    assert response.content.decode().count("Прошу принять") == rows


@pytest.mark.parametrize("rows", SIZES)
def test_audit_log_budget(client, signed_in, make_person, rows, django_assert_max_num_queries):
    community = CommunityFactory()
    for _ in range(rows):
        membership = MembershipFactory(community=community)
        audit_record(
            AuditEvent.Action.ROLE_CHANGED,
            actor=membership.user,
            community=community,
            target=membership,
            subject_user=membership.user,
            data={"old": Role.MEMBER, "new": Role.EXPERT},
        )
    signed_in(make_person("community_admin", community))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("communities:audit", args=[community.slug]))
    assert response.status_code == 200

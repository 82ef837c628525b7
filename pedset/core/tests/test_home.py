"""The home page: the catalogue for everyone, one's own communities for a signed-in person."""

import pytest
from django.utils import timezone

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_coordinator_sees_how_many_join_requests_wait(client, make_person):
    # given a coordinator of a community with two pending requests
    community = CommunityFactory(name="Сообщество учителей истории")
    coordinator = make_person("coordinator", community)
    for _ in range(2):
        MembershipFactory(community=community, status=MembershipStatus.PENDING)
    client.force_login(coordinator)

    # when they open the home page
    html = client.get("/").content.decode()

    # then their community is listed with the number of requests and a link to the queue
    assert "Мои сообщества" in html
    assert "Сообщество учителей истории" in html
    assert "2 заявки ждут вашего решения" in html
    assert f"/communities/{community.slug}/requests/" in html


def test_ordinary_member_is_not_offered_the_queue(client, make_person):
    community = CommunityFactory()
    member = make_person("member", community)
    MembershipFactory(community=community, status=MembershipStatus.PENDING)
    client.force_login(member)
    html = client.get("/").content.decode()
    assert community.name in html
    assert "ждёт вашего решения" not in html
    assert "/requests/" not in html


def test_applicant_sees_the_rejection_reason(client, make_person):
    community = CommunityFactory()
    applicant = make_person("registered")
    MembershipFactory(
        community=community,
        user=applicant,
        status=MembershipStatus.REJECTED,
        decided_at=timezone.now(),
        rejection_reason="Сообщество объединяет только учителей начальных классов.",
    )
    client.force_login(applicant)
    html = client.get("/").content.decode()
    assert "учителей начальных классов" in html


@pytest.mark.parametrize("communities", [2, 12])
def test_home_query_budget(client, make_person, django_assert_max_num_queries, communities):
    # given a person who coordinates several communities, each with pending requests
    person = make_person("registered")
    for _ in range(communities):
        community = CommunityFactory()
        MembershipFactory(community=community, user=person, role=Role.COORDINATOR)
        MembershipFactory(community=community, status=MembershipStatus.PENDING)
    client.force_login(person)
    # then the page costs the same number of queries whatever their number
    # (+2 for «Моя методическая работа»: open expertise work and the desks the person runs)
    with django_assert_max_num_queries(11):
        assert client.get("/").status_code == 200


def test_anonymous_home_query_budget(client, django_assert_max_num_queries):
    for _ in range(8):
        CommunityFactory()
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200

"""The catalogue, the public page of a community and its regulation file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MemberKind, MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.communities.tests.uploads import docx_upload, pdf_upload
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_and_marks_closed(client):
    CommunityFactory(name="Синергия")
    CommunityFactory(name="Олёкминское сообщество", closed_at=timezone.now())

    page = client.get(reverse("communities:list")).content.decode()

    assert "Синергия" in page
    assert "Олёкминское сообщество" in page
    assert "Закрыто" in page
    # open communities come first on every database
    assert page.index("Синергия") < page.index("Олёкминское сообщество")


@pytest.mark.parametrize("query", ["синерг", "СИНЕРГИЯ", "Синергия"])
def test_catalogue_search_by_name_any_case(client, query):
    CommunityFactory(name="Синергия")
    CommunityFactory(name="Миллеровское сообщество")

    page = client.get(reverse("communities:list"), {"q": query}).content.decode()

    assert "Синергия" in page
    assert "Миллеровское сообщество" not in page


def test_catalogue_search_without_results(client):
    CommunityFactory(name="Синергия")
    page = client.get(reverse("communities:list"), {"q": "нет такого"}).content.decode()
    assert "Сообществ с таким названием не найдено." in page


def test_catalogue_too_long_query_is_a_message_not_an_error(client):
    CommunityFactory(name="Синергия")
    response = client.get(reverse("communities:list"), {"q": "я" * 500})
    assert response.status_code == 200
    assert "Синергия" in response.content.decode()  # the search is ignored
    assert "не более 100" in response.content.decode()


def test_catalogue_shows_my_memberships_and_rejections(client, signed_in):
    person = UserFactory()
    MembershipFactory(user=person, community=CommunityFactory(name="Моё активное"))
    MembershipFactory(
        user=person,
        community=CommunityFactory(name="Моё на рассмотрении"),
        status=MembershipStatus.PENDING,
    )
    MembershipFactory(
        user=person,
        community=CommunityFactory(name="Моё отклонённое"),
        status=MembershipStatus.REJECTED,
        decided_at=timezone.now(),
        rejection_reason="Только для педагогов района",
    )

    page = signed_in(person).get(reverse("communities:list")).content.decode()

    assert "Мои сообщества" in page
    assert "заявка на рассмотрении" in page
    assert "заявка отклонена" in page
    assert "Только для педагогов района" in page


def test_catalogue_offers_creation_to_platform_admin_only(client, signed_in, make_person):
    assert (
        reverse("communities:create")
        not in client.get(reverse("communities:list")).content.decode()
    )
    page = signed_in(make_person("platform_admin")).get(reverse("communities:list"))
    assert reverse("communities:create") in page.content.decode()


def test_public_page_shows_the_regulation_as_data(client):
    operator = OrganisationFactory(full_name="МКУ «Методический центр» Нижнеингашского района")
    community = CommunityFactory(
        name="Сетевое сообщество ОО",
        operator=operator,
        member_cap=150,
        time_zone="Asia/Krasnoyarsk",
        creation_order_number="125-од",
        creation_order_date=datetime.date(2024, 9, 2),
        rules_of_conduct="Не допускать анонимных комментариев.",
        regulation_text="1. Общие положения.",
        deadline_day_kind="working",
    )
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    MembershipFactory.create_batch(2, community=community)
    MembershipFactory(community=community, status=MembershipStatus.PENDING)

    page = client.get(reverse("communities:detail", args=[community.slug])).content.decode()

    assert "3 из 150 участников" in page
    assert coordinator.get_full_name() in page
    assert "МКУ «Методический центр» Нижнеингашского района" in page
    assert "Красноярск (МСК+4, UTC+7)" in page
    assert "приказом № 125-од от 2 сентября 2024" in page
    assert "7 дней (рабочие дни)" in page
    assert "10 дней (рабочие дни)" in page
    assert "после одобрения администратором или координатором" in page
    assert "Не допускать анонимных комментариев." in page
    assert "<details>" in page and "1. Общие положения." in page
    assert community.goals in page


def test_public_page_of_a_closed_community_shows_the_closure_order(client):
    community = CommunityFactory(
        closed_at=timezone.now(),
        closure_order_number="88-од",
        closure_order_date=datetime.date(2026, 10, 1),
        closure_reason="Реорганизация",
    )
    page = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Сообщество закрыто" in page
    assert "88-од" in page and "1 октября 2026" in page
    assert "Реорганизация" in page
    assert reverse("communities:join", args=[community.slug]) not in page


def test_unknown_community_is_404(client):
    assert client.get(reverse("communities:detail", args=["no-such"])).status_code == 404


def test_buttons_follow_the_policies(client, signed_in, make_person):
    community = CommunityFactory()
    url = reverse("communities:detail", args=[community.slug])
    join = reverse("communities:join", args=[community.slug])
    leave = reverse("communities:leave", args=[community.slug])
    edit = reverse("communities:edit", args=[community.slug])
    requests = reverse("communities:requests", args=[community.slug])

    anonymous = client.get(url).content.decode()
    assert join not in anonymous and leave not in anonymous and "войдите" in anonymous

    registered = signed_in(make_person("registered")).get(url).content.decode()
    assert join in registered and leave not in registered and edit not in registered

    member = signed_in(make_person("member", community)).get(url).content.decode()
    assert join not in member and leave in member and edit not in member

    pending = signed_in(make_person("pending", community)).get(url).content.decode()
    assert "Отозвать заявку" in pending and join not in pending

    admin = signed_in(make_person("community_admin", community)).get(url).content.decode()
    assert edit in admin and requests in admin


def test_unconfirmed_person_is_told_why_they_cannot_join(signed_in):
    community = CommunityFactory()
    page = signed_in(UserFactory(email_confirmed_at=None)).get(
        reverse("communities:detail", args=[community.slug])
    )
    assert "Подтвердите адрес электронной почты" in page.content.decode()


def test_person_without_organisation_is_told_in_organisation_community(signed_in):
    community = CommunityFactory(member_kind=MemberKind.ORGANISATIONS)
    page = signed_in(UserFactory(organisation=None)).get(
        reverse("communities:detail", args=[community.slug])
    )
    assert "Укажите вашу организацию в профиле" in page.content.decode()


def test_regulation_file_is_served_with_its_type(client):
    community = CommunityFactory(slug="sinergiya")
    community.regulation_file.save("sinergiya-regulation.pdf", pdf_upload())

    response = client.get(reverse("communities:regulation_file", args=[community.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "inline" in response["Content-Disposition"]


def test_word_regulation_is_downloaded_with_its_type(client):
    community = CommunityFactory(slug="docx-community")
    community.regulation_file.save("docx-community-regulation.docx", docx_upload())
    response = client.get(reverse("communities:regulation_file", args=[community.slug]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]


def test_regulation_file_missing_is_404(client):
    community = CommunityFactory()
    response = client.get(reverse("communities:regulation_file", args=[community.slug]))
    assert response.status_code == 404

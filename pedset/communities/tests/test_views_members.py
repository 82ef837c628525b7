"""The members directory (search, filters, privacy) and role assignment."""

import pytest
from django.urls import reverse

from pedset.accounts.models import Visibility
from pedset.accounts.tests.factories import SubjectFactory, UserFactory
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def member(community, **user_fields):
    role = user_fields.pop("role", Role.MEMBER)
    subjects = user_fields.pop("subjects", [])
    user = UserFactory(**user_fields)
    user.subjects.set(subjects)
    return MembershipFactory(community=community, user=user, role=role)


def directory(client, community, **params):
    response = client.get(reverse("communities:members", args=[community.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def viewer(community, signed_in):
    user = MembershipFactory(community=community).user
    signed_in(user)
    return user


def test_directory_lists_active_members_with_profile_links(client, community, viewer):
    shown = member(community, last_name="Яковлева", first_name="Анна")
    MembershipFactory(
        community=community,
        status=MembershipStatus.PENDING,
        user=UserFactory(last_name="Ожидающий"),
    )
    MembershipFactory(
        community=community, status=MembershipStatus.LEFT, user=UserFactory(last_name="Ушедший")
    )

    page = directory(client, community)

    assert "Яковлева" in page
    assert reverse("accounts:profile", args=[shown.user_id]) in page
    assert "Ожидающий" not in page and "Ушедший" not in page


@pytest.mark.parametrize("query", ["яковлева", "ЯКОВЛЕВА", "Яковлева Анна"])
def test_search_by_name(client, community, viewer, query):
    member(community, last_name="Яковлева", first_name="Анна")
    member(community, last_name="Петров", first_name="Пётр")
    page = directory(client, community, q=query)
    assert "Яковлева" in page and "Петров" not in page


def test_filters_by_organisation_subject_and_role(client, community, viewer):
    school = OrganisationFactory(short_name="МБОУ СОШ № 3")
    history = SubjectFactory(name="История")
    in_school = member(community, last_name="Школьный", organisation=school)
    historian = member(community, last_name="Историк", subjects=[history])
    expert = member(community, last_name="Экспертов", role=Role.EXPERT)

    page = directory(client, community, organisation=school.pk)
    assert in_school.user.last_name in page and "Историк" not in page
    page = directory(client, community, subject=history.pk)
    assert historian.user.last_name in page and "Школьный" not in page
    page = directory(client, community, role=Role.EXPERT)
    assert expert.user.last_name in page and "Историк" not in page


@pytest.mark.parametrize(
    "params", [{"organisation": "abc"}, {"subject": "999999"}, {"role": "king"}, {"q": "я" * 500}]
)
def test_bad_filters_are_messages_not_errors(client, community, viewer, params):
    page = directory(client, community, **params)
    assert "Выберите корректный вариант" in page or "не более 100" in page


def test_contacts_shown_only_as_the_person_allowed(client, community, viewer):
    member(
        community,
        last_name="Открытая",
        phone="+7 900 000-00-01",
        phone_visibility=Visibility.MEMBERS,
        messenger="@secret_tg",
        messenger_visibility=Visibility.ONLY_ME,
    )
    page = directory(client, community)
    assert "+7 900 000-00-01" in page
    assert "@secret_tg" not in page


def test_directory_pages(client, community, viewer):
    for i in range(30):
        member(community, last_name=f"Участник{i:02d}")
    page = directory(client, community)
    assert "Страница 1 из 2" in page or "2" in page
    page2 = directory(client, community, page=2)
    assert "Участник29" in page2


@pytest.mark.parametrize(
    "actor", ["anonymous", "registered", "pending", "education_authority", "revoked"]
)
def test_outsiders_cannot_see_the_directory(client, signed_in, make_person, actor):
    community = CommunityFactory()
    user = make_person(actor, community)
    if actor not in ("anonymous", "revoked"):
        signed_in(user)
    response = client.get(reverse("communities:members", args=[community.slug]))
    assert response.status_code in (302, 403)
    if actor not in ("anonymous", "revoked"):
        assert response.status_code == 403


def test_former_participants_are_not_listed(client, community, viewer):
    from django.utils import timezone

    former = member(community, last_name="Удалённая")
    former.user.anonymised_at = timezone.now()
    former.user.is_active = False
    former.user.save()
    assert "Удалённая" not in directory(client, community)


# --- Roles ---------------------------------------------------------------------------------


def test_administrator_assigns_a_role_from_the_directory(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    target = MembershipFactory(community=community)
    signed_in(admin)

    page = directory(client, community)
    assert f'id="role-{target.pk}"' in page

    response = client.post(
        reverse("communities:set_role", args=[community.slug, target.pk]),
        {"role": Role.EXPERT},
        follow=True,
    )

    assert "роль изменена на «эксперт»" in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.EXPERT
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert event.data == {"old": "member", "new": "expert"}


def test_last_administrator_cannot_be_demoted(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    signed_in(admin.user)
    response = client.post(
        reverse("communities:set_role", args=[community.slug, admin.pk]),
        {"role": Role.MEMBER},
        follow=True,
    )
    assert "должен остаться хотя бы один администратор" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_unknown_role_is_a_message(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    target = MembershipFactory(community=community)
    signed_in(admin)
    response = client.post(
        reverse("communities:set_role", args=[community.slug, target.pk]),
        {"role": "superadmin"},
        follow=True,
    )
    assert "Выберите одну из ролей сообщества." in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.MEMBER


def test_role_of_another_communitys_member_is_404(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    foreign = MembershipFactory(community=CommunityFactory())
    signed_in(admin)
    response = client.post(
        reverse("communities:set_role", args=[community.slug, foreign.pk]), {"role": Role.EXPERT}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.MEMBER


def test_role_of_a_pending_applicant_is_404(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(admin)
    response = client.post(
        reverse("communities:set_role", args=[community.slug, pending.pk]), {"role": Role.EXPERT}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("actor", ["member", "expert", "moderator", "coordinator", "registered"])
def test_non_administrators_cannot_assign_roles(client, signed_in, make_person, actor):
    community = CommunityFactory()
    target = MembershipFactory(community=community)
    signed_in(make_person(actor, community))
    response = client.post(
        reverse("communities:set_role", args=[community.slug, target.pk]),
        {"role": Role.ADMINISTRATOR},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == Role.MEMBER


def test_members_see_roles_without_forms(client, community, viewer):
    target = member(community, last_name="Координаторова", role=Role.COORDINATOR)
    page = directory(client, community)
    assert "Координатор" in page
    assert f'id="role-{target.pk}"' not in page

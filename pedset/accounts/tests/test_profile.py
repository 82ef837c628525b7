import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from pedset.accounts.models import PlatformRole, Visibility
from pedset.accounts.tests.conftest import image_bytes
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind, ConsentSource
from pedset.privacy.services import consent_give

pytestmark = pytest.mark.django_db

VALUES = {
    "position": "учитель-логопед",
    "about": "Провожу мастер-классы по развитию речи.",
    "phone": "+7 900 000-00-01",
    "contact_email": "kontakt@example.test",
    "messenger": "Telegram @secret_handle",
}


@pytest.fixture
def community(db):
    return CommunityFactory(name="Сообщество логопедов района")


@pytest.fixture
def person(community):
    """A member whose phone is for colleagues, contact e-mail for everyone, messenger private."""
    user = UserFactory(
        organisation=OrganisationFactory(full_name="МБОУ «Школа № 7 имени Героя»"),
        phone_visibility=Visibility.MEMBERS,
        contact_email_visibility=Visibility.EVERYONE,
        messenger_visibility=Visibility.ONLY_ME,
        **VALUES,
    )
    user.avatar.save("a.jpg", ContentFile(image_bytes()), save=True)
    MembershipFactory(user=user, community=community, role=Role.EXPERT)
    return user


def publish(person, operator, *fields):
    for field in fields:
        consent_give(
            user=person,
            operator=operator,
            source=ConsentSource.PROFILE,
            kind=ConsentKind.PUBLICATION,
            field=field,
        )


def viewer(kind, community, client):
    if kind == "anonymous":
        return None
    user = UserFactory()
    if kind == "colleague":
        MembershipFactory(user=user, community=community)
    elif kind == "pending":
        MembershipFactory(user=user, community=community, status=MembershipStatus.PENDING)
    elif kind == "left":
        MembershipFactory(user=user, community=community, status=MembershipStatus.LEFT)
    elif kind == "elsewhere":
        MembershipFactory(user=user)
    elif kind == "platform_admin":
        PlatformRole.objects.create(user=user, role=PlatformRole.Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def shown(page: str) -> set[str]:
    return {field for field, value in VALUES.items() if value in page}


# (viewer, without publication consent, with the name, about and contact e-mail published)
MATRIX = [
    ("self", set(VALUES), set(VALUES)),
    ("platform_admin", set(VALUES), set(VALUES)),
    ("colleague", {"position", "about", "phone", "contact_email"}, None),
    ("stranger", None, {"about", "contact_email"}),
    ("anonymous", None, {"about", "contact_email"}),
    ("pending", None, {"about", "contact_email"}),
    ("left", None, {"about", "contact_email"}),
    ("elsewhere", None, {"about", "contact_email"}),
]


@pytest.mark.parametrize("published", [False, True], ids=["private", "published"])
@pytest.mark.parametrize(("kind", "private_view", "public_view"), MATRIX)
def test_profile_visibility_matrix(
    client, community, person, operator, kind, private_view, public_view, published
):
    # given the person, who has (or has not) published the name, about and contact e-mail
    if published:
        publish(person, operator, "full_name", "about", "contact_email")
    expected = public_view if published else private_view
    if kind == "colleague" and published:
        expected = private_view
    if kind == "self":
        client.force_login(person)
    else:
        viewer(kind, community, client)

    # when the viewer opens the profile
    response = client.get(f"/accounts/people/{person.pk}/")

    # then the page exists only for those who may see the name, and shows only allowed fields
    if expected is None:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert person.last_name in page
    assert shown(page) == expected
    avatar_visible = kind in {"self", "platform_admin", "colleague"}
    assert (f"/accounts/people/{person.pk}/avatar/" in page) is avatar_visible
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == (
        200 if avatar_visible else 404
    )


def test_the_avatar_is_public_only_with_its_own_consent(client, person, operator):
    publish(person, operator, "full_name")
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == 404
    publish(person, operator, "avatar")
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == 200


def test_a_contact_consent_without_visibility_everyone_shows_nothing(client, person, operator):
    # consent given earlier, but the phone is now for colleagues only
    publish(person, operator, "full_name", "phone")
    page = client.get(f"/accounts/people/{person.pk}/").content.decode()
    assert VALUES["phone"] not in page


def test_the_person_sees_their_communities_and_roles(client, community, person):
    closed = CommunityFactory(name="Закрытое сообщество", closed_at=timezone.now())
    MembershipFactory(user=person, community=closed, role=Role.COORDINATOR)
    MembershipFactory(user=person, status=MembershipStatus.LEFT, community__name="Покинутое")
    MembershipFactory(user=person, status=MembershipStatus.PENDING, community__name="Заявка")
    client.force_login(person)

    page = client.get(f"/accounts/people/{person.pk}/").content.decode()

    assert "Сообщество логопедов района" in page and "эксперт" in page
    assert "Закрытое сообщество" in page and "закрыто" in page
    assert "Покинутое" not in page and "Заявка" not in page
    assert f"/communities/{community.slug}/" in page


@pytest.mark.parametrize("pk", ["999999", "0", "99999999999999999999999"])
def test_unknown_profile_is_404(client, pk):
    assert client.get(f"/accounts/people/{pk}/").status_code == 404
    assert client.get(f"/accounts/people/{pk}/avatar/").status_code == 404


@pytest.mark.parametrize("state", ["former", "deactivated"])
def test_former_or_deactivated_people_have_no_page(client, person, operator, make_person, state):
    publish(person, operator, "full_name", "avatar")
    if state == "former":
        person.anonymised_at = timezone.now()
    person.is_active = False
    person.save()
    client.force_login(make_person("platform_admin"))
    assert client.get(f"/accounts/people/{person.pk}/").status_code == 404
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == 404


def test_a_missing_avatar_file_is_404(client, person):
    person.avatar.storage.delete(person.avatar.name)
    client.force_login(person)
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == 404


def test_profile_without_avatar_has_no_avatar_address(client, person):
    person.avatar = ""
    person.save()
    client.force_login(person)
    page = client.get(f"/accounts/people/{person.pk}/").content.decode()
    assert "/avatar/" not in page
    assert client.get(f"/accounts/people/{person.pk}/avatar/").status_code == 404


@pytest.mark.parametrize("communities", [2, 20])
def test_profile_page_query_budget(
    client, person, community, communities, django_assert_max_num_queries
):
    # given a person in N communities with several subjects, seen by a colleague
    for _ in range(communities - 1):
        MembershipFactory(user=person)
    from pedset.accounts.tests.factories import SubjectFactory

    person.subjects.set([SubjectFactory(name=f"Предмет {n}") for n in range(5)])
    colleague = UserFactory()
    MembershipFactory(user=colleague, community=community)
    client.force_login(colleague)

    # when the page is opened, then the number of queries does not grow with the data
    # (11 for the card, the rest for the personal space: pedset/people/tests/test_queries.py)
    with django_assert_max_num_queries(19):
        response = client.get(f"/accounts/people/{person.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("/communities/community-") == communities


def test_policies_answer_for_anonymous_without_queries(person, django_assert_num_queries):
    from pedset.accounts import policies

    person.public_consents = []
    with django_assert_num_queries(0):
        assert not policies.can_view_profile(AnonymousUser(), person)
        assert not policies.can_view_avatar(AnonymousUser(), person)

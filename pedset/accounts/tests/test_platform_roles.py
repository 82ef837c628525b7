import threading

import pytest
from django.db import connection

from pedset.accounts import services
from pedset.accounts.models import PlatformRole
from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import AuditEvent, Notification
from pedset.core.policies import is_education_authority, is_platform_admin

pytestmark = pytest.mark.django_db

ROLES = "/accounts/platform-roles/"
ADMIN = PlatformRole.Role.ADMINISTRATOR
AUTHORITY = PlatformRole.Role.EDUCATION_AUTHORITY


@pytest.fixture
def admin(make_person):
    return make_person("platform_admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def post(c, email, role, action):
    return c.post(ROLES, {"email": email, "role": role, "action": action}, follow=True)


@pytest.mark.parametrize("actor", ["registered", "education_authority"])
def test_only_a_platform_administrator_may_open_the_page(client, make_person, actor):
    client.force_login(make_person(actor))
    response = client.get(ROLES)
    assert response.status_code == 403
    assert (
        client.post(
            ROLES, {"email": "x@example.test", "role": ADMIN, "action": "grant"}
        ).status_code
        == 403
    )
    assert not PlatformRole.objects.filter(user__email="x@example.test").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(ROLES)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_granting_the_education_authority_role(admin_client, admin):
    # given a methodologist of the education authority
    person = UserFactory(email="metodist@example.test", last_name="Соколова")

    # when the platform administrator grants the role, typing the e-mail in capitals
    response = post(admin_client, "METODIST@example.test", AUTHORITY, "grant")

    # then the person holds it, the page lists them, it is audited and they are told
    page = response.content.decode()
    assert "теперь: управление образования" in page
    assert "Соколова" in page
    assert is_education_authority(person)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLATFORM_ROLE_CHANGED)
    assert (event.actor, event.subject_user_id) == (admin, person.pk)
    assert event.data == {"role": AUTHORITY, "change": "granted"}
    assert Notification.objects.get(recipient=person).title == (
        "Вам назначена роль на платформе: управление образования"
    )

    # and granting it again changes nothing
    again = post(admin_client, person.email, AUTHORITY, "grant")
    assert "уже есть роль «управление образования»" in again.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLATFORM_ROLE_CHANGED).count() == 1


def test_withdrawing_a_role(admin_client, admin):
    person = UserFactory()
    PlatformRole.objects.create(user=person, role=AUTHORITY)

    response = post(admin_client, person.email, AUTHORITY, "revoke")

    assert "снята с пользователя" in response.content.decode()
    assert not PlatformRole.objects.filter(user=person).exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.PLATFORM_ROLE_CHANGED).data == {
        "role": AUTHORITY,
        "change": "revoked",
    }
    again = post(admin_client, person.email, AUTHORITY, "revoke")
    assert "нет роли «управление образования»" in again.content.decode()


def test_the_last_platform_administrator_cannot_be_removed(admin_client, admin):
    # given the only platform administrator
    # when they try to withdraw their own role
    response = admin_client.post(ROLES, {"email": admin.email, "role": ADMIN, "action": "revoke"})

    # then a clear message, and they stay administrator
    assert response.status_code == 400
    assert "Это последний администратор платформы" in response.content.decode()
    assert PlatformRole.objects.filter(user=admin, role=ADMIN).exists()

    # and with a second administrator appointed, the role can go
    second = UserFactory()
    post(admin_client, second.email, ADMIN, "grant")
    post(admin_client, admin.email, ADMIN, "revoke")
    assert not PlatformRole.objects.filter(user=admin).exists()
    assert is_platform_admin(second)


def test_deactivated_administrators_do_not_count(admin):
    gone = UserFactory(is_active=False)
    PlatformRole.objects.create(user=gone, role=ADMIN)
    with pytest.raises(services.LastPlatformAdmin):
        services.platform_role_revoke(actor=admin, user=admin, role=ADMIN)


def test_a_superuser_counts_as_an_administrator(admin):
    UserFactory(is_superuser=True, is_staff=True)
    assert services.platform_role_revoke(actor=admin, user=admin, role=ADMIN)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "role": ADMIN, "action": "grant"}, "Обязательное поле."),
        ({"email": "nobody@example.test", "role": ADMIN, "action": "grant"}, "не найден"),
        ({"email": "не-адрес", "role": ADMIN, "action": "grant"}, "Введите правильный адрес"),
        ({"email": "{email}", "role": "tsar", "action": "grant"}, "Выберите корректный вариант"),
        (
            {"email": "{email}", "role": ADMIN, "action": ""},
            "Выберите, назначить роль или снять её.",
        ),
        ({"email": "{email}", "role": ADMIN, "action": "delete"}, "Выберите корректный вариант"),
        (
            {"email": "{closed}", "role": ADMIN, "action": "grant"},
            "Учётная запись этого пользователя закрыта",
        ),
    ],
)
def test_bad_role_requests_get_a_russian_message_and_change_nothing(admin_client, data, message):
    person, closed = UserFactory(), UserFactory(is_active=False)
    data = {**data, "email": data["email"].format(email=person.email, closed=closed.email)}
    before = PlatformRole.objects.count()
    response = admin_client.post(ROLES, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PlatformRole.objects.count() == before


@pytest.mark.parametrize("holders", [3, 30])
def test_roles_page_query_budget(admin_client, holders, django_assert_max_num_queries):
    for n in range(holders - 1):
        PlatformRole.objects.create(user=UserFactory(), role=AUTHORITY if n % 2 else ADMIN)
    with django_assert_max_num_queries(6):
        response = admin_client.get(ROLES)
    assert response.content.decode().count('<td><a href="/accounts/people/') == holders


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_revocations_keep_one_administrator():
    # given two platform administrators
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        PlatformRole.objects.create(user=user, role=ADMIN)
    barrier = threading.Barrier(2)
    outcomes = []

    def revoke(actor, user):
        barrier.wait()
        try:
            outcomes.append(services.platform_role_revoke(actor=actor, user=user, role=ADMIN))
        except services.LastPlatformAdmin:
            outcomes.append("refused")
        finally:
            connection.close()

    # when each removes the other at the same moment
    threads = [
        threading.Thread(target=revoke, args=(first, second)),
        threading.Thread(target=revoke, args=(second, first)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # then exactly one revocation passed and one administrator is left
    assert sorted(map(str, outcomes)) == ["True", "refused"]
    assert PlatformRole.objects.filter(role=ADMIN).count() == 1

import time

import pytest
import time_machine
from django.conf import settings

from pedset.accounts.models import UserSession
from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG = "Неверный адрес электронной почты или пароль."
Action = AuditEvent.Action


def attempt(client, email, password=DEFAULT_PASSWORD, ip="10.1.1.1", **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def test_login_by_email_opens_a_recorded_session_in_the_preferred_language(client):
    # given a confirmed teacher who prefers English
    user = UserFactory(email="ivanova@example.test", language="en")

    # when they log in, typing the e-mail in capitals
    response = attempt(client, "IVANOVA@Example.test")

    # then they are in, on the home page, and the session is recorded for ending it later
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()
    # and the language cookie follows the person's preference
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # and the login is in the audit log
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == user and event.subject_user_id == user.pk
    assert event.ip_address == "10.1.1.1"


def test_login_goes_to_a_safe_next_page_only(client):
    user = UserFactory()
    response = attempt(client, user.email, next="/accounts/settings/")
    assert response["Location"] == "/accounts/settings/"

    other = UserFactory()
    response = attempt(client.__class__(), other.email, next="https://evil.example/")
    assert response["Location"] == "/"


def test_login_page_renders_for_anonymous_and_redirects_a_logged_in_person(client, teacher):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()
    client.force_login(teacher)
    assert client.get(LOGIN).status_code == 302


def test_wrong_password_is_refused_and_audited_without_the_password(client):
    # given a teacher
    user = UserFactory()

    # when somebody tries a wrong password
    response = attempt(client, user.email, password="не-тот-пароль")

    # then a Russian message that does not say which part was wrong
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and the failed attempt is audited against the person, with neither the password nor the
    # e-mail address (the log outlives the person's consent; the address would survive it)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.data == {"reason": "invalid_credentials"}
    assert event.subject_user_id == user.pk and event.actor is None
    assert "не-тот-пароль" not in str(event.data)


def test_unknown_email_gets_the_same_answer(client):
    response = attempt(client, "nobody@example.test")
    assert response.status_code == 400 and WRONG in response.content.decode()
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.subject_user_id is None
    assert "nobody@example.test" not in str(event.data)
    # the same unknown address is recognisable across attempts without being stored
    attempt(client, "Nobody@Example.test")
    fingerprints = {
        e.data["email_fingerprint"] for e in AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    }
    assert len(fingerprints) == 1


def test_deactivated_person_cannot_log_in(client):
    user = UserFactory(is_active=False)
    response = attempt(client, user.email)
    assert response.status_code == 400 and WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": ""}, "Обязательное поле."),
        ({"email": "не-адрес", "password": "x"}, "Введите правильный адрес электронной почты."),
        ({"email": "a" * 250 + "@example.test", "password": "x"}, "не более 254 символов"),
        ({"email": "a@example.test", "password": "x" * 5000}, "не более 4096 символов"),
    ],
)
def test_bad_login_input_gets_a_russian_message(client, data, message):
    response = client.post(LOGIN, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_login_is_throttled_per_email_even_with_the_right_password(client, settings):
    # given a teacher whose e-mail has had LOGIN_ATTEMPTS_LIMIT wrong passwords
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    settings.LOGIN_ATTEMPTS_WINDOW = 900
    user = UserFactory()
    for n in range(3):
        attempt(client, user.email, password="wrong", ip=f"10.0.0.{n + 1}")

    # when the right password comes, even from a fresh address
    response = attempt(client, user.email, ip="10.9.9.9")

    # then it is refused with a Russian message saying when to retry
    page = response.content.decode()
    assert response.status_code == 400
    assert "Слишком много неудачных попыток входа. Повторите попытку через 15 мин." in page
    assert "_auth_user_id" not in client.session
    throttled = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).first()
    assert throttled.data == {"reason": "throttled"}
    assert throttled.subject_user_id == user.pk


def test_login_opens_again_when_the_window_has_passed(client, settings):
    # given a throttled e-mail with a one-second window (Redis expires keys on its own clock)
    settings.LOGIN_ATTEMPTS_LIMIT = 1
    settings.LOGIN_ATTEMPTS_WINDOW = 1
    user = UserFactory()
    attempt(client, user.email, password="wrong")
    assert attempt(client, user.email, ip="10.9.9.8").status_code == 400

    # when the window has passed, then the right password works again
    time.sleep(1.1)
    assert attempt(client, user.email, ip="10.9.9.8").status_code == 302


def test_the_retry_time_counts_down(client, settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 1
    settings.LOGIN_ATTEMPTS_WINDOW = 900
    user = UserFactory()
    attempt(client, user.email, password="wrong")
    with time_machine.travel(time.time() + 600, tick=False):
        response = attempt(client, user.email)
    assert "Повторите попытку через 5 мин." in response.content.decode()


def test_login_is_throttled_per_address(client, settings):
    # given one address that tried wrong passwords for several e-mails
    settings.LOGIN_ATTEMPTS_LIMIT_PER_IP = 3
    user = UserFactory()
    for n in range(3):
        attempt(client, f"guess{n}@example.test", password="wrong", ip="192.0.2.5")

    # when a real person logs in from that address, then it is refused
    assert attempt(client, user.email, ip="192.0.2.5").status_code == 400
    # and from another address it works
    assert attempt(client, user.email, ip="192.0.2.6").status_code == 302


def test_address_behind_the_proxy_is_taken_from_x_real_ip(client, settings):
    settings.LOGIN_ATTEMPTS_LIMIT_PER_IP = 2
    user = UserFactory()
    for _ in range(2):
        client.post(
            LOGIN,
            {"email": "x@example.test", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="198.51.100.7",
        )
    limited = client.post(
        LOGIN,
        {"email": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.7",
    )
    assert limited.status_code == 400
    other = client.post(
        LOGIN,
        {"email": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.8",
    )
    assert other.status_code == 302


def test_a_successful_login_clears_the_email_counter(client, settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    user = UserFactory()
    for n in range(2):
        attempt(client, user.email, password="wrong", ip=f"10.0.1.{n}")
    assert attempt(client, user.email, ip="10.0.2.1").status_code == 302
    client.logout()
    for n in range(2):
        attempt(client, user.email, password="wrong", ip=f"10.0.3.{n}")
    assert attempt(client, user.email, ip="10.0.4.1").status_code == 302


def test_logout_is_post_only_and_ends_the_recorded_session(client, login, teacher):
    # given a logged-in teacher
    login(teacher)
    key = client.session.session_key

    # when they open the logout address, then nothing happens but a question
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and "Выйти с сайта на этом устройстве?" in page.content.decode()
    assert client.session.get("_auth_user_id") == str(teacher.pk)

    # when they confirm with POST, then they are out, the session is forgotten and audited
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(action=Action.LOGOUT, subject_user_id=teacher.pk).exists()


def test_anonymous_logout_just_goes_home(client):
    assert client.get("/accounts/logout/")["Location"] == "/"
    assert client.post("/accounts/logout/")["Location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/register/",
        "/accounts/password/reset/",
        "/accounts/confirm/resend/",
        "/accounts/platform-roles/",
    ],
)
def test_an_empty_post_gets_required_field_messages(client, operator, make_person, path):
    if "platform-roles" in path:
        client.force_login(make_person("platform_admin"))
    response = client.post(path, {})
    assert response.status_code == 400
    assert "Обязательное поле." in response.content.decode()

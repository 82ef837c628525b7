import re
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from pedset.accounts.models import UserSession
from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.core.models import AuditEvent

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
CHANGE = "/accounts/password/change/"
NEW = "Новый-пароль-для-школы-7"
Action = AuditEvent.Action


def reset_link(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def ask_reset(client, capture, email, ip="10.2.2.2"):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def logged_in_elsewhere(login, user) -> Client:
    return login(user, Client())


def is_logged_out(c: Client) -> bool:
    response = c.get("/accounts/settings/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- Reset ------------------------------------------------------------------------------------


def test_reset_mails_a_link_and_the_answer_does_not_reveal_the_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    # given one registered teacher
    user = UserFactory()

    # when a reset is asked for the teacher's e-mail and for an unknown one
    known = ask_reset(client, django_capture_on_commit_callbacks, user.email.upper())
    unknown = ask_reset(client, django_capture_on_commit_callbacks, "nobody@example.test")

    # then both answers are the same redirect to the same page
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    page = client.get(known["Location"]).content.decode()
    assert "Если учётная запись с таким адресом существует" in page
    # and only the teacher got a Russian letter with a link
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "восстановление пароля" in mailoutbox[0].subject
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_letters_are_in_the_persons_own_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(language="en", first_name="Анна")
    ask_reset(client, django_capture_on_commit_callbacks, user.email)
    assert mailoutbox[0].subject == "Педсеть: password reset"
    assert mailoutbox[0].body.startswith("Hello, Анна!")


def test_reset_is_not_mailed_to_a_deactivated_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(is_active=False)
    response = ask_reset(client, django_capture_on_commit_callbacks, user.email)
    assert response.status_code == 302 and not mailoutbox


def test_reset_link_sets_the_password_and_ends_every_session(
    client, login, mailoutbox, django_capture_on_commit_callbacks
):
    # given a teacher logged in on another device, who asked for a reset
    user = UserFactory()
    elsewhere = logged_in_elsewhere(login, user)
    old_key = elsewhere.session.session_key
    ask_reset(client, django_capture_on_commit_callbacks, user.email)
    link = reset_link(mailoutbox[0])

    # when they open the link and set a new password
    form = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"new_password1": NEW, "new_password2": NEW}, follow=True)

    # then the password is changed and the login page says so
    assert form.status_code == 200
    assert "Пароль изменён. Войдите с новым паролем." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    # and the other device is logged out: its session is gone from the store
    assert is_logged_out(elsewhere)
    assert not Session.objects.filter(session_key=old_key).exists()
    assert not UserSession.objects.filter(user=user).exists()
    # and the reset is audited and a notice mailed
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET)
    assert event.subject_user_id == user.pk and event.data == {"sessions_ended": 1}
    assert "ваш пароль изменён" in mailoutbox[-1].subject
    # and the link does not work twice
    again = client.get(link)
    assert again.status_code == 400
    assert "Ссылка для установки нового пароля недействительна" in again.content.decode()


def test_reset_confirms_an_unconfirmed_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email_confirmed_at=None)
    ask_reset(client, django_capture_on_commit_callbacks, user.email)
    client.post(reset_link(mailoutbox[0]), {"new_password1": NEW, "new_password2": NEW})
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert AuditEvent.objects.filter(
        action=Action.EMAIL_CONFIRMED, data__via="password_reset"
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new_password1": NEW, "new_password2": NEW + "x"}, "Введенные пароли не совпадают."),
        ({"new_password1": "Кот-12", "new_password2": "Кот-12"}, "слишком короткий"),
        ({"new_password1": "", "new_password2": ""}, "Обязательное поле."),
    ],
)
def test_bad_new_password_from_a_reset_link_changes_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, data, message
):
    user = UserFactory()
    ask_reset(client, django_capture_on_commit_callbacks, user.email)
    response = client.post(reset_link(mailoutbox[0]), data)
    assert response.status_code == 400 and message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/reset/MQ/not-a-token/",
        "/accounts/password/reset/!!!/abc-def/",
        "/accounts/password/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/abc-def/",  # huge id
    ],
)
def test_tampered_reset_links_are_refused(client, path):
    UserFactory()
    response = client.get(path)
    assert response.status_code == 400
    assert "Ссылка для установки нового пароля недействительна" in response.content.decode()
    assert client.post(path, {"new_password1": NEW, "new_password2": NEW}).status_code == 400


def test_expired_reset_link_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    ask_reset(client, django_capture_on_commit_callbacks, user.email)
    link = reset_link(mailoutbox[0])
    later = time.time() + settings.PASSWORD_RESET_TIMEOUT + 60
    with time_machine.travel(later):
        response = client.get(link)
    assert response.status_code == 400


def test_reset_requests_are_throttled_per_email_whether_or_not_it_exists(client, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    user = UserFactory()
    for email in (user.email, "nobody@example.test"):
        for n in range(2):
            assert (
                client.post(RESET, {"email": email}, REMOTE_ADDR=f"10.3.{n}.1").status_code == 302
            )
        response = client.post(RESET, {"email": email}, REMOTE_ADDR="10.3.9.9")
        assert response.status_code == 400
        assert "Слишком много запросов. Повторите попытку через 60 мин." in (
            response.content.decode()
        )


def test_reset_requests_are_throttled_per_address(client, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    for n in range(2):
        client.post(RESET, {"email": f"a{n}@example.test"}, REMOTE_ADDR="10.4.0.1")
    response = client.post(RESET, {"email": "b@example.test"}, REMOTE_ADDR="10.4.0.1")
    assert response.status_code == 400
    assert (
        client.post(RESET, {"email": "b@example.test"}, REMOTE_ADDR="10.4.0.2").status_code == 302
    )


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Обязательное поле."), ("не-адрес", "Введите правильный адрес электронной почты.")],
)
def test_bad_reset_request_gets_a_message(client, email, message):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 400 and message in response.content.decode()


# --- Change -----------------------------------------------------------------------------------


def test_password_change_keeps_this_session_and_ends_the_others(
    client, login, mailoutbox, django_capture_on_commit_callbacks
):
    # given a teacher logged in here and on another device
    user = UserFactory()
    login(user)
    elsewhere = logged_in_elsewhere(login, user)
    elsewhere_key = elsewhere.session.session_key

    # when they change the password here
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGE,
            {"old_password": DEFAULT_PASSWORD, "new_password1": NEW, "new_password2": NEW},
            follow=True,
        )

    # then the password is new, this device stays logged in, the other one is out
    page = response.content.decode()
    assert "Пароль изменён. На других устройствах выполнен выход." in page
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/accounts/settings/").status_code == 200
    assert is_logged_out(elsewhere)
    assert not Session.objects.filter(session_key=elsewhere_key).exists()
    # and only this session is still recorded (under its new key)
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGED)
    assert event.data == {"sessions_ended": 1}
    assert "ваш пароль изменён" in mailoutbox[-1].subject


def test_password_change_needs_login(client):
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"old_password": "неверный", "new_password1": NEW, "new_password2": NEW},
            "Ваш старый пароль введен неправильно.",
        ),
        (
            {"old_password": DEFAULT_PASSWORD, "new_password1": NEW, "new_password2": "другой"},
            "Введенные пароли не совпадают.",
        ),
        (
            {"old_password": DEFAULT_PASSWORD, "new_password1": "12345", "new_password2": "12345"},
            "слишком короткий",
        ),
        ({"old_password": "", "new_password1": "", "new_password2": ""}, "Обязательное поле."),
    ],
)
def test_bad_password_change_changes_nothing(client, login, data, message):
    user = UserFactory()
    login(user)
    response = client.post(CHANGE, data)
    assert response.status_code == 400 and message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).exists()


def test_guessing_the_old_password_is_throttled(client, login, settings):
    # given a stolen session that guessed the old password LOGIN_ATTEMPTS_LIMIT times
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    user = UserFactory()
    login(user)
    for _ in range(3):
        client.post(CHANGE, {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})

    # when it finally tries the right one, then it is refused without a word about it
    response = client.post(
        CHANGE, {"old_password": DEFAULT_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Слишком много запросов. Повторите попытку через" in page
    assert "Ваш старый пароль введен неправильно" not in page
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)

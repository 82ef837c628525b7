import re
import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from pedset.accounts import services
from pedset.accounts.models import User
from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentKind, ConsentSource

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
PASSWORD = "Лесная-тропа-42"


def form_data(**changes):
    data = {
        "email": "Petrova.Anna@Example.test",
        "last_name": "Петрова",
        "first_name": "Анна",
        "patronymic": "Сергеевна",
        "organisation": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def confirmation_link(mail) -> str:
    """The path of the confirmation link in the letter."""
    match = re.search(r"https?://[^/\s]+(/accounts/confirm/[^/\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def register(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(REGISTER, form_data(**changes))


def test_registration_page_shows_the_current_consent_text_and_a_separate_checkbox(client, operator):
    # given the operator's consent text, version 1
    # when a visitor opens the registration page
    response = client.get(REGISTER)

    # then the text, its version and a separate consent checkbox linked to it are shown
    page = response.content.decode()
    assert response.status_code == 200
    assert "Я даю согласие оператору на обработку моих персональных данных" in page
    assert "редакция 1" in page
    assert 'name="consent"' in page and 'href="#consent-text"' in page
    assert 'id="consent-text"' in page


def test_registration_creates_an_account_waiting_for_confirmation(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    # given a school from the registry
    school = OrganisationFactory()

    # when a teacher registers with consent
    response = register(client, django_capture_on_commit_callbacks, organisation=school.pk)

    # then the account exists with a lower-case e-mail, not yet confirmed but not deactivated
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get()
    assert user.email == "petrova.anna@example.test"
    assert (user.last_name, user.first_name, user.patronymic) == ("Петрова", "Анна", "Сергеевна")
    assert user.organisation == school
    assert user.is_active and user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    # and the consent to processing is recorded with the text version and its hash
    consent = Consent.objects.get(user=user)
    assert consent.kind == ConsentKind.PROCESSING
    assert consent.source == ConsentSource.REGISTRATION
    assert consent.operator == operator and consent.version == 1
    assert len(consent.text_hash) == 64
    # and the registration is in the audit log, without the password
    event = AuditEvent.objects.get(action=AuditEvent.Action.REGISTERED)
    assert event.subject_user_id == user.pk and PASSWORD not in str(event.data)
    # and a Russian letter with the confirmation link was sent after commit
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["petrova.anna@example.test"]
    assert "подтвердите адрес электронной почты" in mail.subject
    assert "Здравствуйте, Анна!" in mail.body
    assert "/accounts/confirm/" in mail.body


def test_registration_done_page_offers_to_resend(
    client, operator, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("accounts:register_done")).content.decode()
    assert "petrova.anna@example.test" in page
    assert reverse("accounts:confirm_resend") in page


@pytest.mark.parametrize("with_operator", [False, True])
def test_registration_refuses_without_a_consent_text(client, with_operator):
    # given no platform operator, or an operator that has published no consent text
    if with_operator:
        OrganisationFactory(operates_platform=True)

    # when a visitor opens the page and posts the form anyway
    page = client.get(REGISTER)
    response = client.post(REGISTER, form_data())

    # then a clear Russian message explains it, and no account is created
    message = "Регистрация сейчас невозможна"
    assert page.status_code == 200 and message in page.content.decode()
    assert response.status_code == 400 and message in response.content.decode()
    assert not User.objects.exists()


def test_duplicate_email_in_any_case_is_refused(client, operator):
    # given a registered teacher
    UserFactory(email="petrova.anna@example.test")

    # when somebody registers with the same e-mail in other letters' case
    response = client.post(REGISTER, form_data(email="PETROVA.Anna@example.TEST"))

    # then a Russian error says so and nothing is created
    assert response.status_code == 400
    assert "Пользователь с таким адресом электронной почты уже зарегистрирован" in (
        response.content.decode()
    )
    assert User.objects.count() == 1
    assert not Consent.objects.exists()


def test_duplicate_email_registered_in_parallel_is_refused_by_the_service(operator):
    # given a teacher registered between the form check and the insert
    UserFactory(email="petrova.anna@example.test")

    # when the service is asked to register the same e-mail, then it refuses cleanly
    with pytest.raises(services.EmailTaken):
        services.user_register(
            email="Petrova.Anna@example.test",
            last_name="Петрова",
            first_name="Анна",
            password=PASSWORD,
        )
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": None}, "Регистрация невозможна без согласия на обработку персональных данных"),
        ({"email": ""}, "Обязательное поле."),
        ({"last_name": "", "first_name": ""}, "Обязательное поле."),
        ({"email": "не-адрес"}, "Введите правильный адрес электронной почты."),
        ({"email": "a" * 250 + "@example.test"}, "не более 254 символов"),
        ({"last_name": "П" * 101}, "не более 100 символов"),
        ({"first_name": "Анна2"}, "Используйте только буквы"),
        ({"last_name": "<script>"}, "Используйте только буквы"),
        ({"password2": "Другой-пароль-42"}, "Введенные пароли не совпадают."),
        ({"password1": "Кот-12", "password2": "Кот-12"}, "Введённый пароль слишком короткий"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "состоит только из цифр"),
        ({"organisation": "abc"}, "Выберите корректный вариант"),
        ({"organisation": "999999"}, "Выберите корректный вариант"),
    ],
)
def test_bad_registration_input_gets_a_russian_message_and_creates_nothing(
    client, operator, changes, message
):
    response = client.post(REGISTER, form_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REGISTERED).exists()


def test_password_similar_to_the_email_is_refused(client, operator):
    response = client.post(
        REGISTER,
        form_data(
            email="lesnaya.tropa@example.test", password1="lesnaya.tropa", password2="lesnaya.tropa"
        ),
    )
    assert response.status_code == 400
    assert "слишком похож" in response.content.decode()


def test_confirmation_link_confirms_and_then_login_works(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    # given a registered, unconfirmed teacher
    register(client, django_capture_on_commit_callbacks)
    link = confirmation_link(mailoutbox[0])

    # when they follow the link
    response = client.get(link, follow=True)

    # then the e-mail is confirmed, audited, and the login page says so
    user = User.objects.get()
    assert user.email_confirmed_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EMAIL_CONFIRMED, subject_user_id=user.pk
    ).exists()
    assert "Адрес электронной почты подтверждён" in response.content.decode()
    # and the teacher can now log in
    login = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert login.status_code == 302

    # and a second click on the link changes nothing
    confirmed_at = user.email_confirmed_at
    again = client.get(link, follow=True)
    assert again.status_code == 200
    user.refresh_from_db()
    assert user.email_confirmed_at == confirmed_at
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EMAIL_CONFIRMED).count() == 1


def test_expired_confirmation_link_gets_a_message_and_a_resend_form(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    # given a link sent more than EMAIL_CONFIRMATION_MAX_AGE ago
    register(client, django_capture_on_commit_callbacks)
    link = confirmation_link(mailoutbox[0])
    later = time.time() + settings.EMAIL_CONFIRMATION_MAX_AGE + 60

    # when the teacher follows it
    with time_machine.travel(later):
        response = client.get(link)

    # then a Russian message and a form to get a new link, and nothing confirmed
    page = response.content.decode()
    assert response.status_code == 400
    assert "Срок действия ссылки для подтверждения истёк" in page
    assert 'action="/accounts/confirm/resend/"' in page
    assert User.objects.get().email_confirmed_at is None


@pytest.mark.parametrize("damage", ["cut", "forged", "garbage", "other-user"])
def test_tampered_confirmation_link_is_refused(
    client, operator, mailoutbox, django_capture_on_commit_callbacks, damage
):
    register(client, django_capture_on_commit_callbacks)
    link = confirmation_link(mailoutbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    other = UserFactory(email_confirmed_at=None)
    bad = {
        "cut": token[:-3],
        "forged": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "garbage": "....",
        # a validly signed token for another person whose e-mail has since changed
        "other-user": services.email_confirmation_token(other),
    }[damage]
    if damage == "other-user":
        other.email = "changed@example.test"
        other.save()

    response = client.get(f"/accounts/confirm/{bad}/")

    assert response.status_code == 400
    assert "Ссылка для подтверждения повреждена или недействительна" in response.content.decode()
    assert not User.objects.filter(email_confirmed_at__isnull=False).exists()


def test_resend_sends_a_new_link_only_to_an_unconfirmed_account_and_says_the_same(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    # given an unconfirmed and a confirmed teacher
    waiting = UserFactory(email_confirmed_at=None)
    confirmed = UserFactory()

    # when a new link is asked for each of them and for an unknown address
    answers = []
    for email in (waiting.email, confirmed.email, "nobody@example.test"):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post("/accounts/confirm/resend/", {"email": email}, follow=True))

    # then only the unconfirmed one gets a letter, and every answer reads the same
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    texts = {
        re.sub(r"\s+", " ", a.content.decode().split('role="status">')[1].split("<")[0])
        for a in answers
    }
    assert len(texts) == 1
    assert "Если учётная запись с этим адресом ожидает подтверждения" in texts.pop()


def test_resend_is_throttled(client, operator, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    for _ in range(2):
        assert (
            client.post("/accounts/confirm/resend/", {"email": "x@example.test"}).status_code == 302
        )
    response = client.post("/accounts/confirm/resend/", {"email": "x@example.test"})
    assert response.status_code == 400
    assert "Слишком много запросов. Повторите попытку через" in response.content.decode()


def test_resend_with_bad_input_gets_a_message(client):
    response = client.post("/accounts/confirm/resend/", {"email": "не-адрес"})
    assert response.status_code == 400
    assert "Введите правильный адрес электронной почты." in response.content.decode()


def test_login_before_confirmation_is_refused_with_a_way_to_resend(client, operator):
    # given a teacher who has not confirmed the e-mail
    user = UserFactory(email_confirmed_at=None)

    # when they log in with the right password
    response = client.post(
        "/accounts/login/", {"email": user.email, "password": "Педсеть-тест-2026"}
    )

    # then login is refused with a Russian message and a link to resend the letter
    page = response.content.decode()
    assert response.status_code == 400
    assert "Адрес электронной почты ещё не подтверждён" in page
    assert "/accounts/confirm/resend/?email=" in page
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.data["reason"] == "email_not_confirmed"


def test_logged_in_person_is_sent_home_from_registration(client, teacher):
    client.force_login(teacher)
    assert client.get(REGISTER).status_code == 302

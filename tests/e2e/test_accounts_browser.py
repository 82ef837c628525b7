"""The accounts pages in a real browser: the registration journey and axe-core (WCAG 2.1 AA) on
every accounts page, with and without form errors."""

import re

import pytest
from playwright.sync_api import expect

from pedset.accounts.models import PlatformRole, User
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import MembershipFactory
from tests.e2e import steps

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Осенний-лес-2026"


@pytest.fixture
def operator(db):
    """The platform operator with its text of consent to processing: registration needs it."""
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.models import ConsentKind
    from pedset.privacy.tests.factories import ConsentTextFactory

    org = OrganisationFactory(operates_platform=True)
    ConsentTextFactory(operator=org, kind=ConsentKind.PROCESSING)
    return org


def test_register_confirm_and_log_in(page, operator, mailoutbox, axe):
    # given the registration page, which passes axe
    page.goto("/accounts/register/")
    axe(page)

    # when a teacher registers with consent
    page.get_by_label("E-mail").fill("kuznetsova@example.test")
    page.get_by_label("Фамилия").fill("Кузнецова")
    page.get_by_label(re.compile(r"^Имя")).fill("Мария")
    page.get_by_label(re.compile(r"^Пароль:?$")).fill(PASSWORD)
    page.get_by_label("Пароль ещё раз").fill(PASSWORD)
    page.get_by_label("Я даю согласие").check()
    page.get_by_role("button", name="Зарегистрироваться").click()

    # then the page asks to confirm the e-mail, and login is refused until then
    expect(page.get_by_role("status").filter(has_text="kuznetsova@example.test")).to_be_visible()
    axe(page)
    steps.log_in(page, email="kuznetsova@example.test", password=PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("не подтверждён")
    axe(page)  # the login form with the «not confirmed» error and its link

    # when the link from the letter is followed and the teacher logs in
    page.goto(steps.confirmation_path(mailoutbox, "kuznetsova@example.test"))
    expect(steps.messages(page)).to_contain_text("Адрес электронной почты подтверждён")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Войти").click()

    # then they are in: the header offers their page
    expect(steps.header(page).get_by_role("link", name="Моя страница")).to_be_visible()
    assert User.objects.get().email_confirmed_at is not None


def test_account_pages_pass_axe(page, browser_login, operator, axe):
    # given a platform administrator who is a member of a community
    admin = UserFactory(patronymic="")
    PlatformRole.objects.create(user=admin, role=PlatformRole.Role.ADMINISTRATOR)
    MembershipFactory(user=admin)

    # anonymous pages, including forms showing errors
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/confirm/resend/"):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        axe(page)
    page.goto("/accounts/login/")
    page.locator("main form").get_by_role("button", name="Войти").click()
    expect(page.get_by_text("Обязательное поле.").first).to_be_visible()
    axe(page)
    page.goto("/accounts/register/")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_text("Обязательное поле.").first).to_be_visible()
    axe(page)
    page.goto("/accounts/confirm/bad-token/")
    expect(page.locator("h1")).to_be_visible()
    axe(page)

    # signed-in pages
    browser_login(page, admin)
    expect(steps.header(page).get_by_role("link", name="Моя страница")).to_be_visible()
    for path in (
        "/accounts/settings/",
        f"/accounts/people/{admin.pk}/",
        "/accounts/password/change/",
        "/accounts/platform-roles/",
        "/accounts/logout/",
    ):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        axe(page)

    # the settings form with errors
    page.goto("/accounts/settings/")
    page.get_by_label("Фамилия").fill("")
    page.get_by_role("button", name="Сохранить профиль").click()
    expect(page.get_by_text("Обязательное поле.").first).to_be_visible()
    axe(page)

"""What a person does in the browser, step by step, shared by the browser journeys.

Every step goes through the pages as a person would (links, labels, buttons) and waits with
Playwright's own waiting (`expect`), never with sleeps. `axe` is the fixture of the same name
(tests/e2e/conftest.py), or None where another journey already checks that page.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CONFIRMATION_PATH = re.compile(r"https?://[^/\s]+(/accounts/confirm/[^/\s]+/)")
RULES_LABEL = "Я ознакомился(-ась) с правилами поведения"
CONSENT_LABEL = "Даю согласие на обработку"


def _check(axe, page: Page) -> None:
    if axe is not None:
        axe(page)


def header(page: Page):
    return page.locator("header.site-header")


def messages(page: Page):
    """The messages the site shows after an action (Django's messages framework)."""
    return page.locator("main .messages")


def register(
    page: Page,
    *,
    email: str,
    last_name: str,
    first_name: str,
    patronymic: str,
    password: str,
    axe=None,
) -> None:
    """From the home page: «Регистрация», the form with consent, «Зарегистрироваться»."""
    page.goto("/")
    header(page).get_by_role("link", name="Регистрация").click()
    expect(page.get_by_role("heading", level=1, name="Регистрация")).to_be_visible()
    _check(axe, page)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Фамилия").fill(last_name)
    page.get_by_label(re.compile(r"^Имя")).fill(first_name)
    page.get_by_label(re.compile(r"^Отчество")).fill(patronymic)
    page.get_by_label(re.compile(r"^Пароль:?$")).fill(password)
    page.get_by_label("Пароль ещё раз").fill(password)
    page.get_by_label("Я даю согласие").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_role("status").filter(has_text=email)).to_be_visible()
    _check(axe, page)


def confirmation_path(mailoutbox, email: str) -> str:
    """The path of the confirmation link in the last letter sent to the address."""
    letters = [m for m in mailoutbox if email in m.to]
    assert letters, f"no letter to {email}: {[m.to for m in mailoutbox]}"
    found = CONFIRMATION_PATH.search(letters[-1].body)
    assert found, letters[-1].body
    return found.group(1)


def confirm_and_log_in(page: Page, mailoutbox, *, email: str, password: str, axe=None) -> None:
    """Open the link from the letter; the login page comes with the address filled in."""
    page.goto(confirmation_path(mailoutbox, email))
    expect(messages(page)).to_contain_text("Адрес электронной почты подтверждён")
    expect(page.get_by_label("E-mail")).to_have_value(email)
    _check(axe, page)
    page.get_by_label("Пароль").fill(password)
    page.locator("main form").get_by_role("button", name="Войти").click()
    expect(header(page).get_by_role("link", name="Моя страница")).to_be_visible()


def sign_up(page: Page, mailoutbox, *, password: str, axe=None, **person) -> None:
    """Register, confirm the e-mail from the letter, log in."""
    register(page, password=password, axe=axe, **person)
    confirm_and_log_in(page, mailoutbox, email=person["email"], password=password, axe=axe)


def log_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/")
    header(page).get_by_role("link", name="Войти").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.locator("main form").get_by_role("button", name="Войти").click()


def log_out(page: Page) -> None:
    header(page).get_by_role("button", name="Выйти").click()
    expect(header(page).get_by_role("link", name="Войти")).to_be_visible()


def open_community(page: Page, name: str, axe=None) -> None:
    """«Сообщества» in the header, then the community's card."""
    header(page).get_by_role("link", name="Сообщества").click()
    expect(page.get_by_role("heading", level=1, name="Сообщества")).to_be_visible()
    _check(axe, page)
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    _check(axe, page)


def ask_to_join(page: Page, community_name: str, *, message: str = "", axe=None) -> None:
    """Step 1: accept the rules; step 2: give consent to the operator. Ends on the community
    page with the site's answer."""
    open_community(page, community_name, axe=axe)
    page.get_by_role("link", name=re.compile("^(Подать заявку на вступление|Вступить)$")).click()
    expect(page.get_by_text("Шаг 1 из 2")).to_be_visible()
    _check(axe, page)
    page.get_by_label(RULES_LABEL).check()
    if message:
        page.get_by_label("Сообщение администратору").fill(message)
    page.get_by_role("button", name=re.compile("^Далее")).click()
    expect(page.get_by_text("Шаг 2 из 2")).to_be_visible()
    _check(axe, page)
    page.get_by_label(CONSENT_LABEL).check()
    page.get_by_role("button", name=re.compile("^(Отправить заявку|Вступить)$")).click()
    expect(page.get_by_role("heading", level=1, name=community_name)).to_be_visible()
    expect(messages(page)).to_be_visible()


def open_join_requests(page: Page, community_name: str, axe=None) -> None:
    """A manager of the community: its page, then «Заявки на вступление»."""
    open_community(page, community_name)
    page.get_by_role("link", name="Заявки на вступление").click()
    expect(page.get_by_role("heading", level=1, name="Заявки на вступление")).to_be_visible()
    _check(axe, page)


def open_notifications(page: Page, axe=None) -> None:
    header(page).get_by_role("link", name=re.compile("^Уведомления")).click()
    expect(page.get_by_role("heading", level=1, name="Уведомления")).to_be_visible()
    _check(axe, page)


# --- Communication (issue 3) -------------------------------------------------------------------


def open_forum(page: Page, community_name: str, axe=None) -> None:
    """«Форум» in the header, then the community's forum."""
    header(page).get_by_role("link", name="Форум", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Форумы моих сообществ")).to_be_visible()
    _check(axe, page)
    page.locator("main").get_by_role("link", name=community_name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"Форум: {community_name}")).to_be_visible()
    _check(axe, page)


def open_section(page: Page, community_name: str, section_title: str, axe=None) -> None:
    """The forum list, the community's forum, the section (each checked with ``axe``)."""
    open_forum(page, community_name, axe=axe)
    page.locator("main").get_by_role("link", name=section_title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=section_title)).to_be_visible()
    _check(axe, page)


def open_topic(
    page: Page, community_name: str, section_title: str, topic_title: str, axe=None
) -> None:
    """Through the forum and the section to the topic, as a reader finds it (only the topic's
    page is checked with ``axe``)."""
    open_section(page, community_name, section_title)
    page.locator("main table").get_by_role("link", name=topic_title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=topic_title)).to_be_visible()
    _check(axe, page)


def private_messages_link(page: Page):
    """The header's «Личные сообщения», its unread badge inside the link."""
    return header(page).get_by_role("link", name=re.compile("^Личные сообщения"))


def open_private_messages(page: Page, axe=None) -> None:
    private_messages_link(page).click()
    expect(page.get_by_role("heading", level=1, name="Личные сообщения")).to_be_visible()
    _check(axe, page)


# --- Materials, expertise, the cabinet, documents (issue 4) -------------------------------------
# The header and the community page have no links to these pages yet, so each journey starts
# them from their address; the rest is clicked. When the links come, only these helpers change.


def open_bank(page: Page, community_slug: str, community_name: str, axe=None) -> None:
    """The community's bank of methodical materials, from the community's page."""
    page.goto(f"/communities/{community_slug}/")
    page.get_by_role("link", name="Банк методических материалов").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Банк методических материалов: {community_name}"
    )
    _check(axe, page)


def open_expertise_desk(page: Page, community_slug: str, community_name: str, axe=None) -> None:
    """The coordinator's desk of the community's expertise, from the community's page."""
    page.goto(f"/communities/{community_slug}/")
    page.get_by_role("link", name="Экспертиза материалов", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Экспертиза материалов: «{community_name}»"
    )
    _check(axe, page)


def open_my_expertise(page: Page, axe=None) -> None:
    """An expert's «Моя экспертиза» (from the home page): invitations, reviews to write,
    submitted reviews."""
    page.goto("/")
    page.get_by_role("link", name="Моя экспертиза").click()
    expect(page.get_by_role("heading", level=1, name="Моя экспертиза")).to_be_visible()
    _check(axe, page)


def open_cabinet(page: Page, axe=None) -> None:
    """The catalogue of the virtual methodical cabinet (open to anonymous visitors too), from
    the site's main menu."""
    page.goto("/")
    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="Методический кабинет"
    ).click()
    expect(
        page.get_by_role("heading", level=1, name="Виртуальный методический кабинет")
    ).to_be_visible()
    _check(axe, page)


def open_my_documents(page: Page, axe=None) -> None:
    """«Мои документы» (from the home page): the documents issued to the signed-in person."""
    page.goto("/")
    page.get_by_role("link", name="Мои документы").click()
    expect(page.get_by_role("heading", level=1, name="Мои документы")).to_be_visible()
    _check(axe, page)

"""The journeys of issue 2 («How it is shown»), each as a person does it in Chromium.

a. register → confirm the e-mail from the letter → log in → ask to join (rules, then consent)
   → the coordinator approves in another browser → the applicant is told and sees the community;
b. a rejection with its reason, seen by the applicant;
c. consent revocation → logged out, no login any more, the name gone from every page;
d. the version for the visually impaired, remembered for the person.

Only the starting data is made directly (the platform operator with its consent texts, the
communities with their operators and texts, their coordinator and administrator, one existing
person); everything else is clicked through the pages. axe-core checks every distinct page.
"""

import io
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.communities.models import Membership, MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory
from tests.e2e import steps

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Осенний-лес-2026"
SINERGIYA = "Синергия"
GORIZONT = "Горизонт"


def person(email, last_name, first_name, patronymic):
    """A synthetic person who is about to register (not in the database yet)."""
    return SimpleNamespace(
        email=email,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        full_name=f"{last_name} {first_name} {patronymic}",
    )


def sign_up(page, mailoutbox, someone, axe=None):
    steps.sign_up(
        page,
        mailoutbox,
        email=someone.email,
        last_name=someone.last_name,
        first_name=someone.first_name,
        patronymic=someone.patronymic,
        password=PASSWORD,
        axe=axe,
    )


@pytest.fixture
def world(db):
    """The platform operator with its texts; «Синергия» (joining needs approval) with its
    operator's text, a coordinator and an administrator; «Горизонт» (free joining) with another
    operator and the same administrator."""
    platform = OrganisationFactory(operates_platform=True, short_name="МКУ «Методический центр»")
    ConsentTextFactory(operator=platform, kind=ConsentKind.PROCESSING)
    ConsentTextFactory(
        operator=platform,
        kind=ConsentKind.PUBLICATION,
        title="Согласие на распространение персональных данных",
        text="Я разрешаю сделать общедоступными выбранные мной сведения профиля.",
    )
    sinergiya = CommunityFactory(slug="sinergiya", name=SINERGIYA)
    ConsentTextFactory(
        operator=sinergiya.operator,
        text="Согласие оператору сообщества «Синергия» на обработку персональных данных.",
    )
    gorizont = CommunityFactory(slug="gorizont", name=GORIZONT, join_requires_approval=False)
    ConsentTextFactory(
        operator=gorizont.operator,
        text="Согласие оператору сообщества «Горизонт» на обработку персональных данных.",
    )
    coordinator = MembershipFactory(community=sinergiya, role=Role.COORDINATOR).user
    administrator = MembershipFactory(community=sinergiya, role=Role.ADMINISTRATOR).user
    MembershipFactory(community=gorizont, user=administrator, role=Role.ADMINISTRATOR)
    return SimpleNamespace(
        platform=platform,
        sinergiya=sinergiya,
        gorizont=gorizont,
        coordinator=coordinator,
        administrator=administrator,
    )


# --- a. register → confirm → join → approved → a member ------------------------------------


def test_a_newcomer_registers_asks_to_join_and_becomes_a_member(
    page, new_page, world, mailoutbox, axe, browser_login
):
    anna = person("lebedeva@example.test", "Лебедева", "Анна", "Викторовна")

    # Anna registers, opens the link from the letter and logs in
    page.goto("/")
    axe(page)
    sign_up(page, mailoutbox, anna, axe=axe)
    axe(page)  # the home page, signed in

    # she asks to join «Синергия»: the rules first, then her consent to its operator
    steps.ask_to_join(page, SINERGIYA, message="Учитель истории, хочу участвовать", axe=axe)
    expect(steps.messages(page)).to_contain_text("Заявка отправлена")
    expect(page.get_by_text("Ваша заявка на вступление на рассмотрении")).to_be_visible()
    axe(page)

    # the coordinator, in another browser, is told of the request and opens the queue from it
    coordinator = new_page()
    browser_login(coordinator, world.coordinator)
    steps.open_notifications(coordinator, axe=axe)
    coordinator.get_by_role("link", name=f"Новая заявка на вступление в «{SINERGIYA}»").click()
    expect(coordinator.get_by_role("heading", level=1, name="Заявки на вступление")).to_be_visible()
    row = coordinator.get_by_role("row").filter(has_text=anna.full_name)
    expect(row).to_contain_text("Учитель истории, хочу участвовать")
    axe(coordinator)
    row.get_by_role("button", name=f"Одобрить — {anna.full_name}").click()
    expect(steps.messages(coordinator)).to_contain_text(
        f"{anna.full_name} теперь участник сообщества."
    )
    expect(coordinator.get_by_text("Заявок, ожидающих решения, нет.")).to_be_visible()
    axe(coordinator)

    # Anna is told in the site (and by e-mail) and sees the community as a member
    page.reload()
    steps.open_notifications(page, axe=axe)
    notice = page.get_by_role("link", name=f"Ваша заявка на вступление в «{SINERGIYA}» одобрена")
    notice.click()
    expect(page.get_by_role("heading", level=1, name=SINERGIYA)).to_be_visible()
    expect(page.get_by_role("link", name="Выйти из сообщества")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Участники", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Участники")).to_be_visible()
    expect(page.get_by_role("rowheader").filter(has_text=anna.full_name)).to_be_visible()
    axe(page)
    letters = [m for m in mailoutbox if m.to == [anna.email] and "одобрена" in m.subject]
    assert len(letters) == 1, [m.subject for m in mailoutbox]


# --- b. a rejection with its reason -----------------------------------------------------------


def test_b_a_rejected_applicant_sees_the_reason(
    page, new_page, world, mailoutbox, axe, browser_login
):
    gleb = person("orlov@example.test", "Орлов", "Глеб", "Петрович")
    reason = "Сообщество объединяет педагогов Олёкминского района; вы работаете в другом районе."
    sign_up(page, mailoutbox, gleb)
    steps.ask_to_join(page, SINERGIYA, message="Прошу принять")

    # the coordinator rejects, giving the reason
    coordinator = new_page()
    browser_login(coordinator, world.coordinator)
    steps.open_join_requests(coordinator, SINERGIYA)
    row = coordinator.get_by_role("row").filter(has_text=gleb.full_name)
    row.locator("summary").click()
    row.get_by_label("Причина отказа").fill(reason)
    axe(coordinator)  # the queue with the rejection form open
    row.get_by_role("button", name="Отклонить", exact=True).click()
    expect(steps.messages(coordinator)).to_contain_text("отклонена; заявителю сообщена причина")

    # Gleb sees the decision and its reason: in his notifications and in «Мои сообщества»
    page.reload()
    steps.open_notifications(page)
    card = page.locator("article.card").filter(
        has_text=f"Ваша заявка на вступление в «{SINERGIYA}» отклонена"
    )
    expect(card).to_contain_text(f"Причина: {reason}")
    axe(page)
    steps.header(page).get_by_role("link", name="Сообщества").click()
    mine = page.get_by_role("region", name="Мои сообщества")
    expect(mine.get_by_role("listitem").filter(has_text=SINERGIYA)).to_contain_text(reason)
    axe(page)
    # ... and by e-mail
    letters = [m for m in mailoutbox if m.to == [gleb.email] and "отклонена" in m.subject]
    assert len(letters) == 1 and reason in letters[0].body
    assert Membership.objects.get(user__email=gleb.email).status == MembershipStatus.REJECTED


# --- c. consent revocation: logged out for good, the name gone everywhere ---------------------


def test_c_a_member_withdraws_consent_and_their_name_is_gone(
    page, new_page, world, mailoutbox, axe, browser_login
):
    olga = person("snegireva@example.test", "Снегирёва", "Ольга", "Тимуровна")
    parts = (olga.last_name, olga.first_name, olga.patronymic)

    # Olga registers, joins «Горизонт» (free) and asks to join «Синергия» (pending)
    sign_up(page, mailoutbox, olga)
    steps.ask_to_join(page, GORIZONT)
    expect(steps.messages(page)).to_contain_text("Теперь вы участник сообщества")
    steps.ask_to_join(page, SINERGIYA, message="Хочу в сообщество")

    # the administrator of both sees her name: directory, profile, audit log, queue
    admin = new_page()
    browser_login(admin, world.administrator)
    steps.open_community(admin, GORIZONT)
    admin.get_by_role("link", name="Участники", exact=True).click()
    admin.get_by_role("link", name=olga.full_name).click()
    expect(admin.get_by_role("heading", level=1, name=olga.full_name)).to_be_visible()
    axe(admin)  # a colleague's profile
    profile_url = admin.url
    steps.open_community(admin, GORIZONT)
    admin.get_by_role("link", name="Журнал аудита сообщества").click()
    expect(admin.locator("main table")).to_contain_text(olga.full_name)
    axe(admin)
    steps.open_join_requests(admin, SINERGIYA)
    expect(admin.get_by_role("rowheader").filter(has_text=olga.full_name)).to_be_visible()

    # Olga withdraws from the platform on «Мои согласия»: confirmation and her password
    steps.header(page).get_by_role("link", name="Настройки").click()
    page.get_by_role("link", name="Мои согласия и мои данные").click()
    expect(page.get_by_role("heading", level=1, name="Мои согласия")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Отозвать согласие и удалить учётную запись").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Отозвать согласие и удалить учётную запись"
    )
    leaving = page.locator("main ul").filter(has_text=GORIZONT)
    expect(leaving).to_contain_text(SINERGIYA)
    axe(page)
    page.get_by_label("Я понимаю, что моя учётная запись будет закрыта").check()
    page.get_by_label("Ваш пароль").fill("не тот пароль")
    page.get_by_role("button", name="Отозвать согласие и удалить учётную запись").click()
    expect(page.get_by_text("Неверный пароль", exact=False).first).to_be_visible()
    axe(page)  # the form shown back with its error
    page.get_by_label("Я понимаю, что моя учётная запись будет закрыта").check()
    page.get_by_label("Ваш пароль").fill(PASSWORD)
    page.get_by_role("button", name="Отозвать согласие и удалить учётную запись").click()

    # she is logged out, told so, and cannot log in again
    expect(page.get_by_role("heading", level=1, name="Учётная запись удалена")).to_be_visible()
    expect(steps.header(page).get_by_role("link", name="Войти")).to_be_visible()
    axe(page)
    steps.log_in(page, email=olga.email, password=PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text(
        "Неверный адрес электронной почты или пароль."
    )
    axe(page)  # the login form with its error
    goodbye = [m for m in mailoutbox if m.to == [olga.email] and "уничтожены" in m.subject]
    assert len(goodbye) == 1, [m.subject for m in mailoutbox]

    # her name is gone from every page that showed it
    def assert_no_name(where):
        admin.wait_for_load_state("load")
        html = admin.content()
        for part in parts:
            assert part not in html, (where, part)

    steps.open_community(admin, GORIZONT)
    assert_no_name("community page")
    admin.get_by_role("link", name="Участники", exact=True).click()
    expect(admin.get_by_role("heading", level=1, name="Участники")).to_be_visible()
    assert_no_name("members directory")
    response = admin.goto(profile_url)
    assert response.status == 404
    expect(admin.get_by_role("heading", level=1, name="Страница не найдена")).to_be_visible()
    assert_no_name("profile")
    axe(admin)  # the Russian 404 page
    steps.open_community(admin, GORIZONT)
    admin.get_by_role("link", name="Журнал аудита сообщества").click()
    expect(admin.locator("main table")).to_contain_text("Бывший участник")
    assert_no_name("audit log")
    steps.open_join_requests(admin, SINERGIYA)
    expect(admin.get_by_text("Заявок, ожидающих решения, нет.")).to_be_visible()
    assert_no_name("join-request queue")
    steps.open_community(admin, SINERGIYA)
    admin.get_by_role("link", name="Журнал аудита сообщества").click()
    expect(admin.locator("main table")).to_contain_text("Бывший участник")
    assert_no_name("audit log of the community she asked to join")


def test_c_the_name_is_gone_from_the_managers_notifications(page, new_page, world, browser_login):
    from pedset.privacy.models import ConsentSource
    from pedset.privacy.services import consent_give

    # an existing member of the platform (consent to its operator given at registration)
    olga = UserFactory(last_name="Снегирёва", first_name="Ольга", patronymic="Тимуровна")
    consent_give(
        user=olga, operator=world.platform, source=ConsentSource.REGISTRATION, request=None
    )
    browser_login(page, olga)
    steps.ask_to_join(page, SINERGIYA)

    admin = new_page()
    browser_login(admin, world.administrator)
    steps.open_notifications(admin)
    expect(admin.locator("main")).to_contain_text("Новая заявка ждёт вашего решения")

    page.goto("/privacy/my/withdraw/")
    page.get_by_label("Я понимаю, что моя учётная запись будет закрыта").check()
    page.get_by_label("Ваш пароль").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Отозвать согласие и удалить учётную запись").click()
    expect(page.get_by_role("heading", level=1, name="Учётная запись удалена")).to_be_visible()

    admin.reload()
    expect(admin.get_by_role("heading", level=1, name="Уведомления")).to_be_visible()
    html = admin.content()
    assert "Снегирёва" not in html
    assert "Тимуровна" not in html


# --- d. the version for the visually impaired ----------------------------------------------


def png_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), (40, 110, 190)).save(buffer, format="PNG")
    return buffer.getvalue()


FONT_SIZE = "parseFloat(getComputedStyle(document.body).fontSize)"


def wait_for_font_size(page, condition: str, size: float) -> None:
    """Wait (Playwright's waiting, no sleep) until the body text size meets the condition:
    the stylesheet of the version may still be loading when the new page is first shown.
    The predicate is a function, not an expression: Playwright evaluates a polled expression
    with eval(), which the site's Content-Security-Policy rightly forbids."""
    page.wait_for_function(f"() => {FONT_SIZE} {condition} {size}")


def test_d_the_version_for_the_visually_impaired_is_remembered_for_the_person(page, world, axe):
    teacher = UserFactory()

    # a teacher logs in and puts a photo on their profile
    steps.log_in(page, email=teacher.email, password=DEFAULT_PASSWORD)
    steps.header(page).get_by_role("link", name="Настройки").click()
    page.get_by_label(re.compile(r"^Фотография:?$")).set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": png_photo()}]
    )
    page.get_by_role("button", name="Сохранить профиль").click()
    expect(steps.messages(page)).to_contain_text("Профиль сохранён.")
    steps.header(page).get_by_role("link", name="Моя страница").click()
    avatar = page.locator("main img.avatar")
    expect(avatar).to_be_visible()
    assert page.evaluate("document.querySelector('main img.avatar').naturalWidth") > 0
    page.wait_for_load_state("load")
    normal = page.evaluate(FONT_SIZE)

    # they switch the version for the visually impaired on: larger text, images off
    steps.header(page).get_by_role("button", name="Версия для слабовидящих").click()
    expect(steps.header(page).get_by_role("button", name="Обычная версия")).to_be_visible()
    expect(page.locator("html")).to_have_class(re.compile(r"\ba11y\b"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_font_size(page, ">=", normal * 1.3)
    expect(avatar).to_have_count(1)
    expect(avatar).to_be_hidden()
    axe(page)

    # it is remembered for the person: logged out and in again, it is still on
    steps.log_out(page)
    steps.log_in(page, email=teacher.email, password=DEFAULT_PASSWORD)
    expect(page.locator("html")).to_have_class(re.compile(r"\ba11y\b"))
    steps.header(page).get_by_role("link", name="Настройки").click()
    expect(page.get_by_label("Версия для слабовидящих")).to_be_checked()
    expect(page.locator("main img.avatar")).to_have_count(1)  # the current photo, not shown
    expect(page.locator("main img.avatar")).to_be_hidden()
    wait_for_font_size(page, ">=", normal * 1.3)
    axe(page)
    steps.open_community(page, SINERGIYA)
    wait_for_font_size(page, ">=", normal * 1.3)
    axe(page)
    steps.header(page).get_by_role("link", name="Моя страница").click()
    expect(page.get_by_role("heading", level=1, name=teacher.get_full_name())).to_be_visible()
    expect(avatar).to_have_count(1)
    expect(avatar).to_be_hidden()

    # and it can be switched off again: the photo comes back
    steps.header(page).get_by_role("button", name="Обычная версия").click()
    expect(steps.header(page).get_by_role("button", name="Версия для слабовидящих")).to_be_visible()
    expect(avatar).to_be_visible()
    wait_for_font_size(page, "==", normal)

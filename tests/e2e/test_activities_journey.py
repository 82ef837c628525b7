"""The journey of issue 5 («How it is shown»), as people do it in Chromium.

The coordinator adds an item to the community's work plan (a webinar, its topic, term and the
responsible person), creates the webinar from the item («Создать мероприятие по пункту»: the
event form comes filled in from the item), sets its time and places, saves the draft, announces
it and sets up its online room (an external link). Two members register, each in a browser of
their own; one of them enters the room (the POST button sends her to the room's address) and the
list of registrations shows her as present, the other not. The event ends; the coordinator
issues the certificates from the event's page; the member who was present finds hers on the
event's page and in «Мои документы», the absent one has none, and /verify/<code>/ confirms the
certificate to an anonymous visitor (initials and surname only, the event's title). Back in the
plan, the item shows the webinar as held with its numbers.

Only the starting data is made directly (the community and its people). «The event ends» moves
the event's times into the past in the database (the live server runs in this process). The
room's «external» address is on the live server itself, so nothing leaves the machine. axe-core
checks every distinct page.
"""

import datetime
import io
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pedset.accounts.models import Gender
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e import steps

pytestmark = pytest.mark.django_db(transaction=True)

COMMUNITY = "Математика без границ"
SLUG = "matematika-bez-granits"
ZONE = "Europe/Moscow"
TOPIC = "Формирующее оценивание на уроках математики в 5–6 классах"
AUDIENCE = "учителя математики 5–6 классов"
RESULT = "Банк приёмов формирующего оценивания для уроков математики."
DESCRIPTION = "Приёмы формирующего оценивания: листы самооценки, «светофор», билеты на выход."
CAPACITY = 30
# The room's «external» address: the live server's home page with a query (page.route cannot
# stand in for the conferencing service: Playwright does not route the target of a redirect).
ROOM_PATH = "/?vstrecha=formiruyushchee-otsenivanie"


def teacher(last_name, first_name, patronymic, **extra):
    """A synthetic member of the community."""
    return UserFactory(last_name=last_name, first_name=first_name, patronymic=patronymic, **extra)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def world(db):
    community = CommunityFactory(slug=SLUG, name=COMMUNITY, time_zone=ZONE)
    people = SimpleNamespace(
        coordinator=teacher("Белова", "Нина", "Аркадьевна", gender=Gender.FEMALE),
        present=teacher("Зимина", "Ольга", "Петровна", gender=Gender.FEMALE),
        # a reader in Yakutia: the event's time is shown in his zone and the community's
        absent=teacher(
            "Крылов", "Денис", "Андреевич", gender=Gender.MALE, time_zone="Asia/Yakutsk"
        ),
    )
    MembershipFactory(community=community, user=people.coordinator, role=Role.COORDINATOR)
    MembershipFactory(community=community, user=people.present, role=Role.MEMBER)
    MembershipFactory(community=community, user=people.absent, role=Role.MEMBER)
    return SimpleNamespace(community=community, **vars(people))


def open_plan(page, year):
    """The community's page, «План работы» (this year's), the plan of ``year``."""
    page.goto(f"/communities/{SLUG}/")
    page.get_by_role("link", name="План работы", exact=True).click()
    expect(heading(page)).to_have_text(re.compile(f"^План работы сообщества «{COMMUNITY}» на"))
    if heading(page).inner_text() != f"План работы сообщества «{COMMUNITY}» на {year} год":
        # the webinar falls in the next year (New Year's Eve, 23:49 or later)
        page.get_by_role("navigation", name="Годы плана").get_by_role(
            "link", name=str(year)
        ).click()
    expect(heading(page)).to_have_text(f"План работы сообщества «{COMMUNITY}» на {year} год")


def open_event_from_community(page, title):
    """The community's page, its «Мероприятия» block, the event."""
    page.goto(f"/communities/{SLUG}/")
    expect(heading(page)).to_have_text(COMMUNITY)
    events = page.locator("section").filter(
        has=page.get_by_role("heading", level=2, name="Мероприятия", exact=True)
    )
    events.get_by_role("link", name=title, exact=True).click()
    expect(heading(page)).to_have_text(title)


def certificates_panel(page):
    return page.locator("main section").filter(
        has=page.get_by_role("heading", name="Сертификаты и дипломы")
    )


def test_a_planned_webinar_is_held_and_its_certificate_verifies(
    page_as, new_page, world, axe, live_server, settings
):
    from pedset.certificates.models import AwardGround, EventAward
    from pedset.events.models import Event, EventStatus, Registration
    from pedset.plans.models import PlanItem

    coordinator_user, present_user, absent_user = world.coordinator, world.present, world.absent
    settings.ROOM_OPENS_MINUTES_BEFORE = 15  # the defaults, whatever the environment says
    settings.ROOM_CLOSES_MINUTES_AFTER = 30
    settings.BBB_URL = settings.BBB_SECRET = settings.JITSI_URL = ""  # the link only
    zone = ZoneInfo(ZONE)
    # the webinar starts in a few minutes, so its room is already open (it opens 15 minutes
    # before the start) and nobody can mark attendance by hand yet (that starts at the start)
    starts = (timezone.now().astimezone(zone) + datetime.timedelta(minutes=11)).replace(
        second=0, microsecond=0
    )
    ends = starts + datetime.timedelta(minutes=60)
    day = starts.date()
    room_url = f"{live_server.url}{ROOM_PATH}"

    # --- the coordinator adds the item to the community's work plan -------------------------
    coordinator = page_as(coordinator_user)
    open_plan(coordinator, day.year)
    expect(coordinator.locator("main")).to_contain_text("Плана работы на")  # no plan yet
    axe(coordinator)  # the empty plan, as its coordinator sees it
    coordinator.get_by_role("link", name="Добавить пункт").click()
    expect(heading(coordinator)).to_have_text("Новый пункт плана")
    axe(coordinator)
    coordinator.get_by_label(re.compile(r"^Форма:?$")).select_option(label="вебинар")
    coordinator.get_by_label(re.compile(r"^Тема:?$")).fill(TOPIC)
    coordinator.get_by_label(re.compile(r"^Начало:?$")).fill(day.isoformat())
    coordinator.get_by_label(re.compile(r"^Окончание:?$")).fill(day.isoformat())
    coordinator.get_by_label(coordinator_user.get_full_name(), exact=True).check()
    coordinator.get_by_label(re.compile(r"^Участники \(аудитория\):?$")).fill(AUDIENCE)
    coordinator.get_by_label(re.compile(r"^Ожидаемый результат:?$")).fill(RESULT)
    coordinator.locator("main form").get_by_role("button", name="Сохранить").click()
    expect(steps.messages(coordinator)).to_contain_text("Пункт добавлен в план.")
    item_row = coordinator.get_by_role("row").filter(has_text=TOPIC)
    expect(item_row).to_contain_text("Вебинар")
    expect(item_row).to_contain_text(day.strftime("%d.%m.%Y"))
    expect(item_row).to_contain_text(coordinator_user.get_full_name())
    expect(item_row).to_contain_text(AUDIENCE)
    expect(item_row).to_contain_text(RESULT)
    axe(coordinator)  # the plan with its item
    item = PlanItem.objects.get()
    assert item.topic == TOPIC and item.form == "webinar"
    assert list(item.responsible.all()) == [coordinator_user]

    # --- … and creates the webinar from it: the form comes filled in from the item ----------
    item_row.get_by_role("link", name="Создать мероприятие по пункту").click()
    expect(heading(coordinator)).to_have_text("Новое мероприятие: вебинар")
    expect(coordinator.locator("main")).to_contain_text(
        f"Мероприятие выполняет пункт плана работы на {day.year} год: «{TOPIC}»."
    )
    title_field = coordinator.get_by_label(re.compile(r"^Название:?$"))
    starts_field = coordinator.get_by_label(re.compile(r"^Начало:?$"))
    ends_field = coordinator.get_by_label(re.compile(r"^Окончание:?$"))
    expect(title_field).to_have_value(TOPIC)
    expect(starts_field).to_have_value(f"{day.isoformat()}T10:00")
    expect(coordinator.get_by_label(re.compile(r"^Нужна регистрация:?$"))).to_be_checked()
    axe(coordinator)  # the event form, filled in from the item
    coordinator.get_by_label(re.compile(r"^Описание:?$")).fill(DESCRIPTION)
    starts_field.fill(starts.strftime("%Y-%m-%dT%H:%M"))
    ends_field.fill(ends.strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_label(re.compile(r"^Число мест:?$")).fill(str(CAPACITY))
    coordinator.get_by_role("button", name="Сохранить черновик").click()
    expect(steps.messages(coordinator)).to_contain_text("Мероприятие сохранено как черновик.")
    expect(heading(coordinator)).to_have_text(TOPIC)
    event = Event.objects.get()
    assert event.plan_item_id == item.pk and event.form == "webinar"
    assert (event.starts_at, event.ends_at) == (starts, ends)
    assert event.capacity == CAPACITY and event.status == EventStatus.DRAFT

    coordinator.get_by_role("button", name="Объявить мероприятие").click()
    expect(steps.messages(coordinator)).to_contain_text("Мероприятие объявлено")
    expect(coordinator.get_by_role("button", name="Объявить мероприятие")).to_have_count(0)

    # --- the online room: an external link ---------------------------------------------------
    room_panel = coordinator.locator("main section").filter(
        has=coordinator.get_by_role("heading", name="Онлайн-комната")
    )
    room_panel.get_by_role("link", name="Подготовить онлайн-комнату").click()
    expect(heading(coordinator)).to_have_text("Онлайн-комната")
    axe(coordinator)  # the room's settings
    # the only system set up is named, not offered as a choice of one
    expect(coordinator.locator("main form")).to_contain_text("Система видеосвязи: внешняя ссылка")
    coordinator.get_by_label(re.compile(r"^Ссылка на комнату:?$")).fill(room_url)
    coordinator.locator("main form").get_by_role("button", name="Сохранить").click()
    expect(steps.messages(coordinator)).to_contain_text("Онлайн-комната подготовлена.")
    expect(heading(coordinator)).to_have_text(TOPIC)
    expect(room_panel).to_contain_text("внешняя ссылка")
    expect(room_panel.get_by_role("button", name="Войти в комнату")).to_be_visible()
    axe(coordinator)  # the announced event, as the coordinator sees it

    # --- an anonymous visitor sees the announcement, but no names and no room ---------------
    visitor = new_page()
    visitor.goto(f"/events/{event.pk}/")
    expect(heading(visitor)).to_have_text(TOPIC)
    expect(visitor.locator("main")).to_contain_text(DESCRIPTION)
    expect(visitor.get_by_role("link", name="Войдите")).to_be_visible()
    expect(visitor.locator("main")).not_to_contain_text(coordinator_user.last_name)
    expect(visitor.get_by_role("heading", name="Онлайн-комната")).to_have_count(0)
    expect(visitor.get_by_role("button", name="Зарегистрироваться")).to_have_count(0)
    axe(visitor)  # the event's page for an anonymous visitor

    # --- two members register, each in a browser of their own --------------------------------
    present = page_as(present_user)
    absent = page_as(absent_user)
    for member in (present, absent):
        open_event_from_community(member, TOPIC)
        member.get_by_role("button", name="Зарегистрироваться").click()
        expect(steps.messages(member)).to_contain_text("Вы зарегистрированы.")
        expect(member.locator("main #registration")).to_contain_text("Вы зарегистрированы.")
        expect(member.get_by_role("button", name="Отменить мою регистрацию")).to_be_visible()
    # the reader in Yakutia sees the time in his zone and in the community's
    expect(absent.locator("main dl.props time.event-time")).to_contain_text("ЯКТ")
    expect(absent.locator("main dl.props time.event-time")).to_contain_text("МСК")
    axe(present)  # the event's page as a registered member, the «Войти в комнату» button
    assert Registration.objects.filter(event=event, status="registered").count() == 2

    # --- one of them enters the room: the POST button sends her to the room's address -------
    present.get_by_role("button", name="Войти в комнату").click()
    expect(present).to_have_url(room_url)

    # --- the list of registrations: she attended, the other did not -------------------------
    coordinator.get_by_role("link", name="Участники, материалы, посещаемость").click()
    expect(heading(coordinator)).to_have_text(TOPIC)
    expect(coordinator.locator("main")).to_contain_text(f"Зарегистрировано: 2 из {CAPACITY}.")
    registrations = coordinator.locator("main table").filter(
        has=coordinator.locator("caption", has_text="Регистрации")
    )
    came = registrations.get_by_role("row").filter(has_text=present_user.get_full_name())
    stayed_away = registrations.get_by_role("row").filter(has_text=absent_user.get_full_name())
    expect(came.locator("td").last).to_have_text("да (вошёл (вошла) в онлайн-комнату)")
    expect(stayed_away.locator("td").last).to_have_text("")
    axe(coordinator)  # the page that runs the event
    assert Registration.objects.get(user=present_user).attendance_source == "room"
    assert Registration.objects.get(user=absent_user).attended_at is None

    # --- the event ends -----------------------------------------------------------------------
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(hours=2), ends_at=now - datetime.timedelta(hours=1)
    )

    # --- the coordinator issues the certificates from the event's page -----------------------
    coordinator.get_by_role("link", name="Страница мероприятия").click()
    expect(heading(coordinator)).to_have_text(TOPIC)
    panel = certificates_panel(coordinator)
    # the member who was present and the organiser (the coordinator who created the event)
    issue = panel.get_by_role("button", name=re.compile(r"^Выдать сертификаты"))
    expect(issue).to_have_text(re.compile(r"\(2\)$"))
    axe(coordinator)  # the ended event with the certificates panel
    issue.click()
    expect(steps.messages(coordinator)).to_contain_text(
        "Выдано 2 документа; получатели уведомлены."
    )
    panel = certificates_panel(coordinator)
    expect(panel).to_contain_text("Выдано: 2")
    expect(panel.get_by_role("button", name=re.compile("^Выдать"))).to_have_count(0)
    panel.get_by_text("Выданные документы (2)").click()  # the list opens
    expect(panel.get_by_role("row").filter(has_text=present_user.get_full_name())).to_contain_text(
        "№ "
    )
    axe(coordinator)  # the panel with the issued documents
    awards = {(award.user_id, award.ground) for award in EventAward.objects.filter(event=event)}
    assert awards == {
        (present_user.pk, AwardGround.PARTICIPANT),
        (coordinator_user.pk, AwardGround.ORGANISER),
    }
    certificate = EventAward.objects.get(user=present_user).document
    assert certificate.recipient_id == present_user.pk

    # --- the member who was present finds hers on the event's page … ------------------------
    present.goto(f"/events/{event.pk}/")
    expect(heading(present)).to_have_text(TOPIC)
    own = (
        certificates_panel(present)
        .get_by_role("listitem")
        .filter(has_text=f"№ {certificate.number}")
    )
    expect(own).to_contain_text("Сертификат")
    expect(certificates_panel(present).get_by_role("button")).to_have_count(0)
    axe(present)  # the ended event with her certificate
    with present.expect_download() as download:
        own.get_by_role("link", name="PDF", exact=True).click()
    with open(download.value.path(), "rb") as pdf_file:
        certificate_pdf = pdf_file.read()
    assert certificate_pdf.startswith(b"%PDF-")
    printed = pdf_text(certificate_pdf)
    assert certificate.number in printed
    assert "Зимина Ольга Петровна" in printed  # the holder, in the nominative
    assert "приняла участие в вебинаре" in printed  # agreeing with her gender
    assert "".join(TOPIC.split()) in "".join(printed.split())

    # --- … and in «Мои документы»; the absent member has none -------------------------------
    steps.open_my_documents(present)
    line = present.get_by_role("row").filter(has_text=f"№ {certificate.number}")
    expect(line).to_contain_text(f"Сертификат участника вебинара «{TOPIC}»")
    expect(line).to_contain_text(COMMUNITY)
    axe(present)

    absent.goto(f"/events/{event.pk}/")
    expect(heading(absent)).to_have_text(TOPIC)
    expect(absent.get_by_role("heading", name="Сертификаты и дипломы")).to_have_count(0)
    axe(absent)  # the ended event as a member who did not come
    steps.open_my_documents(absent)
    expect(absent.locator("main")).to_contain_text("Вам пока не выдано ни одного документа.")
    expect(absent.locator("main table")).to_have_count(0)
    assert not EventAward.objects.filter(user=absent_user).exists()

    # --- /verify/<code>/ confirms it to an anonymous visitor ---------------------------------
    line.get_by_role("link", name="проверить").click()
    expect(present).to_have_url(re.compile(f"/verify/{re.escape(certificate.verification_code)}/$"))
    visitor.goto(f"/verify/{certificate.verification_code}/")
    expect(heading(visitor)).to_have_text("Проверка подлинности документа")
    expect(visitor.locator("main")).to_contain_text(
        "Документ действителен: он выдан на платформе и не отозван."
    )
    facts = visitor.locator("main dl.props")
    expect(facts).to_contain_text(f"№ {certificate.number}")
    expect(facts).to_contain_text(f"Сертификат участника вебинара «{TOPIC}»")
    expect(facts).to_contain_text("О. П. Зимина")
    expect(facts).not_to_contain_text("Ольга Петровна")  # initials only, in public
    expect(visitor.get_by_role("link", name="Скачать PDF")).to_have_count(0)
    axe(visitor)  # the verification page for an anonymous visitor

    # --- back in the plan: the item's webinar is held, with its numbers ----------------------
    open_plan(coordinator, day.year)
    item_row = coordinator.get_by_role("row").filter(has_text=TOPIC)
    expect(item_row.get_by_role("link", name=TOPIC, exact=True)).to_be_visible()
    expect(item_row).to_contain_text("проведено: зарегистрировано 2, присутствовали 1")
    expect(item_row).to_contain_text("Мероприятие проведено — отметьте пункт выполненным.")
    axe(coordinator)  # the plan with the held event

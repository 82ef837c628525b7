"""The journey of issue 4 («How it is shown»), as people do it in Chromium.

A teacher puts a methodical development (a real PDF) into the community's bank and submits it
for expertise, consenting to the publication of her name; the coordinator opens the expertise
desk and assigns the expert, the term shown; the expert opens «Моя экспертиза», accepts, scores
every criterion, writes the conclusion and recommends inclusion; the coordinator records the
decision «включить» with reasons; the numbered order is issued and its PDF downloads from its
page; an anonymous visitor finds the material in the virtual methodical cabinet and downloads
it; the teacher finds her publication certificate in «Мои документы», and /verify/<code>/
confirms it, for an anonymous visitor too.

Only the starting data is made directly (the community with its default forum sections and its
people: a member, an expert, a coordinator); the review form's criteria are the community's
defaults, made by the site. Everything else is clicked through the pages, each person signing
in through the login form in a browser of their own. axe-core checks every distinct page.
"""

import io
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e import steps

pytestmark = pytest.mark.django_db(transaction=True)

COMMUNITY = "Синергия"
SLUG = "sinergiya"
TITLE = "Проектная деятельность на уроках истории в 7 классе"
SUMMARY = "Методическая разработка серии уроков: этапы проекта, роли учеников, лист оценки."
FILE_NAME = "Проектная деятельность.pdf"
CONCLUSION = "Разработка актуальна и готова к использованию: этапы проекта описаны подробно."
REASONS = "Положительное экспертное заключение; материал соответствует положению о кабинете."
INCLUDE = "включить в виртуальный методический кабинет"


def teacher(last_name, first_name, patronymic):
    """A synthetic member of the community."""
    return UserFactory(last_name=last_name, first_name=first_name, patronymic=patronymic)


def small_pdf() -> bytes:
    """A real one-page PDF, as WeasyPrint writes it (the upload check reads its content)."""
    from weasyprint import HTML

    return HTML(
        string=f"<html lang='ru'><body><h1>{TITLE}</h1><p>{SUMMARY}</p></body></html>"
    ).write_pdf()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def shown_time(moment, zone: str) -> str:
    """A moment as the pages print it: «j E Y, H:i» in Russian, in the community's zone."""
    from django.utils import timezone, translation
    from django.utils.dateformat import format as date_format

    with translation.override("ru"), timezone.override(ZoneInfo(zone)):
        return date_format(timezone.localtime(moment), "j E Y, H:i")


@pytest.fixture
def world(db):
    from pedset.forum.services import section_create_defaults

    community = CommunityFactory(slug=SLUG, name=COMMUNITY)
    section_create_defaults(community=community)
    people = SimpleNamespace(
        author=teacher("Зимина", "Ольга", "Петровна"),
        expert=teacher("Крылов", "Денис", "Андреевич"),
        coordinator=teacher("Белова", "Нина", "Аркадьевна"),
    )
    roles = {"expert": Role.EXPERT, "coordinator": Role.COORDINATOR}
    for name, person in vars(people).items():
        MembershipFactory(community=community, user=person, role=roles.get(name, Role.MEMBER))
    return SimpleNamespace(community=community, **vars(people))


def signed_in(new_page, browser_login, person):
    page = new_page()
    browser_login(page, person)
    expect(steps.header(page).get_by_role("link", name="Моя страница")).to_be_visible()
    return page


def test_a_submitted_material_passes_expertise_enters_the_cabinet_and_its_certificate_verifies(
    page, new_page, world, axe, browser_login
):
    from pedset.documents.models import Document, DocumentKind
    from pedset.materials.models import Material, MaterialStatus
    from pedset.review.models import Assignment

    author, expert, community = world.author, world.expert, world.community
    pdf = small_pdf()

    # --- the teacher puts a material with a PDF into the bank and submits it ----------------
    browser_login(page, author)
    expect(steps.header(page).get_by_role("link", name="Моя страница")).to_be_visible()
    steps.open_bank(page, SLUG, COMMUNITY, axe=axe)
    page.get_by_role("link", name="Разместить материал").click()
    expect(page.get_by_role("heading", level=1, name="Новый материал")).to_be_visible()
    axe(page)
    page.get_by_label(re.compile(r"^Название:?$")).fill(TITLE)
    page.get_by_label(re.compile(r"^Аннотация:?$")).fill(SUMMARY)
    page.get_by_label(re.compile(r"^Вид материала:?$")).select_option(
        label="методическая разработка"
    )
    page.get_by_label(re.compile(r"^Уровень образования:?$")).select_option(
        label="ООО — основное общее образование"
    )
    page.get_by_label(re.compile(r"^Лицензия:?$")).select_option(
        label="CC BY 4.0 — использование с указанием авторства"
    )
    page.get_by_label(re.compile(r"^Теги:?$")).fill("проектная деятельность, история")
    page.get_by_label(re.compile(r"^Файлы:?$")).set_input_files(
        {"name": FILE_NAME, "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(steps.messages(page)).to_contain_text("Черновик сохранён.")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.locator("main")).to_contain_text("черновик")
    expect(page.get_by_role("link", name=FILE_NAME, exact=True)).to_be_visible()
    # the first page of the PDF is shown as a preview, made by the site
    expect(page.get_by_role("img", name=f"Предпросмотр файла «{FILE_NAME}»")).to_be_visible()
    axe(page)  # the draft's page

    page.get_by_role("link", name="Подать на экспертизу").click()
    expect(page.get_by_role("heading", level=1, name="Подать на экспертизу")).to_be_visible()
    axe(page)
    page.get_by_label("Я согласен(на) на публикацию моих фамилии, имени, отчества").check()
    page.get_by_role("button", name="Подать на экспертизу").click()
    expect(steps.messages(page)).to_contain_text("Материал подан на экспертизу")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.locator("main .badge").first).to_have_text("подан на экспертизу")
    axe(page)  # a submitted material, with the expertise panel

    material = Material.objects.get()
    assert material.status == MaterialStatus.SUBMITTED
    assert material.authorship_consent_at is not None

    # --- the coordinator assigns the expert from the desk; the term is shown ---------------
    coordinator = signed_in(new_page, browser_login, world.coordinator)
    steps.open_expertise_desk(coordinator, SLUG, COMMUNITY, axe=axe)
    waiting = coordinator.locator("section").filter(
        has=coordinator.get_by_role("heading", name=re.compile("^Ожидают назначения экспертов"))
    )
    waiting.get_by_role("row").filter(has_text=TITLE).get_by_role(
        "link", name="Назначить экспертов"
    ).click()
    expect(coordinator.get_by_role("heading", level=1, name="Назначить экспертов")).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text("При назначении сейчас срок истекает")
    axe(coordinator)
    coordinator.get_by_label(f"{expert.get_full_name()} — эксперт").check()
    coordinator.get_by_role("button", name="Назначить", exact=True).click()
    expect(steps.messages(coordinator)).to_contain_text("Назначено экспертов: 1.")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        f"Экспертиза материала «{TITLE}»"
    )
    assignment = Assignment.objects.get()
    deadline = shown_time(assignment.deadline, community.time_zone)
    row = coordinator.get_by_role("row").filter(has_text=expert.get_full_name())
    expect(row).to_contain_text("ожидает ответа эксперта")
    expect(row).to_contain_text(re.compile(r"осталось \d+ дн\."))
    expect(row).to_contain_text(f"срок до {deadline}")
    axe(coordinator)  # the expertise of the material, as the coordinator sees it

    # --- the expert accepts in «Моя экспертиза» and writes the review ----------------------
    reviewer = signed_in(new_page, browser_login, expert)
    steps.open_my_expertise(reviewer)
    invitation = reviewer.locator("main li.card").filter(has_text=TITLE)
    expect(invitation).to_contain_text(f"срок до {deadline}")
    axe(reviewer)  # with the invitation
    invitation.get_by_role("button", name="Принять").click()
    expect(steps.messages(reviewer)).to_contain_text("Вы приняли назначение.")
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(f"Экспертиза материала «{TITLE}»")
    expect(reviewer.get_by_role("heading", name="Экспертное заключение")).to_be_visible()
    axe(reviewer)  # the review form
    scores = reviewer.get_by_label(re.compile(r"балл от 0 до \d+"))
    expect(scores.first).to_be_visible()
    assert scores.count() >= 2  # the community's default criteria, one score each
    for index in range(scores.count()):
        field = scores.nth(index)
        label = field.evaluate("(input) => input.labels[0].textContent")
        highest = int(re.search(r"балл от 0 до (\d+)", label).group(1))
        field.fill(str(highest - index % 2))
    reviewer.get_by_label(re.compile(r"^Комментарий к критерию «")).first.fill(
        "Опирается на ФГОС ООО и примерную программу по истории."
    )
    reviewer.get_by_label(re.compile(r"^Заключение:?$")).fill(CONCLUSION)
    reviewer.get_by_label(INCLUDE, exact=True).check()
    reviewer.get_by_role("button", name="Отправить заключение").click()
    expect(steps.messages(reviewer)).to_contain_text("Заключение отправлено.")
    submitted = reviewer.locator("main article.card")
    expect(submitted).to_contain_text(CONCLUSION)
    expect(submitted).to_contain_text(INCLUDE)
    axe(reviewer)  # the submitted review

    # --- the coordinator records the decision «включить» with reasons ----------------------
    steps.open_expertise_desk(coordinator, SLUG, COMMUNITY)
    deciding = coordinator.locator("section").filter(
        has=coordinator.get_by_role("heading", name=re.compile("^Ожидают решения"))
    )
    deciding.get_by_role("row").filter(has_text=TITLE).get_by_role(
        "link", name="Принять решение"
    ).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        f"Решение по материалу «{TITLE}»"
    )
    expect(coordinator.locator("main article.card")).to_contain_text(CONCLUSION)
    expect(coordinator.locator("main article.card")).to_contain_text(expert.get_full_name())
    axe(coordinator)
    coordinator.get_by_label(INCLUDE, exact=True).check()
    coordinator.get_by_label(re.compile(r"^Обоснование:?$")).fill(REASONS)
    coordinator.get_by_role("button", name="Принять решение").click()
    expect(steps.messages(coordinator)).to_contain_text("Решение принято; авторы уведомлены.")
    expect(coordinator.locator("main")).to_contain_text(REASONS)
    axe(coordinator)  # the decided round

    # --- the order is issued: its number on the material's page, its PDF from its page -----
    order = Document.objects.get(kind=DocumentKind.ORDER)
    coordinator.locator("main").get_by_role("link", name="Открыть материал").click()
    expect(coordinator.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    cabinet_block = coordinator.locator("section").filter(
        has=coordinator.get_by_role("heading", name="Виртуальный методический кабинет")
    )
    order_link = cabinet_block.get_by_role(
        "link", name=re.compile(f"приказом № {re.escape(order.number)}")
    )
    expect(order_link).to_be_visible()
    axe(coordinator)  # the material, included
    order_link.click()
    expect(
        coordinator.get_by_role("heading", level=1, name="Проверка подлинности документа")
    ).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text("Документ действителен")
    expect(coordinator.locator("main")).to_contain_text(f"№ {order.number}")
    axe(coordinator)  # the order's verification page, with its downloads
    with (
        coordinator.expect_response(re.compile(r"/documents/\d+/pdf/$")) as answer,
        coordinator.expect_download() as download,
    ):
        coordinator.get_by_role("link", name="Скачать PDF").click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    with open(download.value.path(), "rb") as pdf_file:
        order_pdf = pdf_file.read()
    assert order_pdf.startswith(b"%PDF-")
    assert order.number in pdf_text(order_pdf)

    # --- an anonymous visitor finds the material in the cabinet and downloads it -----------
    visitor = new_page()
    steps.open_cabinet(visitor)
    expect(steps.header(visitor).get_by_role("link", name="Войти")).to_be_visible()
    card = visitor.locator("main article.card").filter(has_text=TITLE)
    expect(card).to_contain_text(author.get_full_name())
    expect(card).to_contain_text(f"Приказ № {order.number}")
    axe(visitor)
    card.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(visitor.locator("main")).to_contain_text("включён в методический кабинет")
    axe(visitor)  # the material's page for an anonymous visitor
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=FILE_NAME, exact=True).click()
    assert download.value.suggested_filename == FILE_NAME
    with open(download.value.path(), "rb") as material_file:
        assert material_file.read() == pdf

    # --- the teacher's publication certificate: «Мои документы» → /verify/<code>/ ----------
    certificate = Document.objects.get(kind=DocumentKind.PUBLICATION_CERTIFICATE)
    assert certificate.recipient_id == author.pk
    steps.open_my_documents(page)
    line = page.get_by_role("row").filter(has_text=f"№ {certificate.number}")
    expect(line).to_contain_text("Свидетельство о публикации")
    axe(page)
    line.get_by_role("link", name="проверить").click()
    expect(page).to_have_url(re.compile(f"/verify/{re.escape(certificate.verification_code)}/$"))
    holder = "О. П. Зимина"
    for reader in (page, visitor):
        if reader is visitor:
            reader.goto(f"/verify/{certificate.verification_code}/")
        expect(
            reader.get_by_role("heading", level=1, name="Проверка подлинности документа")
        ).to_be_visible()
        expect(reader.locator("main")).to_contain_text(
            "Документ действителен: он выдан на платформе и не отозван."
        )
        facts = reader.locator("main dl.props")
        expect(facts).to_contain_text(f"№ {certificate.number}")
        expect(facts).to_contain_text(holder)
        expect(facts).not_to_contain_text("Ольга Петровна")  # initials only, in public
        axe(reader)
    # the holder may download it; an anonymous visitor only sees it
    expect(page.get_by_role("link", name="Скачать PDF")).to_be_visible()
    expect(visitor.get_by_role("link", name="Скачать PDF")).to_have_count(0)

    material.refresh_from_db()
    assert material.status == MaterialStatus.INCLUDED

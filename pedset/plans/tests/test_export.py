"""The exported DOCX and XLSX read back equal the plan (Cyrillic topics from hypothesis), and an
exported XLSX imports into another year's plan as the same items."""

import datetime
import io

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events.models import EventForm, EventStatus
from pedset.events.tests.factories import EventFactory, past_event, registered
from pedset.plans import columns, exports, selectors, services
from pedset.plans.models import PlanItem, PlanItemStatus
from pedset.plans.tests.factories import PlanItemFactory, plan_of
from pedset.plans.tests.helpers import SHEET_HEADER, upload

pytestmark = pytest.mark.django_db

YEAR = 2026
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
topics = (
    st.text(alphabet=CYRILLIC + " «»—–-,.:;!?№0123456789()", min_size=1, max_size=120)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
days = st.dates(min_value=datetime.date(YEAR, 1, 1), max_value=datetime.date(YEAR, 12, 31))


@st.composite
def item_data(draw):
    start = draw(days)
    end = draw(st.dates(min_value=start, max_value=datetime.date(YEAR, 12, 31)))
    return {
        "form": draw(st.sampled_from(EventForm.values)),
        "topic": draw(topics),
        "starts_on": start,
        "ends_on": end,
        "audience": draw(st.one_of(st.just(""), topics)),
        "expected_result": draw(st.one_of(st.just(""), topics)),
    }


def make_plan(data_list, *, people=()):
    community = CommunityFactory(name="Сетевое сообщество учителей математики «Синергия»")
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    members = [MembershipFactory(community=community).user for _ in range(people)]
    for index, data in enumerate(data_list):
        services.plan_item_create(
            actor=coordinator,
            community=community,
            year=YEAR,
            responsible=members[index % len(members) : index % len(members) + 1] if members else [],
            **data,
        )
    plan = selectors.plan_for(community, YEAR)
    return community, coordinator, plan


def read_items(plan, user):
    return selectors.plan_for_export(plan, user=user)


def docx_rows(content: bytes):
    document = Document(io.BytesIO(content))
    table = document.tables[0]
    return document, [[cell.text for cell in row.cells] for row in table.rows]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data_list=st.lists(item_data(), min_size=1, max_size=6))
def test_docx_reads_back_as_the_plan(data_list):
    # given a plan with generated Cyrillic items and responsible members
    community, coordinator, plan = make_plan(data_list, people=2)
    items = read_items(plan, coordinator)

    # when it is exported to DOCX and read back
    document, rows = docx_rows(exports.plan_docx(plan, items))

    # then the title, the landscape page, the header and every cell equal the items
    paragraphs = [p.text for p in document.paragraphs]
    assert f"План работы сетевого сообщества «{community.name}» на {YEAR} год" in paragraphs
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert rows[0] == [
        "№",
        "Форма",
        "Тема",
        "Сроки",
        "Ответственные",
        "Участники",
        "Ожидаемый результат",
        "Отметка о выполнении",
    ]
    assert len(rows) == len(items) + 1
    for number, (row, item) in enumerate(zip(rows[1:], items, strict=True), start=1):
        assert row[0] == str(number)
        assert row[1] == columns.form_name(item.form)
        assert row[2] == item.topic
        start, end = item.starts_on.strftime("%d.%m.%Y"), item.ends_on.strftime("%d.%m.%Y")
        assert row[3] == (start if start == end else f"{start} – {end}")
        assert row[4] == ", ".join(p.get_full_name() for p in item.responsible.all())
        assert row[5] == item.audience
        assert row[6] == item.expected_result
        assert row[7] == "Запланировано."


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data_list=st.lists(item_data(), min_size=1, max_size=6))
def test_xlsx_reads_back_with_real_dates_and_round_trips_into_next_year(data_list):
    # given a plan with generated Cyrillic items and responsible members
    community, coordinator, plan = make_plan(data_list, people=3)
    items = read_items(plan, coordinator)

    # when it is exported to XLSX and read back
    content = exports.plan_xlsx(plan, items)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]

    # then the title, the bold header, the widths and every row equal the items
    assert sheet["A1"].value == f"План работы сетевого сообщества «{community.name}» на {YEAR} год"
    assert [cell.value for cell in sheet[3]] == SHEET_HEADER
    assert all(cell.font.b for cell in sheet[3])
    assert sheet.column_dimensions["C"].width == columns.TOPIC.width
    for number, item in enumerate(items, start=1):
        row = [cell.value for cell in sheet[3 + number]]
        assert row[0] == number
        assert row[1] == columns.form_name(item.form)
        assert row[2] == item.topic
        assert row[3] == datetime.datetime.combine(item.starts_on, datetime.time())
        assert row[4] == datetime.datetime.combine(item.ends_on, datetime.time())
        assert sheet.cell(row=3 + number, column=4).is_date
        assert (row[5] or "") == ", ".join(p.get_full_name() for p in item.responsible.all())
        assert (row[6] or "") == item.audience
        assert (row[7] or "") == item.expected_result

    # and imported into the plan of the next year, it gives the same items a year later
    imported = services.plan_import(
        actor=coordinator,
        community=community,
        year=YEAR + 1,
        uploaded_file=upload(content),
        move_dates=True,
    )
    assert len(imported) == len(items)
    for source, copy in zip(items, imported, strict=True):
        copy = PlanItem.objects.get(pk=copy.pk)
        assert copy.plan.year == YEAR + 1
        assert (copy.form, copy.topic, copy.audience, copy.expected_result) == (
            source.form,
            source.topic,
            source.audience,
            source.expected_result,
        )
        assert copy.starts_on == exports_year(source.starts_on)
        assert copy.ends_on == exports_year(source.ends_on)
        assert set(copy.responsible.all()) == set(source.responsible.all())
        assert copy.responsible_text == ""
        assert copy.status == PlanItemStatus.PLANNED


def exports_year(day):
    try:
        return day.replace(year=YEAR + 1)
    except ValueError:
        return day.replace(year=YEAR + 1, day=28)


def test_without_moving_dates_another_year_refuses_every_row(community, coordinator):
    PlanItemFactory(plan=plan_of(community, YEAR))
    PlanItemFactory(plan=plan_of(community, YEAR))
    plan = selectors.plan_for(community, YEAR)
    content = exports.plan_xlsx(plan, read_items(plan, coordinator))
    with pytest.raises(services.ImportRejected) as rejection:
        services.plan_import(
            actor=coordinator, community=community, year=YEAR + 1, uploaded_file=upload(content)
        )
    assert [str(e) for e in rejection.value.errors] == [
        "Строка 4, «Сроки»: даты должны быть в пределах 2027 года — года плана",
        "Строка 5, «Сроки»: даты должны быть в пределах 2027 года — года плана",
    ]
    assert not PlanItem.objects.filter(plan__year=YEAR + 1).exists()


def test_the_mark_column_tells_status_note_and_held_events(community, coordinator):
    # given a done item with a note, an event held with two registered (one attended), a draft
    # and a cancelled event
    item = PlanItemFactory(
        plan=plan_of(community, YEAR),
        status=PlanItemStatus.DONE,
        status_note="Проведено в дистанционном формате",
        responsible_text="методист ИМЦ Петрова Н. А.",
    )
    held = past_event(community=community, plan_item=item, title="Вебинар «Оценивание»")
    registered(held, attended=True)
    registered(held)
    EventFactory(community=community, plan_item=item, status=EventStatus.DRAFT, title="Черновик")
    EventFactory(community=community, plan_item=item, status=EventStatus.CANCELLED, title="Отмена")
    plan = selectors.plan_for(community, YEAR)

    # when exported, then the mark lists the held event only, with its numbers
    _document, rows = docx_rows(exports.plan_docx(plan, read_items(plan, coordinator)))
    day = held.starts_at.astimezone(selectors.community_zone(community)).strftime("%d.%m.%Y")
    assert rows[1][7] == (
        f"Выполнено. Проведено в дистанционном формате. Проведено: {day} "
        "«Вебинар «Оценивание»» (зарегистрировано 2, присутствовали 1)."
    )
    assert rows[1][4] == "методист ИМЦ Петрова Н. А."


def test_a_topic_like_a_formula_stays_text(community, coordinator):
    PlanItemFactory(plan=plan_of(community, YEAR), topic='=HYPERLINK("http://evil.test")')
    plan = selectors.plan_for(community, YEAR)
    sheet = load_workbook(io.BytesIO(exports.plan_xlsx(plan, read_items(plan, coordinator))))[
        f"План {YEAR}"
    ]
    assert sheet["C4"].data_type == "s"
    assert sheet["C4"].value == '=HYPERLINK("http://evil.test")'


def test_the_approval_date_is_printed(community, coordinator):
    PlanItemFactory(plan=plan_of(community, YEAR))
    plan = selectors.plan_for(community, YEAR)
    services.plan_approve(actor=coordinator, plan=plan)
    plan = selectors.plan_for(community, YEAR)
    document, _rows = docx_rows(exports.plan_docx(plan, read_items(plan, coordinator)))
    day = plan.approved_at.astimezone(selectors.community_zone(community)).strftime("%d.%m.%Y")
    assert document.paragraphs[0].text == f"Утверждён {day}"

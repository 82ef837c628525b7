"""Import of the plan from Excel: every row checked, each problem reported in Russian by row and
column, nothing imported when any row is bad; unsafe and unfit files refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from pedset.communities.tests.factories import MembershipFactory
from pedset.core.models import AuditEvent
from pedset.events.models import EventForm
from pedset.plans import services
from pedset.plans.importers import ImportRefused
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan
from pedset.plans.services import ImportRejected
from pedset.plans.tests.factories import PlanItemFactory, plan_of
from pedset.plans.tests.helpers import upload, with_extra_member, workbook_bytes, xlsx_upload

pytestmark = pytest.mark.django_db

YEAR = 2026
GOOD = ["1", "Вебинар", "Читательская грамотность", "14.04.2026", "14.04.2026", "", "", "", ""]


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def run_import(actor, community, file, **kwargs):
    return services.plan_import(
        actor=actor, community=community, year=YEAR, uploaded_file=file, **kwargs
    )


def test_a_good_workbook_becomes_planned_items(community, coordinator, member, colleague):
    # given members to be found by full name, by «Фамилия И. О.» and by «И. О. Фамилия»
    full = member.get_full_name()
    short = f"{colleague.last_name} {colleague.first_name[0]}. {colleague.patronymic[0]}."
    rows = [
        [
            1,
            "ВЕБИНАР",
            "Функциональная грамотность",
            datetime.datetime(2026, 2, 3),
            datetime.datetime(2026, 2, 3),
            full,
            "учителя 5–9 классов",
            "Запись вебинара",
            "выполнено",
        ],
        [
            2,
            "мастер-класс",
            "Проектная деятельность",
            "10.03.2026",
            "12.03.2026",
            f"{short}; методист ИМЦ Петрова Н. А.",
            "",
            "Сценарии уроков\nи памятка",
            "",
        ],
        [
            3,
            "open_day",
            "День открытых дверей в школе № 2",
            "01.10.2026",
            None,
            "",
            "родители",
            "",
            "",
        ],
        [
            4,
            "Виртуальный педсовет",
            "Итоги года",
            "20.12.2026",
            "21.12.2026",
            f"{colleague.first_name[0]}.{colleague.patronymic[0]}. {colleague.last_name}",
            "",
            "",
            "",
        ],
    ]

    # when the coordinator imports it
    items = run_import(coordinator, community, xlsx_upload(rows))

    # then every row is an item of the 2026 plan, planned, in order
    assert len(items) == 4
    stored = list(PlanItem.objects.filter(plan__community=community).order_by("position"))
    assert [item.form for item in stored] == [
        EventForm.WEBINAR,
        EventForm.MASTER_CLASS,
        EventForm.OPEN_DAY,
        EventForm.PEDAGOGICAL_COUNCIL,
    ]
    assert {item.status for item in stored} == {PlanItemStatus.PLANNED}
    first, second, third, fourth = stored
    assert (first.starts_on, first.ends_on) == (datetime.date(2026, 2, 3),) * 2
    assert list(first.responsible.all()) == [member]
    assert first.responsible_text == ""
    assert first.audience == "учителя 5–9 классов"
    assert list(second.responsible.all()) == [colleague]
    assert second.responsible_text == "методист ИМЦ Петрова Н. А."
    assert second.expected_result == "Сценарии уроков\nи памятка"
    assert third.ends_on == third.starts_on == datetime.date(2026, 10, 1)
    assert list(fourth.responsible.all()) == [colleague]
    assert AuditEvent.objects.get(action="plan_imported").data == {
        "year": YEAR,
        "items": 4,
        "moved_dates": False,
    }


def test_import_adds_after_the_items_already_in_the_plan(community, coordinator):
    existing = PlanItemFactory(plan=plan_of(community, YEAR), position=7)
    items = run_import(coordinator, community, xlsx_upload([GOOD]))
    assert items[0].position > existing.position
    assert PlanItem.objects.count() == 2


def test_one_terms_column_and_a_title_above_the_header_are_understood(community, coordinator):
    header = ["№ п/п", "Форма работы", "Тема мероприятия", "Сроки", "Ответственный"]
    rows = [
        [1, "Семинар", "Наставничество", "с 01.02.2026 по 05.02.2026", ""],
        [2, "Конкурс", "Учитель года", "15.03.2026 – 20.03.2026", ""],
        [3, "Акция", "Неделя книги", datetime.datetime(2026, 4, 2), ""],
    ]
    above = [["План работы сетевого сообщества на 2026 год"], []]
    items = run_import(coordinator, community, xlsx_upload(rows, header=header, above=above))
    assert [(item.starts_on, item.ends_on) for item in items] == [
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 5)),
        (datetime.date(2026, 3, 15), datetime.date(2026, 3, 20)),
        (datetime.date(2026, 4, 2), datetime.date(2026, 4, 2)),
    ]


def test_names_two_members_share_are_kept_as_written(community, coordinator):
    twin_a = MembershipFactory(community=community).user
    twin_b = MembershipFactory(community=community).user
    for person in (twin_a, twin_b):
        person.last_name, person.first_name, person.patronymic = "Иванова", "Анна", "Петровна"
        person.save()
    row = [*GOOD[:5], "Иванова А. П.", "", "", ""]
    item = run_import(coordinator, community, xlsx_upload([row]))[0]
    assert list(item.responsible.all()) == []
    assert item.responsible_text == "Иванова А. П."


def test_a_member_of_another_community_is_not_matched(community, coordinator):
    stranger = MembershipFactory().user
    row = [*GOOD[:5], stranger.get_full_name(), "", "", ""]
    item = run_import(coordinator, community, xlsx_upload([row]))[0]
    assert list(item.responsible.all()) == []
    assert item.responsible_text == stranger.get_full_name()


# Each bad row: (cells, the message of its one problem). Row 7 of the sheet: a title, an empty
# row, the header on row 3, three good rows on 4–6, the bad one on 7.
BAD_ROWS = [
    (
        ["7", "Вебинар", "Тема", "20.05.2026", "10.05.2026"],
        "Строка 7, «Сроки»: дата окончания раньше даты начала",
    ),
    (
        ["7", "Лекция", "Тема", "20.05.2026", "20.05.2026"],
        "Строка 7, «Форма»: неизвестная форма «Лекция»",
    ),
    (["7", "", "Тема", "20.05.2026", "20.05.2026"], "Строка 7, «Форма»: не заполнено"),
    (["7", "Семинар", "", "20.05.2026", "20.05.2026"], "Строка 7, «Тема»: не заполнено"),
    (
        ["7", "Семинар", "Т" * 501, "20.05.2026", "20.05.2026"],
        "Строка 7, «Тема»: длиннее 500 символов (501)",
    ),
    (
        ["7", "Семинар", "Тема", "2026-05-20", "20.05.2026"],
        "Строка 7, «Сроки (начало)»: дата «2026-05-20» не распознана: пишите ДД.ММ.ГГГГ",
    ),
    (
        ["7", "Семинар", "Тема", "20.05.2026", "31.02.2026"],
        "Строка 7, «Сроки (окончание)»: дата «31.02.2026» не распознана: пишите ДД.ММ.ГГГГ",
    ),
    (["7", "Семинар", "Тема", "", "20.05.2026"], "Строка 7, «Сроки (начало)»: не заполнено"),
    (["7", "Семинар", "Тема", 46000, "20.05.2026"], "Строка 7, «Сроки (начало)»: дата «46000»"),
    (
        ["7", "Семинар", "Тема", "20.12.2025", "20.01.2026"],
        "Строка 7, «Сроки»: даты должны быть в пределах 2026 года — года плана",
    ),
    (
        ["7", "Семинар", "Тема", "20.05.2026", "20.05.2026", "", "у" * 501],
        "Строка 7, «Участники»: длиннее 500 символов (501)",
    ),
    (
        ["7", "Семинар", "Тема", "20.05.2026", "20.05.2026", "", "", "р" * 3001],
        "Строка 7, «Ожидаемый результат»: длиннее 3000 символов (3001)",
    ),
    (
        ["7", "Семинар", "Тема", "20.05.2026", "20.05.2026", "Н" * 501],
        "Строка 7, «Ответственные»: длиннее 500 символов (501)",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS, ids=[m for _b, m in BAD_ROWS])
def test_one_bad_row_is_reported_and_nothing_is_imported(community, coordinator, bad, message):
    # given three good rows and one bad row below a title
    rows = [GOOD, GOOD, GOOD, bad]
    file = xlsx_upload(rows, above=[["План работы"], []])

    # when the coordinator imports it
    with pytest.raises(ImportRejected) as rejection:
        run_import(coordinator, community, file)

    # then the report names the row, the column and the problem, and nothing was written
    reported = [str(error) for error in rejection.value.errors]
    assert len(reported) == 1, reported
    assert reported[0].startswith(message), reported
    assert rejection.value.rows == 4
    assert rejection.value.bad_rows == 1
    assert not PlanItem.objects.exists()
    assert not WorkPlan.objects.exists()
    assert not AuditEvent.objects.filter(action="plan_imported").exists()


def test_every_problem_of_every_row_is_reported(community, coordinator):
    rows = [
        ["1", "Лекция", "", "20.05.2026", "10.05.2026"],
        GOOD,
        ["3", "Семинар", "Тема", "ноябрь", ""],
    ]
    with pytest.raises(ImportRejected) as rejection:
        run_import(coordinator, community, xlsx_upload(rows))
    assert [(e.row, e.column) for e in rejection.value.errors] == [
        (2, "Форма"),
        (2, "Тема"),
        (2, "Сроки"),
        (4, "Сроки (начало)"),
    ]
    assert rejection.value.bad_rows == 2


def test_moving_dates_puts_last_year_s_plan_into_this_year(community, coordinator):
    rows = [
        ["1", "Семинар", "Тема", "29.02.2024", "01.03.2024"],
        ["2", "Семинар", "Тема", "20.05.2025", "21.05.2025"],
    ]
    items = run_import(coordinator, community, xlsx_upload(rows), move_dates=True)
    assert [(i.starts_on, i.ends_on) for i in items] == [
        (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1)),
        (datetime.date(2026, 5, 20), datetime.date(2026, 5, 21)),
    ]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (None, "Выберите файл плана"),
        (upload(b"", "plan.xlsx"), "пуст"),
        (upload(b"%PDF-1.4 not a workbook", "plan.xlsx"), "не соответствует"),
        (upload("Форма;Тема\nВебинар;Тема".encode(), "plan.csv"), "не принимаются"),
        (upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.xls"), "не принимаются"),
        (upload(workbook_bytes([GOOD]), "plan.docx"), "не принимаются"),
        (upload(workbook_bytes([], header=None)), "Файл пуст."),
        (upload(workbook_bytes([["Пункт", "Дата"], ["a", "b"]], header=None)), "Не найдена строка"),
        (
            upload(workbook_bytes([GOOD], header=["№", "Форма", "Срок начала"])),
            "нет столбца «Тема»",
        ),
        (
            upload(workbook_bytes([], header=None, above=[["Форма", "Тема", "Сроки"]])),
            "нет пунктов",
        ),
        (
            upload(workbook_bytes([GOOD], header=["Форма", "Тема", "Форма работы", "Сроки"])),
            "встречается в заголовке дважды",
        ),
    ],
    ids=[
        "no file",
        "empty",
        "pdf named xlsx",
        "csv",
        "xls",
        "xlsx named docx",
        "empty sheet",
        "no header",
        "missing column",
        "header without rows",
        "column twice",
    ],
)
def test_unfit_files_are_refused_with_a_message(community, coordinator, file, message):
    with pytest.raises(ImportRefused) as refusal:
        run_import(coordinator, community, file)
    assert message in refusal.value.message
    assert not PlanItem.objects.exists()


def test_a_file_over_the_size_limit_is_refused(community, coordinator, settings):
    content = workbook_bytes([GOOD] * 50)
    settings.PLAN_IMPORT_MAX_BYTES = len(content) - 1
    with pytest.raises(ImportRefused, match="слишком большой"):
        run_import(coordinator, community, upload(content))
    settings.PLAN_IMPORT_MAX_BYTES = len(content)
    assert len(run_import(coordinator, community, upload(content))) == 50


def test_more_than_a_thousand_rows_are_refused(community, coordinator):
    with pytest.raises(ImportRefused, match="больше 1000 пунктов"):
        run_import(coordinator, community, xlsx_upload([GOOD] * 1001))
    assert not PlanItem.objects.exists()
    assert len(run_import(coordinator, community, xlsx_upload([GOOD] * 1000))) == 1000


def test_a_zip_bomb_is_refused_before_it_is_unpacked(community, coordinator):
    # given a workbook carrying 8 MB of zeros packed into a few kilobytes
    bomb = with_extra_member(workbook_bytes([GOOD]), "xl/media/image1.bin", b"\0" * 8 * 1024 * 1024)
    assert len(bomb) < 100_000
    with pytest.raises(ImportRefused, match="упакована слишком плотно"):
        run_import(coordinator, community, upload(bomb))


def test_a_workbook_too_large_unpacked_is_refused(community, coordinator, monkeypatch):
    from pedset.plans import importers

    monkeypatch.setattr(importers, "MAX_UNPACKED_BYTES", 10_000)
    padded = with_extra_member(
        workbook_bytes([GOOD]), "xl/media/image1.png", bytes(range(256)) * 60
    )
    with pytest.raises(ImportRefused, match="слишком велика в распакованном виде"):
        run_import(coordinator, community, upload(padded))


def test_only_those_who_edit_the_plan_import(community, member):
    with pytest.raises(PermissionDenied):
        run_import(member, community, xlsx_upload([GOOD]))


def test_the_template_has_the_columns_and_imports_as_empty(community, coordinator):
    from openpyxl import load_workbook

    from pedset.plans.exports import template_xlsx
    from pedset.plans.tests.helpers import SHEET_HEADER

    content = template_xlsx(YEAR)
    sheet = load_workbook(upload(content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == SHEET_HEADER
    assert all(cell.font.b for cell in sheet[1])
    with pytest.raises(ImportRefused, match="нет пунктов"):
        run_import(coordinator, community, upload(content, "Шаблон.xlsx"))
    # filled in, it imports
    workbook = load_workbook(upload(content))
    workbook.worksheets[0].append(GOOD)
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(run_import(coordinator, community, upload(buffer.getvalue()))) == 1

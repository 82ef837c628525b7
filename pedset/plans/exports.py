"""The plan as documents people edit: DOCX (python-docx, landscape A4, a table under the title
«План работы сетевого сообщества «…» на 2026 год») and XLSX (openpyxl, the same columns with
the term in two real-date columns, bold header, set widths), and the empty XLSX template of the
import. Documents are Russian whatever the interface language; the responsible people's names
are in them, so only those who may see names get them (policies.can_export_plan)."""

from __future__ import annotations

import io

from django.utils import translation

from pedset.core.text import printable
from pedset.plans import columns as cols
from pedset.plans.importers import MAX_ROWS
from pedset.plans.models import PlanItemStatus
from pedset.plans.selectors import community_zone

DATE = "%d.%m.%Y"
XLSX_DATE_FORMAT = "DD.MM.YYYY"


def title(plan) -> str:
    return f"План работы сетевого сообщества «{plan.community.name}» на {plan.year} год"


def approval_line(plan) -> str:
    if plan.approved_at is None:
        return ""
    day = plan.approved_at.astimezone(community_zone(plan.community)).date()
    return f"Утверждён {day.strftime(DATE)}"


def terms_text(item) -> str:
    if item.starts_on == item.ends_on:
        return item.starts_on.strftime(DATE)
    return f"{item.starts_on.strftime(DATE)} – {item.ends_on.strftime(DATE)}"


def responsible_text(item) -> str:
    """Members chosen (full names, which the import matches again) and names as written."""
    names = [person.get_full_name() for person in item.responsible.all()]
    if item.responsible_text:
        names.append(item.responsible_text)
    return ", ".join(names)


def mark_text(item) -> str:
    """«Выполнено. Проведено: 12.03.2026 «Вебинар …» (зарегистрировано 25, присутствовали 20)»."""
    with translation.override("ru"):
        parts = [str(PlanItemStatus(item.status).label).capitalize()]
    if item.status_note:
        parts.append(item.status_note)
    held = [
        f"{event.starts_at.astimezone(community_zone(item.plan.community)).strftime(DATE)} "
        f"«{printable(event.title)}» (зарегистрировано {event.registered_count}, "
        f"присутствовали {event.attended})"
        for event in getattr(item, "held_events", ())
    ]
    if held:
        parts.append("Проведено: " + "; ".join(held))
    return " ".join(part if part[-1:] in ".!?…" else f"{part}." for part in parts)


def _row_values(number: int, item) -> dict[str, object]:
    return {
        "number": number,
        "form": cols.form_name(item.form),
        "topic": item.topic,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "terms": terms_text(item),
        "responsible": responsible_text(item),
        "audience": item.audience,
        "expected_result": item.expected_result,
        "mark": mark_text(item),
    }


# --- DOCX --------------------------------------------------------------------------------------


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def plan_docx(plan, items) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.5)

    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)

    approval = approval_line(plan)
    if approval:
        paragraph = document.add_paragraph(approval)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_after = Pt(12)
    run = heading.add_run(title(plan))
    run.bold = True
    run.font.size = Pt(14)

    widths = (Cm(1), Cm(3.2), Cm(6), Cm(3), Cm(3.6), Cm(3), Cm(3.6), Cm(3.2))
    table = document.add_table(rows=1, cols=len(cols.DOCX_COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header)
    for cell, column, width in zip(header.cells, cols.DOCX_COLUMNS, widths, strict=True):
        cell.width = width
        cell.text = ""
        header_run = cell.paragraphs[0].add_run(column.title)
        header_run.bold = True
        header_run.font.size = Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, item in enumerate(items, start=1):
        values = _row_values(number, item)
        cells = table.add_row().cells
        for cell, column, width in zip(cells, cols.DOCX_COLUMNS, widths, strict=True):
            cell.width = width
            lines = str(values[column.key] or "").split("\n")
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                if index:
                    paragraph = cell.add_paragraph()
                paragraph.add_run(line).font.size = Pt(11)
    if not items:
        document.add_paragraph("В плане нет пунктов.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def _text_cell(cell, value) -> None:
    """A string stays a string: a topic starting with «=» is never taken for a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _header_row(sheet, row: int) -> None:
    from openpyxl.styles import Alignment, Font

    for index, column in enumerate(cols.SHEET_COLUMNS, start=1):
        cell = sheet.cell(row=row, column=index)
        _text_cell(cell, column.title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _widths(sheet) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(cols.SHEET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def plan_xlsx(plan, items) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"План {plan.year}"
    _text_cell(sheet.cell(row=1, column=1), title(plan))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    _text_cell(sheet.cell(row=2, column=1), approval_line(plan) or None)
    header_row = 3
    _header_row(sheet, header_row)
    _widths(sheet)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    top = Alignment(wrap_text=True, vertical="top")
    for number, item in enumerate(items, start=1):
        values = _row_values(number, item)
        row = header_row + number
        for index, column in enumerate(cols.SHEET_COLUMNS, start=1):
            cell = sheet.cell(row=row, column=index)
            value = values[column.key]
            _text_cell(cell, value if value != "" else None)
            cell.alignment = top
            if column in (cols.STARTS_ON, cols.ENDS_ON):
                cell.number_format = XLSX_DATE_FORMAT
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(year: int | None = None) -> bytes:
    """The import template: the header row, a list of forms to choose from, date cells
    formatted as dates, and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "План"
    _header_row(sheet, 1)
    _widths(sheet)
    sheet.freeze_panes = "A2"
    for row in range(2, MAX_ROWS + 2):
        for column in (4, 5):
            sheet.cell(row=row, column=column).number_format = XLSX_DATE_FORMAT

    help_sheet = workbook.create_sheet("Справка")
    lines = [
        "Формы (столбец «Форма»)",
        *[cols.form_name(code) for code in cols.FORM_NAMES_RU],
        "",
        "Как заполнять",
        "Одна строка — один пункт плана. Обязательны «Форма», «Тема» и «Сроки (начало)».",
        "Даты — в формате ДД.ММ.ГГГГ или как даты Excel; все даты — в пределах года плана"
        + (f" ({year})." if year else "."),
        "«Сроки (окончание)» пусто — пункт на один день.",
        "«Ответственные» — через запятую: «Фамилия Имя Отчество» или «Фамилия И. О.». "
        "Участники сообщества находятся по имени; остальные записываются как есть.",
        "«№» и «Отметка о выполнении» при загрузке не читаются: статус пунктов — «запланировано».",
        "Если хотя бы одна строка с ошибкой, не загружается ничего: исправьте и загрузите снова.",
    ]
    for row, line in enumerate(lines, start=1):
        _text_cell(help_sheet.cell(row=row, column=1), line or None)
    help_sheet.column_dimensions["A"].width = 110
    last = len(cols.FORM_NAMES_RU) + 1
    choice = DataValidation(type="list", formula1=f"='Справка'!$A$2:$A${last}", allow_blank=True)
    choice.error = "Выберите форму из списка на листе «Справка»."
    sheet.add_data_validation(choice)
    choice.add(f"B2:B{MAX_ROWS + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Reading and checking a work plan workbook (XLSX) before anything is written.

The upload is judged by pedset.core.uploads first (an XLSX by its content, not empty, within
settings.PLAN_IMPORT_MAX_BYTES, no zip bomb by its central directory); then its unpacked size is
capped again (MAX_UNPACKED_BYTES: the sheet is parsed, shared strings are held in memory) and it
is read with openpyxl in read-only mode, at most MAX_COLUMNS columns and MAX_ROWS rows of items.
Every row is checked and every problem reported as «Строка 7, «Сроки»: …» with the row number
Excel shows; the caller writes only when no row is bad.

Columns (columns.py): «№» (ignored), «Форма», «Тема», «Сроки (начало)», «Сроки (окончание)» —
or one «Сроки» column with «01.02.2026 – 15.02.2026» or one date —, «Ответственные»,
«Участники», «Ожидаемый результат», «Отметка о выполнении» (ignored: the platform fills it).
Headers may stand below a title (the export puts the plan's title above them).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.communities.services import ActionRefused
from pedset.core import uploads as core_uploads
from pedset.plans import columns as cols
from pedset.plans import services

MAX_ROWS = 1000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 10
MAX_REPORTED_ERRORS = 200
DATE_FORMAT = "%d.%m.%Y"


class ImportRefused(ActionRefused):
    """The file as a whole cannot be imported (format, size, columns); nothing was written."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s, «%(column)s»: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class RawRow:
    row: int  # as Excel numbers it
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class CheckedRow:
    row: int
    form: str
    topic: str
    starts_on: datetime.date
    ends_on: datetime.date
    responsible: list
    responsible_text: str
    audience: str
    expected_result: str


# --- Reading -----------------------------------------------------------------------------------


def upload_rules() -> core_uploads.UploadRules:
    return core_uploads.UploadRules(
        kinds=frozenset({"xlsx"}), max_bytes=settings.PLAN_IMPORT_MAX_BYTES, max_files=1
    )


def _not_a_workbook() -> str:
    return _("The file is not an Excel workbook (XLSX) or it is damaged.")


def read_rows(uploaded_file) -> list[RawRow]:
    """The rows of items of the workbook's first sheet, keyed by column. Raises ImportRefused
    with a Russian message."""
    if not uploaded_file:
        raise ImportRefused(_("Choose the file of the plan (an Excel workbook, XLSX)."))
    try:
        core_uploads.check_upload(uploaded_file, upload_rules())
    except ValidationError as error:
        raise ImportRefused(" ".join(error.messages)) from None
    uploaded_file.seek(0)
    data = uploaded_file.read(settings.PLAN_IMPORT_MAX_BYTES + 1)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(_not_a_workbook()) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _(
                "The workbook is too large when unpacked. Leave only the sheet of the plan in "
                "it, without pictures."
            )
        )
    cells = _sheet_rows(data)
    return _rows_by_column(cells)


def _sheet_rows(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds on a broken archive
        raise ImportRefused(_not_a_workbook()) from None
    try:
        if not workbook.worksheets:
            raise ImportRefused(_not_a_workbook())
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list]] = []
        try:
            # Some programs write a wrong sheet size into the file; read what is really there.
            sheet.reset_dimensions()
            for number, values in enumerate(
                sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                values = list(values)
                if any(_text(value) for value in values):
                    rows.append((number, values))
                    if len(rows) > HEADER_SEARCH_ROWS + MAX_ROWS + 1:
                        break  # enough to know there are too many
        except ImportRefused:
            raise
        except Exception:  # noqa: BLE001 — a damaged sheet inside a valid archive
            raise ImportRefused(_not_a_workbook()) from None
        return rows
    finally:
        workbook.close()


def _known_headers(values: list) -> int:
    return sum(1 for value in values if cols.header_key(value) in cols.COLUMN_BY_HEADER)


def _rows_by_column(rows: list[tuple[int, list]]) -> list[RawRow]:
    if not rows:
        raise ImportRefused(_("The file is empty."))
    header_index = next(
        (
            index
            for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if _known_headers(values) >= 2
        ),
        None,
    )
    if header_index is None:
        raise ImportRefused(
            _(
                "No row of column names was found. Download the template and keep its first "
                "row: «Форма», «Тема», «Сроки (начало)», «Сроки (окончание)» and the others."
            )
        )
    positions: dict[str, int] = {}
    for position, value in enumerate(rows[header_index][1]):
        column = cols.COLUMN_BY_HEADER.get(cols.header_key(value))
        if column is None:
            continue  # other columns are allowed and ignored
        if column.key in positions:
            raise ImportRefused(
                _("The column «%(column)s» occurs twice in the header.") % {"column": column.title}
            )
        positions[column.key] = position
    missing = [column.title for column in (cols.FORM, cols.TOPIC) if column.key not in positions]
    if "starts_on" not in positions and "terms" not in positions:
        missing.append(cols.STARTS_ON.title)
    if missing:
        raise ImportRefused(
            ngettext(
                "The file has no column %(columns)s. Name the columns as in the template.",
                "The file has no columns %(columns)s. Name the columns as in the template.",
                len(missing),
            )
            % {"columns": ", ".join(f"«{title}»" for title in missing)}
        )
    data = rows[header_index + 1 :]
    if not data:
        raise ImportRefused(_("The file has column names but no items of the plan."))
    if len(data) > MAX_ROWS:
        raise ImportRefused(
            _("The file has more than %(limit)s items. Split it into several files.")
            % {"limit": MAX_ROWS}
        )
    result = []
    for number, values in data:
        result.append(
            RawRow(
                row=number,
                values={
                    key: values[position] if position < len(values) else None
                    for key, position in positions.items()
                },
            )
        )
    return result


# --- Cells -------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value).strip()


class _BadDate(Exception):
    pass


def _date(value) -> datetime.date | None:
    """A real Excel date or «ДД.ММ.ГГГГ»; None when empty; _BadDate otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool | int | float):
        raise _BadDate
    text = str(value).strip().removesuffix("г.").removesuffix("г").strip()
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, DATE_FORMAT).date()  # noqa: DTZ007 — a day
    except ValueError:
        raise _BadDate from None


_TERM_SPLIT = re.compile(r"\s*(?:–|—|-|\bпо\b|\bдо\b)\s*")


def _terms(value) -> tuple[datetime.date | None, datetime.date | None]:
    """«01.02.2026 – 15.02.2026», «с 01.02.2026 по 15.02.2026», one date, or a real date."""
    if value is None or isinstance(value, datetime.date):
        day = _date(value)
        return day, day
    text = str(value).strip().lower()
    text = text.removeprefix("с ").strip()
    if not text:
        return None, None
    parts = [part for part in _TERM_SPLIT.split(text) if part]
    if len(parts) == 1:
        day = _date(parts[0])
        return day, day
    if len(parts) == 2:
        return _date(parts[0]), _date(parts[1])
    raise _BadDate


def _in_year(day: datetime.date, year: int) -> datetime.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


# --- People ------------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _compact(text: str) -> str:
    return _name_key(text).replace(" ", "")


class PeopleIndex:
    """The community's active members by «Фамилия Имя Отчество», «Фамилия И. О.» and
    «И. О. Фамилия»; a name two members share matches nobody."""

    def __init__(self, people):
        self.full: dict[str, list] = {}
        self.short: dict[str, list] = {}
        for person in people:
            self.full.setdefault(_name_key(person.get_full_name()), []).append(person)
            initials = "".join(
                f"{part[0]}." for part in (person.first_name, person.patronymic) if part
            )
            for short in (f"{person.last_name}{initials}", f"{initials}{person.last_name}"):
                self.short.setdefault(_compact(short), []).append(person)

    def find(self, text: str):
        found = self.full.get(_name_key(text)) or self.short.get(_compact(text)) or []
        return found[0] if len(found) == 1 else None


def split_people(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]+", text) if part.strip()]


# --- Checking ----------------------------------------------------------------------------------


def _allowed_forms() -> str:
    return ", ".join(cols.FORM_NAMES_RU.values())


def check_rows(
    rows: list[RawRow], *, year: int, candidates, move_dates: bool = False
) -> tuple[list[CheckedRow], list[RowError]]:
    """Every problem of every row, and the rows ready to write when there are none."""
    people = PeopleIndex(candidates)
    errors: list[RowError] = []
    checked: list[CheckedRow] = []
    not_filled = _("not filled in")
    for row in rows:
        row_errors: list[RowError] = []
        values = row.values

        def fail(column: cols.Column, reason: str, row_errors=row_errors, number=row.row) -> None:
            row_errors.append(RowError(number, column.title, reason))

        def too_long(column: cols.Column, limit: int, length: int) -> None:
            fail(
                column,
                _("longer than %(max)s characters (%(n)s)") % {"max": limit, "n": length},
            )

        # Форма
        form_text = _text(values.get("form"))
        form = cols.form_from_text(form_text)
        if not form_text:
            fail(cols.FORM, not_filled)
        elif form is None:
            fail(
                cols.FORM,
                _("unknown form «%(value)s»; write one of: %(allowed)s")
                % {"value": form_text[:100], "allowed": _allowed_forms()},
            )
        # Тема
        topic = services.one_line(_text(values.get("topic")))
        if not topic:
            fail(cols.TOPIC, not_filled)
        elif len(topic) > services.TOPIC_MAX:
            too_long(cols.TOPIC, services.TOPIC_MAX, len(topic))
        # Сроки
        starts_on = ends_on = None
        dates_read = True
        if "starts_on" in values:
            for key, column in (("starts_on", cols.STARTS_ON), ("ends_on", cols.ENDS_ON)):
                raw = values.get(key)
                try:
                    day = _date(raw)
                except _BadDate:
                    dates_read = False
                    fail(
                        column,
                        _("the date «%(value)s» is not recognised: write it as DD.MM.YYYY")
                        % {"value": _text(raw)[:40]},
                    )
                    continue
                if key == "starts_on":
                    starts_on = day
                else:
                    ends_on = day
            if starts_on is None and dates_read:
                dates_read = False
                fail(cols.STARTS_ON, not_filled)
            if ends_on is None:
                ends_on = starts_on  # no end (or no end column): a one-day item
        else:
            raw = values.get("terms")
            try:
                starts_on, ends_on = _terms(raw)
            except _BadDate:
                dates_read = False
                fail(
                    cols.TERMS,
                    _(
                        "the term «%(value)s» is not recognised: write DD.MM.YYYY or "
                        "DD.MM.YYYY – DD.MM.YYYY"
                    )
                    % {"value": _text(raw)[:60]},
                )
            else:
                if starts_on is None or ends_on is None:
                    dates_read = False
                    fail(cols.TERMS, not_filled)
        if dates_read:
            if move_dates:
                starts_on, ends_on = _in_year(starts_on, year), _in_year(ends_on, year)
            if ends_on < starts_on:
                fail(cols.TERMS, _("the end date is earlier than the start date"))
            elif starts_on.year != year or ends_on.year != year:
                fail(
                    cols.TERMS,
                    _("the dates must be within %(year)s, the year of the plan") % {"year": year},
                )
        # Ответственные
        responsible, unmatched = [], []
        for part in split_people(_text(values.get("responsible"))):
            person = people.find(part)
            if person is None:
                unmatched.append(services.one_line(part))
            elif person not in responsible:
                responsible.append(person)
        responsible_text = ", ".join(part for part in unmatched if part)
        if len(responsible_text) > services.RESPONSIBLE_TEXT_MAX:
            too_long(cols.RESPONSIBLE, services.RESPONSIBLE_TEXT_MAX, len(responsible_text))
        if len(responsible) > services.RESPONSIBLE_MAX:
            fail(
                cols.RESPONSIBLE,
                _("at most %(max)s responsible people per item")
                % {"max": services.RESPONSIBLE_MAX},
            )
        # Участники, Ожидаемый результат
        audience = services.one_line(_text(values.get("audience")))
        if len(audience) > services.AUDIENCE_MAX:
            too_long(cols.AUDIENCE, services.AUDIENCE_MAX, len(audience))
        expected_result = services.printable(_text(values.get("expected_result"))).strip()
        if len(expected_result) > services.EXPECTED_RESULT_MAX:
            too_long(cols.EXPECTED_RESULT, services.EXPECTED_RESULT_MAX, len(expected_result))

        errors.extend(row_errors)
        if not row_errors:
            checked.append(
                CheckedRow(
                    row=row.row,
                    form=form,
                    topic=topic,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    responsible=responsible,
                    responsible_text=responsible_text,
                    audience=audience,
                    expected_result=expected_result,
                )
            )
    return checked, errors

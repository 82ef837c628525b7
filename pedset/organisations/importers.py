"""Reading and checking a registry file (CSV or XLSX) before anything is written.

The file is read whole (it is small: settings.IMPORT_MAX_BYTES, at most MAX_ROWS rows), every
row is checked, and the caller writes only when no row is bad. Row numbers are the ones the
person sees in Excel or a text editor: the header is on its row, the first data row follows.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.organisations.models import Organisation, normalise_name

MAX_ROWS = 5000
# A spreadsheet is a ZIP archive: refuse one that unpacks to far more than any registry needs
# (a "ZIP bomb" is small on the wire and huge in memory).
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_COLUMNS = 64
CSV_DELIMITERS = (";", ",", "\t")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # exactly as in the template; matched case- and space-insensitively
    required: bool  # the column must exist and every row must fill it
    max_length: int


COLUMNS = (
    Column("full_name", "Полное наименование", True, 500),
    Column("short_name", "Краткое наименование", True, 200),
    Column("kind", "Тип", True, 100),
    Column("address", "Адрес", True, 500),
    Column("district", "Муниципальный район", True, 200),
    Column("inn", "ИНН", False, 12),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

# The type is written in Russian words, as district registries write it. The first word of each
# kind is the one the template suggests; the others are accepted synonyms.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    Organisation.Kind.SCHOOL: (
        "общеобразовательная организация",
        "общеобразовательное учреждение",
        "общеобразовательная",
        "школа",
        "оо",
    ),
    Organisation.Kind.KINDERGARTEN: (
        "дошкольная образовательная организация",
        "дошкольное образовательное учреждение",
        "дошкольная",
        "детский сад",
        "доо",
        "доу",
    ),
    Organisation.Kind.ADDITIONAL: (
        "организация дополнительного образования",
        "учреждение дополнительного образования",
        "дополнительное образование",
        "удо",
    ),
    Organisation.Kind.METHODICAL: (
        "методическая служба",
        "методический центр",
        "информационно-методический центр",
    ),
    Organisation.Kind.AUTHORITY: (
        "орган управления образованием",
        "управление образования",
        "отдел образования",
    ),
    Organisation.Kind.PROFESSIONAL: (
        "профессиональная образовательная организация",
        "колледж",
        "техникум",
        "спо",
    ),
    Organisation.Kind.OTHER: ("иная организация", "иное", "другое"),
}
KIND_BY_WORD = {normalise_name(word): kind for kind, words in KIND_WORDS.items() for word in words}
KIND_TEMPLATE_WORDS = [words[0] for words in KIND_WORDS.values()]


class ImportRefused(Exception):
    """The file as a whole cannot be imported (format, size, columns); nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class RowData:
    row: int
    values: dict[str, str] = field(default_factory=dict)

    @property
    def name_key(self) -> str:
        return normalise_name(self.values["full_name"])


@dataclass
class Table:
    rows: list[RowData]
    format: str  # "csv" or "xlsx"
    columns: tuple[str, ...]  # keys of the columns the file has


# --- Reading ---------------------------------------------------------------------------------

_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"BM",
    b"RIFF",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
    b"MZ",  # Windows executable
    b"\x7fELF",
)
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS and DOC of Office 97–2003
_ZIP_SIGNATURE = b"PK\x03\x04"


def read_table(uploaded_file) -> Table:
    """The file's data rows, keyed by column. Raises ImportRefused with a Russian message."""
    name = getattr(uploaded_file, "name", "") or ""
    extension = Path(name).suffix.lower()
    size = getattr(uploaded_file, "size", None)
    limit = settings.IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise ImportRefused(_too_big_message(limit))
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(_too_big_message(limit))
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    if data.startswith(_OLE2_SIGNATURE) or extension == ".xls":
        raise ImportRefused(
            _(
                "Files of Excel 97–2003 (XLS) are not accepted. Save the table as "
                "“Excel workbook (XLSX)” or as CSV and upload it again."
            )
        )
    if extension == ".xlsx":
        cells = _xlsx_rows(data)
        file_format = "xlsx"
    elif extension in (".csv", ".txt"):
        cells = _csv_rows(data)
        file_format = "csv"
    else:
        raise ImportRefused(_("Upload a table in CSV or XLSX format."))
    rows, columns = _rows_by_column(cells)
    return Table(rows=rows, format=file_format, columns=columns)


def _too_big_message(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return _("The file is larger than %(size)s MB. Split it into several files.") % {
        "size": f"{megabytes:g}"
    }


def _csv_rows(data: bytes):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # Excel's "Unicode text"
    elif data.startswith(_ZIP_SIGNATURE):
        raise ImportRefused(
            _(
                "The file is named .csv but it is an Excel workbook. Rename it to .xlsx or save "
                "it as CSV."
            )
        )
    elif data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise ImportRefused(_not_a_table_message())
    else:
        encoding = None
    text = _decode(data, encoding)
    if any(ord(char) < 32 and char not in "\t\r\n\f\v" for char in text[:65536]):
        raise ImportRefused(_not_a_table_message())
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportRefused(
            _("The CSV file cannot be read. Check the quotes in the table.")
        ) from error


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise ImportRefused(_encoding_message()) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Russian Excel saves "CSV (разделители — точка с запятой)" in Windows-1251.
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ImportRefused(_encoding_message()) from error


def _encoding_message() -> str:
    return _("The encoding of the file is not recognised. Save it in UTF-8 or Windows-1251.")


def _not_a_table_message() -> str:
    return _(
        "The file is not a table: it looks like an image or another binary file. "
        "Upload a table in CSV or XLSX format."
    )


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    not_a_workbook = _("The file is not an Excel workbook (XLSX) or it is damaged.")
    if not data.startswith(_ZIP_SIGNATURE):
        raise ImportRefused(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRefused(not_a_workbook) from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRefused(
            _("The workbook is too large when unpacked. Leave only the registry sheet in it.")
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken archive
        raise ImportRefused(not_a_workbook) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportRefused(not_a_workbook)
        rows = []
        data_rows = 0
        try:
            # Some programs write a wrong sheet size into the file; read what is really there.
            sheet.reset_dimensions()
            for values in sheet.iter_rows(min_row=1, max_col=MAX_XLSX_COLUMNS, values_only=True):
                cells = [_cell_text(value) for value in values]
                rows.append(cells)
                if any(cells):
                    data_rows += 1
                    if data_rows > MAX_ROWS + 1:  # the header and one row too many: enough
                        break
        except Exception as error:  # a damaged sheet inside a valid archive
            raise ImportRefused(not_a_workbook) from error
        return rows
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an INN typed as a number comes back as 7712345678.0
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _header_key(text: str) -> str:
    return normalise_name(text).rstrip("*: ").strip()


_COLUMN_BY_HEADER = {_header_key(column.header): column for column in COLUMNS}


def _rows_by_column(cells: list[list[str]]) -> tuple[list[RowData], tuple[str, ...]]:
    numbered = [(number, row) for number, row in enumerate(cells, start=1)]
    non_empty = [(number, row) for number, row in numbered if any(c.strip() for c in row)]
    if not non_empty:
        raise ImportRefused(_("The file is empty."))
    # The header is the first row that names a known column: a title above it is skipped.
    header_index = next(
        (
            index
            for index, (_number, row) in enumerate(non_empty[:HEADER_SEARCH_ROWS])
            if any(_header_key(title) in _COLUMN_BY_HEADER for title in row)
        ),
        0,
    )
    header = non_empty[header_index][1]
    positions: dict[str, int] = {}
    for position, title in enumerate(header):
        column = _COLUMN_BY_HEADER.get(_header_key(title))
        if column is None:
            continue  # other columns (a note, a number) are allowed and ignored
        if column.key in positions:
            raise ImportRefused(
                _("The column “%(column)s” occurs twice in the header.") % {"column": column.header}
            )
        positions[column.key] = position
    missing = [
        column.header for column in COLUMNS if column.required and column.key not in positions
    ]
    if missing:
        raise ImportRefused(
            ngettext(
                "The file has no column %(columns)s. Name the columns as in the template.",
                "The file has no columns %(columns)s. Name the columns as in the template.",
                len(missing),
            )
            % {"columns": ", ".join(f"«{header}»" for header in missing)}
        )
    data = non_empty[header_index + 1 :]
    if not data:
        raise ImportRefused(_("The file has column names but no rows of organisations."))
    if len(data) > MAX_ROWS:
        raise ImportRefused(
            _(
                "The file has more than %(limit)s rows of organisations. Split it into several "
                "files."
            )
            % {"limit": MAX_ROWS}
        )
    rows = []
    for number, row in data:
        values = {}
        for key, position in positions.items():
            raw = row[position] if position < len(row) else ""
            values[key] = " ".join(raw.split())
        rows.append(RowData(row=number, values=values))
    return rows, tuple(positions)


# --- Checking --------------------------------------------------------------------------------


@dataclass
class CheckedRow:
    row: int
    name_key: str
    full_name: str
    short_name: str
    kind: str
    address: str
    district: str
    inn: str


def check_rows(rows: list[RowData]) -> tuple[list[CheckedRow], list[RowError]]:
    """Every problem of every row, and the rows ready to write when there are none."""
    errors: list[RowError] = []
    checked: list[CheckedRow] = []
    first_row_of_name: dict[str, int] = {}
    for row in rows:
        row_errors: list[RowError] = []
        values = row.values

        def fail(key: str, reason: str, row_errors=row_errors, number=row.row) -> None:
            row_errors.append(RowError(number, COLUMN_BY_KEY[key].header, reason))

        for column in COLUMNS:
            value = values.get(column.key, "")
            if column.key == "inn":
                continue  # checked below, with its own message
            if column.required and not value:
                fail(column.key, _("Not filled in."))
            elif len(value) > column.max_length:
                fail(
                    column.key,
                    _("Longer than %(limit)s characters (%(length)s).")
                    % {"limit": column.max_length, "length": len(value)},
                )
        kind = None
        kind_text = values.get("kind", "")
        if kind_text and len(kind_text) <= COLUMN_BY_KEY["kind"].max_length:
            kind = KIND_BY_WORD.get(normalise_name(kind_text).strip(" ."))
            if kind is None:
                fail(
                    "kind",
                    _("Unknown type “%(value)s”. Write one of: %(allowed)s.")
                    % {
                        "value": kind_text,
                        "allowed": "; ".join(KIND_TEMPLATE_WORDS),
                    },
                )
        inn = values.get("inn", "").replace(" ", "")
        if inn and not (inn.isascii() and inn.isdigit() and len(inn) in (10, 12)):
            fail("inn", _("The INN must consist of 10 or 12 digits."))
        full_name = values.get("full_name", "")
        if full_name:
            key = normalise_name(full_name)
            if key in first_row_of_name:
                fail(
                    "full_name",
                    _("Repeats the organisation of row %(row)s.") % {"row": first_row_of_name[key]},
                )
            else:
                first_row_of_name[key] = row.row
        errors.extend(row_errors)
        if not row_errors:
            checked.append(
                CheckedRow(
                    row=row.row,
                    name_key=normalise_name(full_name),
                    full_name=full_name,
                    short_name=values["short_name"],
                    kind=kind,
                    address=values["address"],
                    district=values["district"],
                    inn=inn,
                )
            )
    return checked, errors


# --- Templates -------------------------------------------------------------------------------

TEMPLATE_HEADERS = [column.header for column in COLUMNS]


def template_csv() -> bytes:
    """The header row, UTF-8 with BOM and «;» — what Russian Excel opens correctly."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(TEMPLATE_HEADERS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Организации"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (60, 30, 40, 50, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Справка")
    help_sheet.append(["Допустимые значения столбца «Тип»"])
    for word in KIND_TEMPLATE_WORDS:
        help_sheet.append([word])
    help_sheet.append([])
    help_sheet.append(["Обязательны все столбцы, кроме «ИНН» (10 или 12 цифр)."])
    help_sheet.append(
        [
            "Организация, полное наименование которой уже есть в реестре, обновляется; "
            "новая — добавляется."
        ]
    )
    help_sheet.column_dimensions["A"].width = 80
    last = len(KIND_TEMPLATE_WORDS) + 1
    choice = DataValidation(type="list", formula1=f"='Справка'!$A$2:$A${last}", allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"C2:C{MAX_ROWS + 1}")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

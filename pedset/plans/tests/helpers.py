"""Building workbooks for the import tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

SHEET_HEADER = [
    "№",
    "Форма",
    "Тема",
    "Сроки (начало)",
    "Сроки (окончание)",
    "Ответственные",
    "Участники",
    "Ожидаемый результат",
    "Отметка о выполнении",
]


def workbook_bytes(rows, header=SHEET_HEADER, *, above=()) -> bytes:
    """An XLSX with optional rows above the header, the header and the rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in above:
        sheet.append(list(row))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="план.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def xlsx_upload(rows, **kwargs) -> SimpleUploadedFile:
    return upload(workbook_bytes(rows, **kwargs))


def with_extra_member(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one more member in its archive (pictures, or a bomb)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return buffer.getvalue()

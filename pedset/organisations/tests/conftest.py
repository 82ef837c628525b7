import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = [
    "Полное наименование",
    "Краткое наименование",
    "Тип",
    "Адрес",
    "Муниципальный район",
    "ИНН",
]


def school_row(number: int, **changes) -> dict:
    row = {
        "Полное наименование": (
            "Муниципальное бюджетное общеобразовательное учреждение "
            f"«Средняя общеобразовательная школа № {number}» с. Луговое"
        ),
        "Краткое наименование": f"МБОУ «СОШ № {number}» с. Луговое",
        "Тип": "общеобразовательная организация",
        "Адрес": f"с. Луговое, ул. Школьная, д. {number}",
        "Муниципальный район": "Луговской район",
        "ИНН": f"00{number:08d}",
    }
    row.update(changes)
    return row


def csv_bytes(rows, *, header=HEADER, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def manager(make_person):
    return make_person("platform_admin")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client

"""Import of the registry from CSV and XLSX: every row checked, all or nothing."""

import io
import struct
import zlib

import pytest
from django.urls import reverse

from pedset.core.models import AuditEvent
from pedset.organisations import importers
from pedset.organisations.models import Organisation
from pedset.organisations.services import organisations_import
from pedset.organisations.tests.conftest import (
    HEADER,
    csv_bytes,
    school_row,
    upload,
    xlsx_bytes,
)
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("organisations:import")


def post_file(client, name, data):
    return client.post(IMPORT_URL, {"file": upload(name, data)})


def page(response) -> str:
    return response.content.decode()


def tiny_png() -> bytes:
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


# --- Happy paths -----------------------------------------------------------------------------


def test_csv_in_utf8_with_commas_adds_every_row(manager_client, manager):
    # given a registry file of three schools, UTF-8, comma-separated
    data = csv_bytes([school_row(1), school_row(2), school_row(3)])

    # when a platform administrator uploads it
    response = post_file(manager_client, "schools.csv", data)

    # then the three schools are in the registry and the report says so
    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    school = Organisation.objects.get(short_name="МБОУ «СОШ № 2» с. Луговое")
    assert school.kind == Organisation.Kind.SCHOOL
    assert school.district == "Луговской район"
    assert school.inn == "0000000002"
    followed = page(manager_client.get(response.url))
    assert "Реестр загружен: добавлено 3, обновлено 0, без изменений 0." in followed
    # and the import is in the audit log with its counts
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANISATIONS_IMPORTED)
    assert event.actor == manager
    assert event.data["created"] == 3
    assert event.data["format"] == "csv"
    assert sorted(event.data["created_ids"]) == sorted(
        Organisation.objects.values_list("pk", flat=True)
    )


def test_csv_in_utf8_with_bom_is_read(manager):
    data = csv_bytes([school_row(1)], bom=True, delimiter=";")
    result = organisations_import(actor=manager, uploaded_file=upload("r.csv", data))
    assert len(result.created) == 1
    assert Organisation.objects.get().full_name.startswith("Муниципальное")


def test_csv_from_russian_excel_in_windows_1251_with_semicolons(manager_client):
    # given what Russian Excel saves as «CSV (разделители — точка с запятой)»
    rows = [school_row(1, Тип="Школа"), school_row(2, Тип="детский сад")]
    data = csv_bytes(rows, delimiter=";", encoding="cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    # when it is uploaded
    response = post_file(manager_client, "Реестр ОО.csv", data)

    # then the Cyrillic names and the types in words are read correctly
    assert response.status_code == 302
    kinds = dict(Organisation.objects.values_list("short_name", "kind"))
    assert kinds == {
        "МБОУ «СОШ № 1» с. Луговое": Organisation.Kind.SCHOOL,
        "МБОУ «СОШ № 2» с. Луговое": Organisation.Kind.KINDERGARTEN,
    }


def test_xlsx_is_read_with_numbers_and_extra_columns(manager_client):
    # given a workbook whose INN is typed as a number and which has a column of its own
    header = ["№ п/п", *HEADER]
    rows = [
        {**school_row(1), "№ п/п": 1, "ИНН": 7712345678},
        {**school_row(2), "№ п/п": 2, "ИНН": None},
    ]
    response = post_file(manager_client, "registry.xlsx", xlsx_bytes(rows, header=header))

    assert response.status_code == 302
    assert dict(Organisation.objects.values_list("short_name", "inn")) == {
        "МБОУ «СОШ № 1» с. Луговое": "7712345678",
        "МБОУ «СОШ № 2» с. Луговое": "",
    }
    assert AuditEvent.objects.get(action="organisations_imported").data["format"] == "xlsx"


def test_columns_in_any_order_and_blank_lines_are_skipped(manager):
    header = list(reversed(HEADER))
    data = csv_bytes([school_row(1)], header=header) + b"\r\n,,,,,\r\n , ,\r\n"
    result = organisations_import(actor=manager, uploaded_file=upload("r.csv", data))
    assert len(result.created) == 1


def test_existing_full_name_updates_that_organisation(manager_client):
    # given a school already in the registry, and one more that stays as it is
    school = OrganisationFactory(
        full_name=school_row(1)["Полное наименование"],
        short_name="старое",
        address="старый адрес",
        inn="0000000009",
    )
    same = OrganisationFactory(
        full_name=school_row(2)["Полное наименование"],
        short_name=school_row(2)["Краткое наименование"],
        address=school_row(2)["Адрес"],
        district=school_row(2)["Муниципальный район"],
        inn=school_row(2)["ИНН"],
    )
    # when the file names it in another case, with other quotes, and without an INN
    changed_name = school.full_name.upper().replace("«", '"').replace("»", '"')
    rows = [school_row(1, **{"Полное наименование": changed_name, "ИНН": ""}), school_row(2)]
    rows.append(school_row(3))
    response = post_file(manager_client, "r.csv", csv_bytes(rows))

    # then it is updated, not duplicated; its INN is kept; the name keeps its spelling
    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    school.refresh_from_db()
    assert school.short_name == "МБОУ «СОШ № 1» с. Луговое"
    assert school.address == "с. Луговое, ул. Школьная, д. 1"
    assert school.inn == "0000000009"
    assert school.full_name.startswith("Муниципальное")
    same.refresh_from_db()
    followed = page(manager_client.get(response.url))
    assert "добавлено 1, обновлено 1, без изменений 1" in followed
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANISATIONS_IMPORTED)
    assert event.data["updated_ids"] == [school.pk]


# --- Bad rows: a report, nothing imported ----------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_imported(manager_client):
    # given an organisation in the registry that a good row would update
    existing = OrganisationFactory(full_name=school_row(1)["Полное наименование"], address="x")
    rows = [
        school_row(1),  # row 2: good (an update)
        school_row(2, **{"Краткое наименование": ""}),  # row 3: empty required field
        school_row(3, Тип="Гимназия-интернат"),  # row 4: unknown type
        school_row(4, ИНН="12345"),  # row 5: INN of five digits
        school_row(5, Адрес="д" * 501),  # row 6: too long
        school_row(1, Адрес="другой"),  # row 7: repeats row 2
        school_row(7, ИНН="77123456AB", **{"Муниципальный район": ""}),  # row 8: two errors
        school_row(8),  # row 9: good (new)
    ]

    # when the file is uploaded
    response = post_file(manager_client, "r.csv", csv_bytes(rows))

    # then the page lists every bad row with its number, column and reason
    assert response.status_code == 200
    html = page(response)
    assert "Файл не загружен: ничего не добавлено и не изменено." in html
    assert "Ошибки в 6 строках." in html
    expected = [
        ("3", "Краткое наименование", "Не заполнено."),
        ("4", "Тип", "Неизвестный тип «Гимназия-интернат»."),
        ("5", "ИНН", "ИНН должен состоять из 10 или 12 цифр."),
        ("6", "Адрес", "Длиннее 500 символов (501)."),
        ("7", "Полное наименование", "Повторяет организацию из строки 2."),
        ("8", "Муниципальный район", "Не заполнено."),
        ("8", "ИНН", "ИНН должен состоять из 10 или 12 цифр."),
    ]
    for row, column, reason in expected:
        assert f"<tr><td>{row}</td><td>{column}</td><td>{reason}" in html, (row, column)
    # and nothing was written: the good rows neither
    assert Organisation.objects.count() == 1
    existing.refresh_from_db()
    assert existing.address == "x"
    assert not AuditEvent.objects.filter(action="organisations_imported").exists()


def test_unknown_type_lists_the_allowed_words(manager):
    checked, errors = importers.check_rows(
        [importers.RowData(row=2, values=_values(school_row(1, Тип="лицей")))]
    )
    assert checked == []
    assert errors[0].column == "Тип"
    assert "общеобразовательная организация" in errors[0].reason
    assert "дошкольная образовательная организация" in errors[0].reason


def _values(row: dict) -> dict:
    keys = {column.header: column.key for column in importers.COLUMNS}
    return {keys[header]: value for header, value in row.items()}


# --- Whole-file refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "Отправленный файл пуст."),
        ("blank.csv", b"  \r\n \r\n", "Файл пуст."),
        ("bom.csv", b"\xef\xbb\xbf\r\n", "Файл пуст."),
        (
            "picture.csv",
            tiny_png(),
            "Файл не является таблицей: он похож на изображение или другой двоичный файл.",
        ),
        (
            "picture.xlsx",
            tiny_png(),
            "Файл не является книгой Excel (XLSX) или повреждён.",
        ),
        (
            "broken.xlsx",
            b"PK\x03\x04" + b"\x00" * 200,
            "Файл не является книгой Excel (XLSX) или повреждён.",
        ),
        (
            "text.xlsx",
            csv_bytes([school_row(1)]),
            "Файл не является книгой Excel (XLSX) или повреждён.",
        ),
        (
            "workbook.csv",
            xlsx_bytes([school_row(1)]),
            "Файл назван .csv, но это книга Excel.",
        ),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "Файлы Excel 97–2003 (XLS) не принимаются.",
        ),
        ("registry.docx", b"PK\x03\x04abc", "Загрузите таблицу в формате CSV или XLSX."),
        (
            "utf16-without-bom.csv",
            "Полное наименование".encode("utf-16-le"),
            "Файл не является таблицей",
        ),
        (
            "undefined.csv",
            b"\x98\x98\x98;\x98\r\n",
            "Не удалось определить кодировку файла. Сохраните его в UTF-8 или Windows-1251.",
        ),
        (
            "columns.csv",
            csv_bytes(
                [school_row(1)],
                header=["Полное наименование", "Краткое наименование", "Муниципальный район"],
            ),
            "В файле нет столбцов «Тип», «Адрес».",
        ),
        (
            "one-column.csv",
            csv_bytes([school_row(1)], header=[h for h in HEADER if h != "Адрес"]),
            "В файле нет столбца «Адрес».",
        ),
        (
            "twice.csv",
            csv_bytes([school_row(1)], header=[*HEADER, "Тип"]),
            "Столбец «Тип» встречается в заголовке дважды.",
        ),
        ("header-only.csv", csv_bytes([]), "В файле есть названия столбцов, но нет строк"),
        ("header-only.xlsx", xlsx_bytes([]), "В файле есть названия столбцов, но нет строк"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_a_bad_file_is_refused_with_a_russian_message(manager_client, name, data, message):
    OrganisationFactory()

    response = post_file(manager_client, name, data)

    assert response.status_code == 200
    assert message in page(response)
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.filter(action="organisations_imported").exists()


def test_a_file_over_the_size_limit_is_refused(manager_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    data = csv_bytes([school_row(n) for n in range(1, 5000)])
    assert len(data) > settings.IMPORT_MAX_BYTES

    response = post_file(manager_client, "big.csv", data)

    assert "Файл больше 1 МБ. Разделите его на несколько файлов." in page(response)
    assert Organisation.objects.count() == 0


def test_more_than_5000_rows_is_refused(manager_client):
    data = csv_bytes([school_row(n) for n in range(1, importers.MAX_ROWS + 2)])

    response = post_file(manager_client, "many.csv", data)

    assert "В файле больше 5000 строк с организациями." in page(response)
    assert Organisation.objects.count() == 0


def test_exactly_5000_rows_are_imported_in_a_few_queries(manager, django_assert_max_num_queries):
    data = csv_bytes([school_row(n) for n in range(1, importers.MAX_ROWS + 1)])
    with django_assert_max_num_queries(40):
        result = organisations_import(actor=manager, uploaded_file=upload("r.csv", data))
    assert len(result.created) == importers.MAX_ROWS


def test_broken_quotes_do_not_crash(manager_client):
    data = '\ufeffПолное наименование;Краткое наименование;Тип;Адрес;Муниципальный район\r\n"a'
    response = post_file(manager_client, "q.csv", data.encode())
    assert response.status_code == 200
    assert "Файл не загружен" in page(response) or "Не удалось прочитать CSV" in page(response)
    assert Organisation.objects.count() == 0


def test_no_file_at_all(manager_client):
    response = manager_client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Обязательное поле." in page(response)


# --- Who may import --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor",
    ["registered", "pending", "member", "expert", "moderator", "coordinator", "community_admin"],
)
def test_only_the_administration_may_import(client, make_person, actor):
    from pedset.communities.tests.factories import CommunityFactory

    person = make_person(actor, CommunityFactory())
    client.force_login(person)
    before = Organisation.objects.count()

    assert client.get(IMPORT_URL).status_code == 403
    response = post_file(client, "r.csv", csv_bytes([school_row(1)]))
    assert response.status_code == 403
    assert client.get(reverse("organisations:import_template", args=["csv"])).status_code == 403
    assert Organisation.objects.count() == before


def test_anonymous_is_sent_to_log_in(client):
    response = post_file(client, "r.csv", csv_bytes([school_row(1)]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert Organisation.objects.count() == 0


def test_education_authority_imports(client, make_person):
    client.force_login(make_person("education_authority"))
    assert client.get(IMPORT_URL).status_code == 200
    response = post_file(client, "r.csv", csv_bytes([school_row(1)]))
    assert response.status_code == 302
    assert Organisation.objects.count() == 1


def test_the_service_refuses_a_non_manager(make_person):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisations_import(
            actor=make_person("registered"), uploaded_file=upload("r.csv", csv_bytes([]))
        )


# --- Templates -------------------------------------------------------------------------------


def test_csv_template_has_the_headers_and_opens_in_russian_excel(manager_client):
    response = manager_client.get(reverse("organisations:import_template", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="organisations-template.csv"')
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    assert body.decode("utf-8-sig").strip() == ";".join(HEADER)


def test_xlsx_template_has_the_headers_and_the_type_words(manager_client):
    from openpyxl import load_workbook

    response = manager_client.get(reverse("organisations:import_template", args=["xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    help_words = [row[0].value for row in workbook["Справка"].iter_rows(min_row=2, max_row=8)]
    assert help_words == importers.KIND_TEMPLATE_WORDS


def test_a_filled_in_template_is_imported(manager_client):
    from openpyxl import load_workbook

    template = manager_client.get(reverse("organisations:import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    for word in importers.KIND_TEMPLATE_WORDS:
        sheet.append([f"Организация «{word}»", word[:20], word, "с. Луговое", "Луговской район"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = post_file(manager_client, "filled.xlsx", buffer.getvalue())

    assert response.status_code == 302
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)


def test_unknown_template_format_is_404(manager_client):
    response = manager_client.get(reverse("organisations:import_template", args=["pdf"]))
    assert response.status_code == 404


def test_row_numbers_in_a_workbook_are_excels(manager_client):
    # given a workbook whose table starts on row 3 under a title
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Реестр образовательных организаций"
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([school_row(1)[column] for column in HEADER])
    sheet.append([school_row(2, Тип="")[column] for column in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = post_file(manager_client, "titled.xlsx", buffer.getvalue())

    # then the title is skipped and the bad row has the number Excel shows
    assert "<tr><td>5</td><td>Тип</td><td>Не заполнено." in page(response)


def test_a_concurrent_change_refuses_the_file(manager_client, monkeypatch):
    from django.db import IntegrityError

    from pedset.organisations import services

    def clash(rows):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "_write_rows", clash)
    response = post_file(manager_client, "r.csv", csv_bytes([school_row(1)]))
    assert response.status_code == 200
    assert "Реестр изменился во время загрузки файла. Загрузите файл ещё раз." in page(response)
    assert not AuditEvent.objects.filter(action="organisations_imported").exists()

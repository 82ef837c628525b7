"""Generated DOCX and PDF read back (python-docx, pypdf): the Cyrillic names, numbers, dates and
titles they say equal the inputs, the QR code encodes the document's /verify address."""

import datetime
import io

import docx
import pypdf
import pytest
import segno
import time_machine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pedset.accounts.tests.factories import UserFactory
from pedset.documents.content import Signature
from pedset.documents.models import DocumentKind
from pedset.documents.rendering import QR_BORDER, QR_SCALE, date_words
from pedset.documents.services import document_issue
from pedset.documents.tests.factories import certificate_content, order_content

pytestmark = pytest.mark.django_db

ISSUE_TIME = datetime.datetime(2026, 3, 5, 7, 30, tzinfo=datetime.UTC)
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def docx_text(document) -> str:
    parsed = docx.Document(io.BytesIO(read(document.docx)))
    parts = [p.text for p in parsed.paragraphs]
    for table in parsed.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def pdf_text(document) -> str:
    reader = pypdf.PdfReader(io.BytesIO(read(document.pdf)))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """PDF extraction wraps long lines (and breaks long words anywhere): compare without any
    whitespace, which still checks every letter and hyphen in order."""
    return "".join(text.split())


def spaced(text: str) -> str:
    return " ".join(text.split())


def test_order_says_what_was_given(community):
    # given an order issued on 5 March 2026 in a Moscow community
    with time_machine.travel(ISSUE_TIME):
        document = document_issue(
            actor=None,
            community=community,
            kind=DocumentKind.ORDER,
            title="Приказ о включении материалов в ВМК",
            content=order_content(),
        )
    content = order_content()
    # when both files are read back
    for text in (docx_text(document), pdf_text(document)):
        flat = squeezed(text)
        # then every requisite of ГОСТ Р 7.0.97-2016 is there as given
        for expected in (
            community.operator.full_name,
            community.name,
            "ПРИКАЗ",
            "05.03.2026",
            "№ 1-ВМК",
            "г. Нальчик",
            content.title,
            *content.paragraphs,
            "ПРИКАЗЫВАЮ:",
            *(f"{n}. {item}" for n, item in enumerate(content.items, start=1)),
            "Координатор сетевого сообщества",
            "М. П. Иванова",
            f"Проверить подлинность: http://127.0.0.1:8000/verify/{document.verification_code}/",
        ):
            assert squeezed(expected) in flat, expected


def test_order_items_are_numbered_in_order(community):
    document = document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.ORDER,
        title="Приказ",
        content=order_content(items=("Первое.", "Второе.", "Третье.")),
    )
    text = spaced(docx_text(document))
    assert text.index("1. Первое.") < text.index("2. Второе.") < text.index("3. Третье.")
    assert text.index("ПРИКАЗЫВАЮ:") < text.index("1. Первое.")


def test_certificate_says_whom_and_when(community, settings):
    settings.SITE_URL = "https://pedset.example.ru"
    holder = UserFactory(last_name="Иванова", first_name="Мария", patronymic="Петровна")
    with time_machine.travel(ISSUE_TIME):
        document = document_issue(
            actor=None,
            community=community,
            kind=DocumentKind.PUBLICATION_CERTIFICATE,
            title="Свидетельство о публикации",
            content=certificate_content(),
            recipient=holder,
        )
    for text in (docx_text(document), pdf_text(document)):
        flat = squeezed(text)
        for expected in (
            "СВИДЕТЕЛЬСТВО О ПУБЛИКАЦИИ",
            "№ С-2026/0001",
            "Иванова Мария Петровна",
            "5 марта 2026 г.",
            "«Проектная деятельность на уроках истории»",
            f"https://pedset.example.ru/verify/{document.verification_code}/",
        ):
            assert squeezed(expected) in flat, expected


names = st.text(alphabet=CYRILLIC + " -", min_size=1, max_size=300).filter(
    lambda s: any(ch.isalpha() for ch in s)
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=names, title=names, position=names)
@example(name="Ж" * 300, title="Щ" * 300, position="Ъ" * 300)
@example(name="Анна-Мария " * 26 + "Ёлкина", title="-" * 150 + "я" * 150, position="ё - Ё")
def test_any_cyrillic_name_and_title_reads_back(community, name, title, position):
    # given a certificate whose holder, title and signatory are arbitrary Cyrillic text
    document = document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.DIPLOMA,
        title=title,
        content=certificate_content(
            heading="ДИПЛОМ", title=title, signature=Signature(position, "М. П. Иванова")
        ),
        recipient_name=name,
    )
    # then the stored name is the input with its spaces normalised
    assert document.recipient_name == spaced(name)
    # and both files say exactly that name, title, number and date
    for text in (docx_text(document), pdf_text(document)):
        flat = squeezed(text)
        for expected in (name, title, position, document.number, date_words(document.printed_date)):
            assert squeezed(expected) in flat
    docx_lines = docx_text(document).split("\n")
    assert spaced(name) in docx_lines  # DOCX does not wrap: the name is one paragraph


def test_qr_code_in_docx_is_the_verify_address(community):
    document = document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.ORDER,
        title="Приказ",
        content=order_content(),
    )
    url = f"http://127.0.0.1:8000/verify/{document.verification_code}/"
    parsed = docx.Document(io.BytesIO(read(document.docx)))
    images = [rel.target_part.blob for rel in parsed.part.rels.values() if "image" in rel.reltype]
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="png", scale=QR_SCALE, border=QR_BORDER)
    assert images == [expected.getvalue()]


def test_qr_code_in_pdf_is_the_verify_address(community):
    """No QR decoder is installed: the image's pixels are sampled module by module and compared
    with segno's matrix of the expected address."""
    document = document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.ORDER,
        title="Приказ",
        content=order_content(),
        with_docx=False,
    )
    url = f"http://127.0.0.1:8000/verify/{document.verification_code}/"
    page = pypdf.PdfReader(io.BytesIO(read(document.pdf))).pages[0]
    (image,) = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    width, height = image["/Width"], image["/Height"]
    assert image["/ColorSpace"] == "/DeviceRGB" and image["/BitsPerComponent"] == 8
    pixels = image.get_data()
    assert len(pixels) == width * height * 3

    def dark(row, column):
        y = (row + QR_BORDER) * QR_SCALE + QR_SCALE // 2
        x = (column + QR_BORDER) * QR_SCALE + QR_SCALE // 2
        return pixels[(y * width + x) * 3] < 128

    expected = segno.make(url, error="m")
    size = len(expected.matrix)
    assert width == height == (size + 2 * QR_BORDER) * QR_SCALE
    sampled = tuple(tuple(int(dark(r, c)) for c in range(size)) for r in range(size))
    assert sampled == tuple(tuple(row) for row in expected.matrix)

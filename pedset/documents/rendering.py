"""Rendering a document to PDF (WeasyPrint, from a Django template) and DOCX (python-docx).

Both formats are made from the same printed data (`PrintedDocument`), so what the PDF says, the
DOCX says, and /verify shows. The layout follows ГОСТ Р 7.0.97-2016: the issuing organisation,
the document type, the date and the registration number, the place, the title to the text, the
text (the operative word and numbered items for an order), the signature block; below it the
verification line and a QR code of the /verify address. Certificates and diplomas get a plainer,
centred, more festive layout of their own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from django.template.loader import render_to_string

from pedset.documents.models import DocumentKind

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

# Kinds laid out as an award (centred, a frame, the holder's name large) rather than as an
# administrative document.
AWARD_KINDS = frozenset(
    {
        DocumentKind.PUBLICATION_CERTIFICATE,
        DocumentKind.CERTIFICATE,
        DocumentKind.DIPLOMA,
        DocumentKind.LETTER_OF_THANKS,
    }
)

QR_SCALE = 4
QR_BORDER = 4


def date_numeric(day: date) -> str:
    """ГОСТ Р 7.0.97-2016 п. 5.12: the date of a document in digits, «05.03.2026»."""
    return day.strftime("%d.%m.%Y")


def date_words(day: date) -> str:
    """The verbal-digital form, «5 марта 2026 г.», used on certificates."""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


@dataclass(frozen=True)
class PrintedDocument:
    """Everything that is printed, as plain data (what Document.content stores)."""

    kind: str
    number: str
    date: date
    organisation: str
    community: str
    recipient_name: str
    verify_url: str
    content: dict  # DocumentContent.as_dict()

    @property
    def is_award(self) -> bool:
        return self.kind in AWARD_KINDS

    @property
    def verification_line(self) -> str:
        return f"Проверить подлинность: {self.verify_url}"

    def qr(self) -> segno.QRCode:
        return segno.make(self.verify_url, error="m")

    def qr_png(self) -> bytes:
        buffer = io.BytesIO()
        self.qr().save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
        return buffer.getvalue()


def template_for(kind: str) -> str:
    """One print template per kind when it exists; awards and the rest share a generic one."""
    specific = {
        DocumentKind.ORDER: "documents/print/order.html",
        DocumentKind.PUBLICATION_CERTIFICATE: "documents/print/award.html",
        DocumentKind.CERTIFICATE: "documents/print/award.html",
        DocumentKind.DIPLOMA: "documents/print/award.html",
        DocumentKind.LETTER_OF_THANKS: "documents/print/award.html",
    }
    return specific.get(kind, "documents/print/order.html")


def render_pdf(printed: PrintedDocument) -> bytes:
    from weasyprint import HTML  # heavy import: only when a document is rendered

    qr_uri = printed.qr().png_data_uri(scale=QR_SCALE, border=QR_BORDER)
    html = render_to_string(
        template_for(printed.kind),
        {
            "doc": printed,
            "c": printed.content,
            "date_numeric": date_numeric(printed.date),
            "date_words": date_words(printed.date),
            "qr_uri": qr_uri,
        },
    )
    return HTML(string=html, base_url="/").write_pdf()


def _page_border(section) -> None:
    """A double frame round the page of an award (python-docx has no API for w:pgBorders)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double")
        edge.set(qn("w:sz"), "12")
        edge.set(qn("w:space"), "24")
        edge.set(qn("w:color"), "1F3A68")
        borders.append(edge)
    # The schema orders sectPr's children: pgBorders comes right after pgMar (Word is strict).
    margins = section._sectPr.find(qn("w:pgMar"))
    if margins is not None:
        margins.addnext(borders)
    else:
        section._sectPr.append(borders)


def render_docx(printed: PrintedDocument) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    c = printed.content
    doc = DocxDocument()
    section = doc.sections[0]
    # A4; ГОСТ Р 7.0.97-2016 п. 6.2 asks for margins of at least 20 mm left, 10 mm right and
    # 20 mm top and bottom: 30 mm on the left leaves room for binding into a case file.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)

    def para(text="", *, bold=False, size=None, align=None, space_after=0, indent=False):
        paragraph = doc.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(space_after)
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        return paragraph

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    para(printed.organisation, bold=True, align=center, space_after=6)
    if printed.community:
        para(printed.community, align=center, size=12, space_after=12)

    if printed.is_award:
        _page_border(section)
        para(c["heading"], bold=True, size=24, align=center, space_after=6)
        para(f"№ {printed.number}", align=center, space_after=18)
        if printed.recipient_name:
            para(printed.recipient_name, bold=True, size=18, align=center, space_after=12)
        for text in c["paragraphs"]:
            para(text, align=center, space_after=6)
        if c["title"]:
            para(f"«{c['title']}»", bold=True, align=center, space_after=12)
        for number, text in enumerate(c["items"], start=1):
            para(f"{number}. {text}", align=center)
        para(date_words(printed.date), align=center, space_after=6)
        if c["place"]:
            para(c["place"], align=center, space_after=12)
    else:
        para(c["heading"], bold=True, size=16, align=center, space_after=12)
        # The date on the left, the registration number on the right, one line.
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run(date_numeric(printed.date))
        right.paragraphs[0].add_run(f"№ {printed.number}")
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if c["place"]:
            para(c["place"], align=center, space_after=12)
        else:
            para(space_after=12)
        para(c["title"], bold=True, space_after=12)
        for text in c["paragraphs"]:
            para(text, align=justify, indent=True)
        if c["operative_word"]:
            para(c["operative_word"], bold=True, space_after=6)
        for number, text in enumerate(c["items"], start=1):
            para(f"{number}. {text}", align=justify, indent=True)
        if printed.recipient_name:
            para(printed.recipient_name, space_after=6)

    signature = c.get("signature")
    if signature:
        para(space_after=12)
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run(signature["position"])
        right.paragraphs[0].add_run(signature["name"])
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    para(space_after=18)
    qr_paragraph = doc.add_paragraph()
    qr_paragraph.add_run().add_picture(io.BytesIO(printed.qr_png()), width=Cm(3))
    para(printed.verification_line, size=10)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

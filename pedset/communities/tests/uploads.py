"""Small documents for upload tests: real magic bytes, and fakes."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_upload(name="polozhenie.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    if size is not None:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def doc_upload(name="polozhenie.doc"):
    body = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return SimpleUploadedFile(name, body, content_type="application/msword")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_upload(name="polozhenie.docx"):
    body = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
        }
    )
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def odt_upload(name="polozhenie.odt"):
    body = _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
    )
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def text_upload(name="polozhenie.pdf"):
    return SimpleUploadedFile(name, "Это не PDF, а текст.".encode(), content_type="application/pdf")

"""Files for upload tests: real magic bytes for every accepted kind, and fakes."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pdf(name="plan.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    if size is not None:
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def ole2(name="plan.doc"):
    body = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def ooxml(name="plan.docx", part="word/document.xml"):
    body = _zip({"[Content_Types].xml": b"<Types/>", part: b"<x/>"})
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def odf(name="plan.odt", mimetype="application/vnd.oasis.opendocument.text"):
    body = _zip({"mimetype": mimetype.encode(), "content.xml": b"<office/>"})
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def plain_zip(name="files.zip"):
    return SimpleUploadedFile(name, _zip({"a.txt": b"hello"}), content_type="application/zip")


def image(name="photo.png", fmt="PNG"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def text_as(name="plan.pdf", size=None, content_type="application/pdf"):
    body = "Это не документ, а простой текст.\n".encode()
    if size is not None:
        body = (body * (size // len(body) + 1))[:size]
    return SimpleUploadedFile(name, body, content_type=content_type)


def fake_jpeg(name="photo.jpg"):
    """JPEG magic bytes followed by garbage: not a picture."""
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"x" * 2000, content_type="image/jpeg")

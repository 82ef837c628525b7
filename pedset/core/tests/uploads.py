"""Files for upload tests (pedset.core.uploads and the bank of materials): real magic bytes for
every accepted kind, and the attacks — polyglots, renamed pages, zip bombs, hostile names."""

from __future__ import annotations

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def named(upload, raw_name: str):
    """The upload under a name Django would have cut down (a path, a NUL): what a hand-made
    request or another caller of the services could pass."""
    upload._name = raw_name
    return upload


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pdf(name="plan.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    if size is not None:
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def real_pdf(name="plan.pdf", pages=1):
    """A PDF that renders (blank A4 pages), for previews."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def ole2(name="plan.doc"):
    body = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def ooxml(name="plan.docx", part=None):
    part = part or OOXML_PARTS.get(name.rsplit(".", 1)[-1], "word/document.xml")
    body = _zip({"[Content_Types].xml": b"<Types/>", part: b"<x/>"})
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def odf(name="plan.odt", mimetype="application/vnd.oasis.opendocument.text"):
    body = _zip({"mimetype": mimetype.encode(), "content.xml": b"<office/>"})
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def plain_zip(name="files.zip"):
    return SimpleUploadedFile(name, _zip({"a.txt": b"hello"}), content_type="application/zip")


def image_bytes(fmt="PNG", size=(8, 8), exif: bytes | None = None) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, "white").save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def image(name="photo.png", fmt="PNG", size=(8, 8)):
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=f"image/{fmt.lower()}")


def photo_with_exif(name="photo.jpg", size=(1600, 1200)):
    """A JPEG whose EXIF names a camera and a GPS position (what previews must drop)."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Синтетическая камера"  # Make
    exif[0x0110] = "Модель 1"  # Model
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0)}  # GPS
    return SimpleUploadedFile(
        name, image_bytes("JPEG", size, exif=exif.tobytes()), content_type="image/jpeg"
    )


def text_as(name="plan.pdf", size=None, content_type="application/pdf"):
    body = "Это не документ, а простой текст.\n".encode()
    if size is not None:
        body = (body * (size // len(body) + 1))[:size]
    return SimpleUploadedFile(name, body, content_type=content_type)


def fake_jpeg(name="photo.jpg"):
    """JPEG magic bytes followed by garbage: not a picture."""
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"x" * 2000, content_type="image/jpeg")


# --- Video -------------------------------------------------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(brand=b"isom", compatible=(b"isom", b"avc1", b"mp41"), *, moov=True) -> bytes:
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 0x200) + b"".join(compatible))
    boxes = ftyp
    if moov:
        boxes += _box(b"moov", _box(b"mvhd", b"\x00" * 100))
    boxes += _box(b"mdat", b"\x00\x00\x00\x01" * 256)
    return boxes


def mp4(name="lesson.mp4", **kwargs):
    return SimpleUploadedFile(name, mp4_bytes(**kwargs), content_type="video/mp4")


# --- Attacks -----------------------------------------------------------------------------------


def png_with_html_after_end(name="photo.png"):
    """A valid PNG and a web page after its IEND chunk: a browser sniffing it sees HTML."""
    return SimpleUploadedFile(name, image_bytes("PNG") + HTML, content_type="image/png")


def png_with_html_inside(name="photo.png"):
    """A valid PNG whose text chunk carries a script."""
    data = image_bytes("PNG")
    payload = b"Comment\x00" + b"<svg onload=alert(1)>"
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload
    chunk += struct.pack(">I", zipfile.crc32(b"tEXt" + payload) & 0xFFFFFFFF)
    return SimpleUploadedFile(name, data[:33] + chunk + data[33:], content_type="image/png")


def jpeg_with_html_after_end(name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG") + HTML, content_type="image/jpeg")


def jpeg_with_html_inside(name="photo.jpg"):
    """A valid JPEG with a comment segment (COM) holding a web page."""
    data = image_bytes("JPEG")
    payload = HTML
    segment = b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload
    return SimpleUploadedFile(name, data[:2] + segment + data[2:], content_type="image/jpeg")


def html_as(name="plan.pdf"):
    return SimpleUploadedFile(name, HTML * 20, content_type="application/pdf")


def pdf_with_html_head(name="plan.pdf"):
    """Starts as a PDF, but its first kilobyte is a web page."""
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", content_type="application/pdf"
    )


def zip_bomb_docx(name="plan.docx", unpacked=20 * 1024 * 1024):
    """A DOCX whose document part unpacks about a thousand times its packed size."""
    body = _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * unpacked},
        compression=zipfile.ZIP_DEFLATED,
    )
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def many_members_docx(name="plan.docx", members=60):
    entries = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>"}
    entries.update({f"word/media/{i}.xml": b"<x/>" for i in range(members)})
    return SimpleUploadedFile(name, _zip(entries), content_type="application/octet-stream")


def big_docx(name="plan.docx", unpacked=2 * 1024 * 1024):
    """Stored (not compressed) parts: a modest ratio, a large total."""
    entries = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>"}
    entries["word/media/video.bin"] = bytes(range(256)) * (unpacked // 256)
    return SimpleUploadedFile(name, _zip(entries), content_type="application/octet-stream")


def overlapping_docx(name="plan.docx"):
    """Two directory entries pointing at the same packed bytes (the "overlapping" bomb)."""
    content = b"<x/>" * 64
    crc = zipfile.crc32(content) & 0xFFFFFFFF

    def local(filename: bytes) -> bytes:
        return (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                0,
                0,
                0,
                crc,
                len(content),
                len(content),
                len(filename),
                0,
            )
            + filename
            + content
        )

    def central(filename: bytes, offset: int) -> bytes:
        return (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                0,
                0,
                0,
                crc,
                len(content),
                len(content),
                len(filename),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + filename
        )

    first = b"word/document.xml"
    data = local(first)
    directory = central(first, 0) + central(b"[Content_Types].xml", 0)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(directory), len(data), 0)
    return SimpleUploadedFile(name, data + directory + end, content_type="application/octet-stream")

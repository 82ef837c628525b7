"""Uploaded files judged by their content, never by their name or by what the browser says.

Shared by the forum (pedset/forum/attachments.py) and the bank of materials. Each caller passes
its UploadRules: the kinds it accepts, the size limit (and larger limits for some kinds, such as
video), the number of files per request.

Kinds known here: PDF; Word, Excel and PowerPoint (old binary formats and OOXML); OpenDocument
text, spreadsheet and presentation; JPEG and PNG pictures (decoded by Pillow); MP4 video (an ISO
BMFF file whose first box is ``ftyp`` with an MP4 brand). ZIP archives are refused: nobody can
see what is inside without unpacking them.

What is refused, with a Russian message, before anything is stored:
- a name with a folder path, ``..``, a NUL or another control character (refused, not cleaned:
  such a name is never what a browser sends, it is an attack or a broken client);
- an empty file, a file over its limit, an unknown extension, content that is not what the
  extension says (an HTML page named .pdf, a text named .jpg);
- a picture with anything after its end marker (PNG IEND, JPEG EOI) or with web-page code
  (``<html``, ``<script``, ``<svg``, ``<!doctype``) in its metadata, or ``<html``/``<script``/
  ``<!doctype`` anywhere: such polyglots pass for pictures and act as web pages;
- an Office or OpenDocument archive whose central directory promises too much: too many members,
  too large a total unpacked size, a member packed too densely, or members overlapping in the
  archive (zip bombs). Only the directory is read; nothing is unpacked. Whoever unpacks such a
  file later (text extraction for search) must still read with a cap.
"""

from __future__ import annotations

import functools
import html
import io
import os
import re
import struct
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http.multipartparser import MultiPartParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# kind: (content type, extensions a file of that kind may carry)
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("application/pdf", frozenset({"pdf"})),
    "doc": ("application/msword", frozenset({"doc"})),
    "xls": ("application/vnd.ms-excel", frozenset({"xls"})),
    "ppt": ("application/vnd.ms-powerpoint", frozenset({"ppt"})),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({"docx"}),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({"xlsx"}),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        frozenset({"pptx"}),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", frozenset({"odt"})),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", frozenset({"ods"})),
    "odp": ("application/vnd.oasis.opendocument.presentation", frozenset({"odp"})),
    "jpeg": ("image/jpeg", frozenset({"jpg", "jpeg"})),
    "png": ("image/png", frozenset({"png"})),
    "mp4": ("video/mp4", frozenset({"mp4"})),
}
# The order in which accepted types are listed to people.
KIND_ORDER = (
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "jpeg",
    "png",
    "mp4",
)
DOCUMENT_KINDS = frozenset(KIND_ORDER) - {"mp4"}
IMAGE_KINDS = frozenset({"jpeg", "png"})
# The old binary Office formats share one container (OLE2); the extension tells which it is.
OLE2_KINDS = {"doc", "xls", "ppt"}
OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_KINDS = {KINDS[kind][0]: kind for kind in ("odt", "ods", "odp")}
ZIP_KINDS = frozenset(OOXML_PARTS) | frozenset(ODF_KINDS.values())
EXTENSION_KIND = {ext: kind for kind, (_type, exts) in KINDS.items() for ext in exts}

# ISO BMFF brands of MP4 video (ISO/IEC 14496-12 and -14, H.264 in MP4, DASH, Sony PSP).
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso3",
        b"iso4",
        b"iso5",
        b"iso6",
        b"iso7",
        b"iso8",
        b"iso9",
        b"mp41",
        b"mp42",
        b"mp71",
        b"avc1",
        b"M4V ",
        b"M4VH",
        b"M4VP",
        b"dash",
        b"MSNV",
    }
)

# Zip-bomb limits, read from the central directory only. Stored media in a presentation pack
# about 1:1 and XML about 1:10–1:100; DEFLATE cannot go beyond about 1:1032.
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_TOTAL_UNPACKED = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 250
ZIP_RATIO_FROM_BYTES = 1024 * 1024  # small members may be packed densely: harmless
# The central directory itself, as its end record declares it, checked before zipfile parses
# it: a 50 MB directory of a million tiny entries costs zipfile half a gigabyte and seconds.
# 10,000 members with long names and extra fields fit in well under this.
ZIP_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024

# Pictures larger than this many pixels are refused (Pillow's own guard is twice as high).
IMAGE_MAX_PIXELS = 80_000_000
# Web-page code in a picture's metadata (or anywhere, for the longer and unmistakable markers).
_MARKUP_IN_METADATA = re.compile(rb"<(?:html|script|svg|!doctype)[\s>/]", re.IGNORECASE)
_MARKUP_ANYWHERE = re.compile(rb"<(?:html|script|!doctype)[\s>/]", re.IGNORECASE)
PDF_HEAD_BYTES = 1024


@dataclass(frozen=True)
class UploadRules:
    """What one kind of upload accepts. Build it when checking (settings may change)."""

    kinds: frozenset[str]
    max_bytes: int
    max_files: int
    # Larger (or smaller) limits for some kinds, e.g. {"mp4": settings.MATERIAL_VIDEO_MAX_BYTES}.
    kind_max_bytes: Mapping[str, int] = field(default_factory=dict)
    # too_many(n) -> the refusal when more than n files come at once.
    too_many: Callable[[int], str] | None = None

    @property
    def extensions(self) -> frozenset[str]:
        return frozenset().union(*(KINDS[kind][1] for kind in self.kinds))

    def limit_for(self, kind: str | None) -> int:
        return self.kind_max_bytes.get(kind, self.max_bytes) if kind else self.max_bytes

    def types_text(self) -> str:
        return ", ".join(
            "JPEG" if kind == "jpeg" else kind.upper() for kind in KIND_ORDER if kind in self.kinds
        )

    def accept_attribute(self) -> str:
        """For <input type=file accept=…>: a hint to the browser, never a check."""
        return ",".join(sorted(f".{ext}" for ext in self.extensions))


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    kind: str
    content_type: str
    original_name: str
    extension: str


# --- Names -------------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """The name as shown and offered on download: no directories, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return _shorten(name) or "file"


def _shorten(name: str) -> str:
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 200 - len(extension) - 1]}.{extension}" if dot else name[:200]
    return name


def is_unsafe_name(name: str | None) -> bool:
    """A folder path, a parent reference, a NUL or another control character."""
    name = name or ""
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        return True
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} for ch in name)


def shown_name(name: str | None) -> str:
    """A name safe to quote in a message: control characters shown as «?»."""
    text = "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in (name or "")).strip()
    return _shorten(text) or "?"


def unsafe_name_message(name: str | None) -> str:
    return _(
        "The file name «%(name)s» contains a folder path or forbidden characters (/, \\, .., "
        "control characters). Nothing was saved: rename the file and upload it again."
    ) % {"name": shown_name(name)}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- Content -----------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _zip_directory_is_small(upload) -> bool:
    """Whether the central directory that the archive's end record declares (zip64 records
    included) is within ZIP_MAX_DIRECTORY_BYTES. Read from the last bytes of the file only,
    before anything parses the directory."""
    upload.seek(0)
    try:
        # The end record (and the zip64 one), read as zipfile itself reads it.
        end = zipfile._EndRecData(upload)
    except (OSError, ValueError, struct.error):
        return False
    finally:
        upload.seek(0)
    if end is None:
        return True  # no end record: zipfile refuses it at once as a bad archive
    # zipfile reads the directory by this size whatever number of entries the record declares.
    return end[zipfile._ECD_SIZE] <= ZIP_MAX_DIRECTORY_BYTES


def _zip_directory_message(name: str) -> str:
    return _(
        "The document «%(name)s» is refused: its table of contents is too large (more than "
        "%(max)s parts or %(size)s). This is how archive bombs are built."
    ) % {"name": name, "max": ZIP_MAX_MEMBERS, "size": filesizeformat(ZIP_MAX_DIRECTORY_BYTES)}


def _zip_kind(upload) -> str | None:
    """docx/xlsx/pptx/odt/ods/odp from the archive's directory, "zip" for any other archive.
    Only the central directory and the tiny mimetype member are read; an archive whose
    directory is too large to parse safely is nothing we know (None)."""
    if not _zip_directory_is_small(upload):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for kind, part in OOXML_PARTS.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 200:
                    return "zip"
                with archive.open(info) as member:
                    mimetype = member.read(100).strip().decode("ascii", "replace")
                if mimetype in ODF_KINDS:
                    return ODF_KINDS[mimetype]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return None
    return "zip"


def _check_zip_directory(upload, name: str) -> None:
    """Refuse a zip bomb by its central directory: nothing is unpacked."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _Refused(_broken_message(name)) from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise _Refused(
            _(
                "The document «%(name)s» is refused: it consists of too many parts (%(n)s, at "
                "most %(max)s). This is how archive bombs are built."
            )
            % {"name": name, "n": len(members), "max": ZIP_MAX_MEMBERS}
        )
    total = sum(info.file_size for info in members)
    if total > ZIP_MAX_TOTAL_UNPACKED:
        raise _Refused(
            _(
                "The document «%(name)s» is refused: unpacked it would take %(size)s (at most "
                "%(max)s). This is how archive bombs are built."
            )
            % {
                "name": name,
                "size": filesizeformat(total),
                "max": filesizeformat(ZIP_MAX_TOTAL_UNPACKED),
            }
        )
    for info in members:
        if info.file_size > ZIP_RATIO_FROM_BYTES and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _Refused(
                _(
                    "The document «%(name)s» is refused: a part of it is packed too densely "
                    "(more than %(ratio)s to 1). This is how archive bombs are built."
                )
                % {"name": name, "ratio": ZIP_MAX_RATIO}
            )
    # Members sharing their packed bytes (the "overlapping" bomb) unpack the same data again
    # and again; in a real document each member has its own place in the archive.
    placed = sorted(members, key=lambda info: info.header_offset)
    for current, following in zip(placed, placed[1:], strict=False):
        if following.header_offset < current.header_offset + current.compress_size:
            raise _Refused(
                _(
                    "The document «%(name)s» is refused: its parts overlap inside the archive. "
                    "This is how archive bombs are built."
                )
                % {"name": name}
            )


def _broken_message(name: str) -> str:
    return _("The file «%(name)s» is damaged or is not what its name says: it cannot be read.") % {
        "name": name
    }


def _open_image(data: bytes, expected: str):
    """(width, height) of a picture Pillow can decode as ``expected``, else None."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if (image.format or "").lower() != expected:
                return None
            size = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return size


def _png_end_and_metadata(data: bytes) -> tuple[int, list[bytes]]:
    """The offset just after the IEND chunk and the data of every chunk but the pixels."""
    position = len(PNG_MAGIC)
    metadata = []
    while position + 8 <= len(data):
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        start, end = position + 8, position + 8 + length
        if end + 4 > len(data):
            break
        if chunk_type != b"IDAT":
            metadata.append(data[start:end])
        position = end + 4  # the CRC
        if chunk_type == b"IEND":
            return position, metadata
    raise ValueError("no IEND")


def _jpeg_end_and_metadata(data: bytes) -> tuple[int, list[bytes]]:
    """The offset just after the EOI marker and the data of the APPn and COM segments."""
    position = 2  # after SOI
    metadata = []
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            raise ValueError("marker expected")
        while position < size and data[position] == 0xFF:
            position += 1  # fill bytes
        if position >= size:
            break
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return position, metadata
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if position + 2 > size:
            break
        (length,) = struct.unpack(">H", data[position : position + 2])
        segment = data[position + 2 : position + length]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata.append(segment)
        position += length
        if marker == 0xDA:  # SOS: entropy-coded data until the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    raise ValueError("no EOI")
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2  # a stuffed 0xFF or a restart marker: still the scan
                    continue
                break  # a marker (fill bytes 0xFF included): the outer loop reads it
    raise ValueError("no EOI")


def _check_picture(upload, kind: str, name: str) -> None:
    upload.seek(0)
    data = upload.read()
    size = _open_image(data, kind)
    if size is None:
        raise _Refused(_mismatch_message(name, _extension(name)))
    if size[0] * size[1] > IMAGE_MAX_PIXELS:
        raise _Refused(
            _(
                "The picture «%(name)s» is too large: %(width)s × %(height)s pixels (at most "
                "%(max)s megapixels). Reduce it and upload it again."
            )
            % {
                "name": name,
                "width": size[0],
                "height": size[1],
                "max": IMAGE_MAX_PIXELS // 1_000_000,
            }
        )
    try:
        end, metadata = (
            _png_end_and_metadata(data) if kind == "png" else _jpeg_end_and_metadata(data)
        )
    except (ValueError, struct.error, IndexError):
        raise _Refused(_broken_message(name)) from None
    if end < len(data):
        raise _Refused(
            _(
                "The picture «%(name)s» has other data after the end of the image. Such files "
                "can pass for a picture and act as a web page, so they are refused. Save the "
                "picture again in an image editor and upload it."
            )
            % {"name": name}
        )
    if any(_MARKUP_IN_METADATA.search(chunk) for chunk in metadata) or _MARKUP_ANYWHERE.search(
        data
    ):
        raise _Refused(
            _(
                "The picture «%(name)s» contains web-page code (HTML, SVG or a script). Such "
                "files are refused. Save the picture again in an image editor and upload it."
            )
            % {"name": name}
        )


def _mp4_is_valid(upload) -> bool:
    """An ISO BMFF file: first box ``ftyp`` with an MP4 brand, top-level boxes that add up to
    the file's size exactly (nothing appended), a ``moov`` box among them. Only box headers are
    read, so a long video costs a few reads."""
    upload.seek(0, os.SEEK_END)
    total = upload.tell()
    position = 0
    seen = set()
    first = True
    while position < total:
        upload.seek(position)
        header = upload.read(16)
        if len(header) < 8:
            return False
        (box_size,) = struct.unpack(">I", header[:4])
        box_type = header[4:8]
        header_size = 8
        if box_size == 1:
            if len(header) < 16:
                return False
            (box_size,) = struct.unpack(">Q", header[8:16])
            header_size = 16
        elif box_size == 0:
            box_size = total - position
        if box_size < header_size or position + box_size > total:
            return False
        if not all(32 <= byte < 127 for byte in box_type):
            return False
        if first:
            if box_type != b"ftyp" or box_size < 16 or box_size > 4096:
                return False
            upload.seek(position + header_size)
            body = upload.read(box_size - header_size)
            brands = {body[:4]} | {body[i : i + 4] for i in range(8, len(body) - 3, 4)}
            if not brands & MP4_BRANDS:
                return False
            first = False
        seen.add(box_type)
        position += box_size
    return not first and b"moov" in seen


def detect_kind(upload, extension: str) -> str | None:
    """The kind of file judged by its content, or "zip", or None when it is nothing we know."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head[:8] == OLE2_MAGIC:
            return extension if extension in OLE2_KINDS else "doc"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg" if _open_image(upload.read(), "jpeg") else None
        if head.startswith(PNG_MAGIC):
            return "png" if _open_image(upload.read(), "png") else None
        if head[4:8] == b"ftyp":
            return "mp4" if _mp4_is_valid(upload) else None
        return None
    finally:
        upload.seek(0)


def _mismatch_message(name: str, extension: str) -> str:
    return _(
        "The content of the file «%(name)s» does not match its name: it is not a "
        "%(extension)s file."
    ) % {"name": name, "extension": extension.upper()}


def _too_large_message(name: str, limit: int) -> str:
    return _("The file «%(name)s» is too large: at most %(size)s.") % {
        "name": name,
        "size": filesizeformat(limit),
    }


def _zip_refused_message() -> str:
    return _("ZIP archives are not accepted: attach the documents themselves.")


def _check_content(upload, kind: str, name: str) -> None:
    """The deeper checks of one kind; raise _Refused."""
    if kind in IMAGE_KINDS:
        _check_picture(upload, kind, name)
    elif kind in ZIP_KINDS:
        _check_zip_directory(upload, name)
    elif kind == "pdf":
        upload.seek(0)
        if _MARKUP_ANYWHERE.search(upload.read(PDF_HEAD_BYTES)):
            raise _Refused(_mismatch_message(name, "pdf"))


def check_upload(upload, rules: UploadRules) -> CheckedUpload:
    """Raise ValidationError (Russian) unless the file is of an accepted kind and size.
    Reads the file; stores nothing."""
    raw_name = getattr(upload, "name", "") or ""
    if is_unsafe_name(raw_name):
        raise ValidationError(unsafe_name_message(raw_name))
    name = _shorten(raw_name.strip()) or "file"
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file «%(name)s» is empty.") % {"name": name})
    extension = _extension(name)
    if extension == "zip":
        raise ValidationError(_zip_refused_message())
    if extension not in rules.extensions:
        raise ValidationError(
            _("The file «%(name)s» is of a type that is not accepted. Accepted: %(types)s.")
            % {"name": name, "types": rules.types_text()}
        )
    if size > rules.limit_for(EXTENSION_KIND.get(extension)):
        raise ValidationError(_too_large_message(name, rules.limit_for(EXTENSION_KIND[extension])))
    upload.seek(0)
    if upload.read(4) == b"PK\x03\x04" and not _zip_directory_is_small(upload):
        raise ValidationError(_zip_directory_message(name))
    kind = detect_kind(upload, extension)
    if kind == "zip":
        raise ValidationError(_zip_refused_message())
    if kind is None or kind not in rules.kinds:
        raise ValidationError(_mismatch_message(name, extension))
    content_type, extensions = KINDS[kind]
    if extension not in extensions:
        raise ValidationError(
            _("The file «%(name)s» is a %(kind)s file, but its name ends in .%(extension)s.")
            % {"name": name, "kind": kind.upper(), "extension": extension}
        )
    if size > rules.limit_for(kind):
        raise ValidationError(_too_large_message(name, rules.limit_for(kind)))
    try:
        _check_content(upload, kind, name)
    except _Refused as refusal:
        raise ValidationError(refusal.message) from None
    finally:
        upload.seek(0)
    return CheckedUpload(upload, kind, content_type, name, extension)


def check_uploads(uploads: Iterable, rules: UploadRules) -> list[CheckedUpload]:
    """Every file checked, and their number; the first problem raises ValidationError."""
    uploads = [upload for upload in uploads or () if upload]
    if len(uploads) > rules.max_files:
        if rules.too_many is not None:
            raise ValidationError(rules.too_many(rules.max_files))
        raise ValidationError(
            ngettext(
                "At most %(n)s file may be uploaded at once.",
                "At most %(n)s files may be uploaded at once.",
                rules.max_files,
            )
            % {"n": rules.max_files}
        )
    return [check_upload(upload, rules) for upload in uploads]


def storage_name(checked: CheckedUpload) -> str:
    """A random name in storage: the original name is kept only in the database."""
    return f"{uuid.uuid4().hex}.{checked.extension}"


# --- Names as the browser sent them ------------------------------------------------------------


def _recording_parser(found: list[str]):
    class NameRecordingParser(MultiPartParser):
        """Django cuts a file name down to its last part before any view sees it; this parser
        remembers the names that needed cutting, so the view can refuse them."""

        def sanitize_file_name(self, file_name):
            if is_unsafe_name(file_name) or is_unsafe_name(html.unescape(file_name)):
                found.append(file_name)
            return super().sanitize_file_name(file_name)

    return NameRecordingParser


def keeps_upload_names(view):
    """Decorates a view that accepts files: ``unsafe_upload_names(request)`` then lists the file
    names that came with a folder path or control characters. The CSRF check still runs (after
    the parser is chosen, as Django's documentation shows for upload handlers)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        found: list[str] = []
        request.pedset_unsafe_upload_names = found
        request.multipart_parser_class = _recording_parser(found)
        return protected(request, *args, **kwargs)

    return wrapper


def unsafe_upload_names(request) -> list[str]:
    return list(getattr(request, "pedset_unsafe_upload_names", ()))

"""Files attached to forum posts: judged by their content, never by their name or the browser.

Accepted: PDF; Word, Excel and PowerPoint (old binary formats and OOXML); OpenDocument text,
spreadsheet and presentation; JPEG and PNG pictures (decoded by Pillow, so a text file named
.jpg is refused). ZIP archives are refused: nobody can see what is inside without unpacking it,
and a teacher can attach the documents themselves (up to FORUM_ATTACHMENT_MAX_FILES).
"""

from __future__ import annotations

import io
import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
}
# The old binary Office formats share one container (OLE2); the extension tells which it is.
OLE2_KINDS = {"doc", "xls", "ppt"}
OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_KINDS = {KINDS[kind][0]: kind for kind in ("odt", "ods", "odp")}
ALLOWED_EXTENSIONS = frozenset().union(*(extensions for _type, extensions in KINDS.values()))


def max_bytes() -> int:
    return settings.FORUM_ATTACHMENT_MAX_BYTES


def max_files() -> int:
    return settings.FORUM_ATTACHMENT_MAX_FILES


def allowed_types_text() -> str:
    return "PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, JPEG, PNG"


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    kind: str
    content_type: str
    original_name: str
    extension: str


def clean_name(name: str) -> str:
    """The name as shown and offered on download: no directories, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 200 - len(extension) - 1]}.{extension}" if dot else name[:200]
    return name or "file"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_kind(upload) -> str | None:
    """docx/xlsx/pptx/odt/ods/odp from the archive's directory, "zip" for any other archive.
    Only the central directory and the tiny mimetype member are read: no zip-bomb exposure."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for kind, part in OOXML_PARTS.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip().decode("ascii", "replace")
                if mimetype in ODF_KINDS:
                    return ODF_KINDS[mimetype]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return None
    return "zip"


def _is_image(upload, expected: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            if (image.format or "").lower() != expected:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def detect_kind(upload, extension: str) -> str | None:
    """The kind of file judged by its content, or "zip", or None when it is nothing we know."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head == OLE2_MAGIC:
            return extension if extension in OLE2_KINDS else "doc"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg" if _is_image(upload, "jpeg") else None
        if head.startswith(PNG_MAGIC):
            return "png" if _is_image(upload, "png") else None
        return None
    finally:
        upload.seek(0)


def check_upload(upload) -> CheckedUpload:
    """Raise ValidationError (Russian) unless the file is of an accepted kind and size."""
    name = clean_name(getattr(upload, "name", ""))
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file «%(name)s» is empty.") % {"name": name})
    if size > max_bytes():
        raise ValidationError(
            _("The file «%(name)s» is too large: at most %(size)s.")
            % {"name": name, "size": filesizeformat(max_bytes())}
        )
    extension = _extension(name)
    if extension == "zip":
        raise ValidationError(_("ZIP archives are not accepted: attach the documents themselves."))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("The file «%(name)s» is of a type that is not accepted. Accepted: %(types)s.")
            % {"name": name, "types": allowed_types_text()}
        )
    kind = detect_kind(upload, extension)
    if kind == "zip":
        raise ValidationError(_("ZIP archives are not accepted: attach the documents themselves."))
    if kind is None:
        raise ValidationError(
            _(
                "The content of the file «%(name)s» does not match its name: it is not a "
                "%(extension)s file."
            )
            % {"name": name, "extension": extension.upper()}
        )
    content_type, extensions = KINDS[kind]
    if extension not in extensions:
        raise ValidationError(
            _("The file «%(name)s» is a %(kind)s file, but its name ends in .%(extension)s.")
            % {"name": name, "kind": kind.upper(), "extension": extension}
        )
    return CheckedUpload(upload, kind, content_type, name, extension)


def check_uploads(uploads) -> list[CheckedUpload]:
    """Every file checked, and their number; the first problem raises ValidationError."""
    uploads = [upload for upload in uploads or () if upload]
    limit = max_files()
    if len(uploads) > limit:
        raise ValidationError(
            ngettext(
                "At most %(n)s file may be attached to a post.",
                "At most %(n)s files may be attached to a post.",
                limit,
            )
            % {"n": limit}
        )
    return [check_upload(upload) for upload in uploads]


def storage_name(checked: CheckedUpload) -> str:
    """A random name in storage: the original name is kept only in the database."""
    return f"{uuid.uuid4().hex}.{checked.extension}"

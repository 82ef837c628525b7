"""Files attached to forum posts: judged by their content, never by their name or the browser.

Accepted: PDF; Word, Excel and PowerPoint (old binary formats and OOXML); OpenDocument text,
spreadsheet and presentation; JPEG and PNG pictures (decoded by Pillow, so a text file named
.jpg is refused). ZIP archives are refused: nobody can see what is inside without unpacking it,
and a teacher can attach the documents themselves (up to FORUM_ATTACHMENT_MAX_FILES).

The checking itself lives in pedset.core.uploads (shared with the bank of materials); this module
keeps the forum's rules and its public names.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import ngettext

from pedset.core import uploads as core_uploads
from pedset.core.uploads import (  # noqa: F401 - the forum's public names, kept for callers
    KINDS,
    ODF_KINDS,
    OLE2_KINDS,
    OLE2_MAGIC,
    OOXML_PARTS,
    PNG_MAGIC,
    CheckedUpload,
    clean_name,
    detect_kind,
    storage_name,
)

FORUM_KINDS = core_uploads.DOCUMENT_KINDS
ALLOWED_EXTENSIONS = frozenset().union(*(KINDS[kind][1] for kind in FORUM_KINDS))


def max_bytes() -> int:
    return settings.FORUM_ATTACHMENT_MAX_BYTES


def max_files() -> int:
    return settings.FORUM_ATTACHMENT_MAX_FILES


def _too_many(limit: int) -> str:
    return ngettext(
        "At most %(n)s file may be attached to a post.",
        "At most %(n)s files may be attached to a post.",
        limit,
    ) % {"n": limit}


def rules() -> core_uploads.UploadRules:
    return core_uploads.UploadRules(
        kinds=FORUM_KINDS, max_bytes=max_bytes(), max_files=max_files(), too_many=_too_many
    )


def allowed_types_text() -> str:
    return rules().types_text()


def check_upload(upload) -> CheckedUpload:
    """Raise ValidationError (Russian) unless the file is of an accepted kind and size."""
    return core_uploads.check_upload(upload, rules())


def check_uploads(uploads) -> list[CheckedUpload]:
    """Every file checked, and their number; the first problem raises ValidationError."""
    return core_uploads.check_uploads(uploads, rules())

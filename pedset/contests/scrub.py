"""Entry files without the metadata that names their authors (blind review).

A picture's EXIF (the camera's owner, the place), a Word/Excel/PowerPoint or OpenDocument file's
author and last editor, a PDF's document information and XMP metadata are dropped before an
entry's file is stored. Everything is best effort and cheap: a file that cannot be rewritten
(encrypted, unusual, too large unpacked) is stored as it came, and the help text of the form
asks the authors to keep their names out of files and their properties.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
import zipfile

from django.core.files import File

from pedset.core.uploads import IMAGE_KINDS, ODF_KINDS, OOXML_PARTS

logger = logging.getLogger(__name__)

# An archive whose parts unpack to more than this is stored as it came.
ZIP_MAX_UNPACKED = 256 * 1024 * 1024
SPOOL_BYTES = 8 * 1024 * 1024
# Elements of docProps/core.xml, docProps/app.xml and meta.xml that name people or places.
PERSONAL_ELEMENTS = (
    "dc:creator",
    "cp:lastModifiedBy",
    "Manager",
    "Company",
    "meta:initial-creator",
    "meta:printed-by",
)
PROPERTY_PARTS = {"docProps/core.xml", "docProps/app.xml", "meta.xml"}
_PERSONAL = re.compile(
    rb"<(?P<tag>"
    + b"|".join(re.escape(tag.encode()) for tag in PERSONAL_ELEMENTS)
    + rb")(?P<attrs>(?:\s[^>]*?)?)(?<!/)>.*?</(?P=tag)>",
    re.DOTALL,
)


def blank_properties(xml: bytes) -> bytes:
    """The part with every personal element emptied (the element itself stays)."""
    return _PERSONAL.sub(lambda m: b"<%s%s></%s>" % (m["tag"], m["attrs"], m["tag"]), xml)


def _spooled():
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def _picture(upload, kind: str):
    from PIL import Image, ImageOps

    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        mode = upright.mode
        if kind == "jpeg" and mode not in {"RGB", "L", "CMYK"}:
            mode = "RGB"
        # A new image carries pixels only: no EXIF, no XMP, no text chunks, no comments.
        clean = Image.new(mode, upright.size)
        clean.paste(upright.convert(mode))
        if mode == "P" and upright.mode == "P":
            clean.putpalette(upright.getpalette())
    out = _spooled()
    if kind == "jpeg":
        clean.save(out, format="JPEG", quality=95)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out


def _archive(upload):
    with zipfile.ZipFile(upload) as source:
        members = source.infolist()
        if sum(info.file_size for info in members) > ZIP_MAX_UNPACKED:
            return None
        out = _spooled()
        with zipfile.ZipFile(out, "w") as target:
            for info in members:
                if info.filename in PROPERTY_PARTS:
                    target.writestr(info, blank_properties(source.read(info)))
                    continue
                with source.open(info) as reader, target.open(info, "w") as writer:
                    shutil.copyfileobj(reader, writer, 1024 * 1024)
    return out


def _pdf(upload):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(upload)
    if reader.is_encrypted:
        return None
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None  # the document information dictionary
    writer._root_object.pop(NameObject("/Metadata"), None)  # the XMP stream
    out = _spooled()
    writer.write(out)
    return out


def without_metadata(upload, kind: str):
    """(file to store, its size): a copy of the upload without authors' metadata, or the
    upload itself when its kind has none we drop or it cannot be rewritten."""
    upload.seek(0)
    try:
        if kind in IMAGE_KINDS:
            clean = _picture(upload, kind)
        elif kind in OOXML_PARTS or kind in ODF_KINDS.values():
            clean = _archive(upload)
        elif kind == "pdf":
            clean = _pdf(upload)
        else:
            clean = None
    except Exception:  # noqa: BLE001 - a file we cannot rewrite is stored as it came
        logger.info("kept the metadata of an entry file (%s): it could not be rewritten", kind)
        clean = None
    upload.seek(0)
    if clean is None:
        return upload, upload.size
    size = clean.seek(0, io.SEEK_END)
    clean.seek(0)
    return File(clean, name=getattr(upload, "name", None) or "file"), size

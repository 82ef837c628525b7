"""Previews of material files: the first page of a PDF (pypdfium2) and a smaller copy of a
picture (Pillow, turned upright, with its EXIF metadata dropped: it may carry the place and the
camera). Made by pedset.materials.tasks.make_preview after the upload committed; any failure
leaves the file without a preview and never touches the upload itself."""

from __future__ import annotations

import io
import logging
import uuid

from pedset.materials.models import MaterialFile

logger = logging.getLogger(__name__)

PREVIEW_SIZE = 800  # the longer side, in pixels
PDF_MAX_SCALE = 4.0
# A PNG of more pixels would be decoded whole (JPEG is decoded at a reduced scale): no preview.
PNG_MAX_PIXELS = 30_000_000


def _pdf_first_page(data: bytes) -> bytes | None:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if len(document) == 0:
            return None
        page = document[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            return None
        scale = min(PREVIEW_SIZE / max(width, height), PDF_MAX_SCALE)
        image = page.render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


def _smaller_picture(data: bytes, kind: str) -> tuple[bytes, str] | None:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if kind == "jpeg":
            image.draft("RGB", (PREVIEW_SIZE, PREVIEW_SIZE))
        elif image.width * image.height > PNG_MAX_PIXELS:
            return None
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
        mode = "RGBA" if kind == "png" and upright.mode in {"RGBA", "LA", "P"} else "RGB"
        # A new image carries pixels only: no EXIF, no XMP, no text chunks.
        clean = Image.new(mode, upright.size)
        clean.paste(upright.convert(mode))
    buffer = io.BytesIO()
    if kind == "jpeg":
        clean.save(buffer, format="JPEG", quality=82, optimize=True)
        return buffer.getvalue(), "jpg"
    clean.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), "png"


def render(material_file: MaterialFile) -> tuple[bytes, str] | None:
    """(content, extension) of the preview, or None when the kind has none."""
    if material_file.kind not in {"pdf", "jpeg", "png"}:
        return None
    with material_file.file.open("rb") as handle:
        data = handle.read()
    if material_file.kind == "pdf":
        png = _pdf_first_page(data)
        return (png, "png") if png else None
    return _smaller_picture(data, material_file.kind)


def make_preview(file_id: int) -> bool:
    """Makes and stores the preview of one file; True when it did."""
    from django.core.files.base import ContentFile

    material_file = MaterialFile.objects.filter(pk=file_id).first()
    if material_file is None or material_file.preview:
        return False
    try:
        result = render(material_file)
    except Exception:  # noqa: BLE001 - pdfium and Pillow raise many kinds; no preview then
        logger.warning("no preview for material file %s", file_id, exc_info=True)
        return False
    if result is None:
        return False
    content, extension = result
    material_file.preview.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)
    name = material_file.preview.name
    # The file may have been removed meanwhile: then the preview goes too.
    if not MaterialFile.objects.filter(pk=file_id, preview="").update(preview=name):
        material_file.preview.storage.delete(name)
        return False
    return True

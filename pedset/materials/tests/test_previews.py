"""Previews: after the upload commits, a PDF gets a picture of its first page and a picture a
smaller copy without its EXIF data; a file that cannot be rendered keeps no preview and the
upload stands."""

import io

import pytest
from PIL import Image

from pedset.core.tests import uploads
from pedset.materials import previews
from pedset.materials.models import MaterialFile
from pedset.materials.tests.helpers import draft

pytestmark = pytest.mark.django_db


def upload_and_commit(author, community, upload, capture):
    with capture(execute=True):
        material = draft(author, community, files=[upload])
    return MaterialFile.objects.get(material=material)


def preview_image(material_file) -> Image.Image:
    with material_file.preview.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_a_pdf_gets_a_picture_of_its_first_page(
    community, author, django_capture_on_commit_callbacks
):
    pdf = upload_and_commit(
        author, community, uploads.real_pdf("план.pdf", pages=3), django_capture_on_commit_callbacks
    )
    assert pdf.preview.name.endswith(".png")
    image = preview_image(pdf)
    assert image.format == "PNG"
    assert max(image.size) <= previews.PREVIEW_SIZE
    # an A4 page is portrait
    assert image.size[1] > image.size[0]


def test_a_photo_gets_a_smaller_copy_without_exif(
    community, author, django_capture_on_commit_callbacks
):
    photo = upload_and_commit(
        author,
        community,
        uploads.photo_with_exif(size=(1600, 1200)),
        django_capture_on_commit_callbacks,
    )
    # the original keeps its EXIF (it is the author's file) …
    with photo.file.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).getexif()
    # … the preview is smaller and has none
    image = preview_image(photo)
    assert image.format == "JPEG"
    assert image.size == (800, 600)
    assert not image.getexif()
    assert "exif" not in image.info


def test_a_png_keeps_its_kind(community, author, django_capture_on_commit_callbacks):
    picture = upload_and_commit(
        author,
        community,
        uploads.image("схема.png", size=(1200, 300)),
        django_capture_on_commit_callbacks,
    )
    image = preview_image(picture)
    assert image.format == "PNG" and image.size == (800, 200)


@pytest.mark.parametrize(
    "upload",
    [uploads.pdf("не рендерится.pdf"), uploads.ooxml("план.docx"), uploads.mp4("урок.mp4")],
    ids=["broken-pdf", "docx", "mp4"],
)
def test_no_preview_never_breaks_the_upload(
    community, author, django_capture_on_commit_callbacks, upload
):
    material_file = upload_and_commit(author, community, upload, django_capture_on_commit_callbacks)
    assert material_file.pk and not material_file.preview


def test_a_failing_renderer_leaves_no_preview(
    community, author, django_capture_on_commit_callbacks, monkeypatch
):
    def explode(data):
        raise MemoryError("pdfium gave up")

    monkeypatch.setattr(previews, "_pdf_first_page", lambda data: explode(data))
    material_file = upload_and_commit(
        author, community, uploads.real_pdf(), django_capture_on_commit_callbacks
    )
    assert material_file.pk and not material_file.preview


def test_a_preview_is_made_once(community, author, django_capture_on_commit_callbacks):
    pdf = upload_and_commit(
        author, community, uploads.real_pdf(), django_capture_on_commit_callbacks
    )
    name = pdf.preview.name
    assert previews.make_preview(pdf.pk) is False
    pdf.refresh_from_db()
    assert pdf.preview.name == name

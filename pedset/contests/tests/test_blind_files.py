"""The jury reads entries without the authors' names: files are listed and downloaded under
neutral names, and the metadata naming the authors is dropped on upload (contests.views,
contests.scrub)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pedset.contests import scrub, services
from pedset.contests.models import EntryFile
from pedset.contests.tests import factories
from pedset.core.tests import uploads
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import add_file, material_with_author

pytestmark = pytest.mark.django_db

AUTHOR_FILE = "Иванова_Мария_СОШ2_эссе.pdf"


@pytest.fixture
def judged(community):
    event = factories.closed_contest(community)
    factories.criterion(event)
    entry = factories.entry(event, with_file=True)
    EntryFile.objects.filter(entry=entry).update(original_name=AUTHOR_FILE)
    return event, entry, factories.juror(event)


def test_the_jury_sees_and_downloads_files_without_their_names(client, judged):
    event, entry, seat = judged
    client.force_login(seat.user)

    page = client.get(reverse("contests:score", args=[entry.pk])).content.decode()
    assert "Иванова" not in page
    assert "Файл 1 (PDF," in page

    stored = EntryFile.objects.get(entry=entry)
    response = client.get(reverse("contests:file", args=[stored.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert f'filename="entry-{entry.pk}-1.pdf"' in disposition
    assert "%D0%98" not in disposition and "Иванова" not in disposition


def test_authors_and_managers_keep_the_names(client, judged, coordinator):
    _event, entry, _seat = judged
    stored = EntryFile.objects.get(entry=entry)
    for person in (entry.submitted_by, coordinator):
        client.force_login(person)
        page = client.get(reverse("contests:entry", args=[entry.pk])).content.decode()
        assert AUTHOR_FILE in page
        response = client.get(reverse("contests:file", args=[stored.pk]))
        assert "entry-" not in response["Content-Disposition"]


def test_a_material_file_reaches_the_jury_under_a_neutral_name(client, community):
    event = factories.closed_contest(community)
    factories.criterion(event)
    author = factories.member(event)
    material = material_with_author(
        community=community, author=author, status=MaterialStatus.INCLUDED
    )
    material_file = add_file(material, name="Иванова_урок.pdf")
    entry = factories.entry(event, author, material=material)
    seat = factories.juror(event)
    client.force_login(seat.user)

    page = client.get(reverse("contests:score", args=[entry.pk])).content.decode()
    assert material_file.original_name not in page
    response = client.get(reverse("contests:material_file", args=[entry.pk, material_file.pk]))
    extension = material_file.file.name.rsplit(".", 1)[-1].lower()
    assert f'filename="entry-{entry.pk}-1.{extension}"' in response["Content-Disposition"]


def test_the_form_warns_to_keep_names_out_of_files():
    assert "without the authors' names" in services.files_help()


# --- Metadata dropped on upload ----------------------------------------------------------------


def _submit(author, event, upload):
    return services.entry_submit(
        actor=author,
        event=event,
        title="Работа",
        summary="Аннотация работы.",
        files=[upload],
        consent=True,
    )


def _stored_bytes(entry) -> bytes:
    with EntryFile.objects.get(entry=entry).file.open("rb") as handle:
        return handle.read()


def test_a_photos_exif_is_dropped(contest, member):
    from PIL import Image

    entry = _submit(member, contest, uploads.photo_with_exif(size=(40, 30)))

    data = _stored_bytes(entry)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 30)
        assert not dict(image.getexif())
    assert "Синтетическая камера".encode() not in data
    assert EntryFile.objects.get(entry=entry).size == len(data)


def test_a_documents_author_is_blanked(contest, member):
    core = (
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y">'
        "<dc:title>Урок</dc:title><dc:creator>Иванова Мария</dc:creator>"
        "<cp:lastModifiedBy>Петров Пётр</cp:lastModifiedBy></cp:coreProperties>"
    ).encode()
    app = "<Properties><Company>МБОУ СОШ 2</Company><Pages>1</Pages></Properties>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document>text</w:document>")
        archive.writestr("docProps/core.xml", core)
        archive.writestr("docProps/app.xml", app)
    upload = SimpleUploadedFile("урок.docx", buffer.getvalue())

    entry = _submit(member, contest, upload)

    with zipfile.ZipFile(io.BytesIO(_stored_bytes(entry))) as archive:
        stored_core = archive.read("docProps/core.xml")
        assert b"<dc:creator></dc:creator>" in stored_core
        assert b"<cp:lastModifiedBy></cp:lastModifiedBy>" in stored_core
        assert "Урок".encode() in stored_core  # the title stays
        assert b"<Company></Company>" in archive.read("docProps/app.xml")
        assert archive.read("word/document.xml") == b"<w:document>text</w:document>"


def test_a_pdfs_information_is_dropped(contest, member):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": "Иванова Мария", "/Creator": "СОШ 2"})
    buffer = io.BytesIO()
    writer.write(buffer)

    entry = _submit(member, contest, SimpleUploadedFile("эссе.pdf", buffer.getvalue()))

    reader = PdfReader(io.BytesIO(_stored_bytes(entry)))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")
    assert not (reader.metadata or {}).get("/Creator")


def test_blanking_leaves_self_closing_and_other_elements_alone():
    xml = b"<p><dc:creator/><dc:creator a='1'>X</dc:creator><dc:creatorX>Y</dc:creatorX></p>"
    assert scrub.blank_properties(xml) == (
        b"<p><dc:creator/><dc:creator a='1'></dc:creator><dc:creatorX>Y</dc:creatorX></p>"
    )

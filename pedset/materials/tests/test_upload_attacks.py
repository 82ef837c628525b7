"""Upload attacks on the bank of materials: each is refused with a clear Russian message and
nothing is stored — no material, no file row, no file in storage — both when a service is called
and when the upload form is posted."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from pedset.core import uploads as core_uploads
from pedset.core.tests import uploads
from pedset.materials import services
from pedset.materials.models import Material, MaterialFile
from pedset.materials.services import ActionRefused
from pedset.materials.tests.helpers import draft, fields

pytestmark = pytest.mark.django_db

ATTACKS = [
    # (id, file maker, words of the message)
    ("png-html-polyglot", uploads.png_with_html_after_end, "после конца изображения"),
    ("png-html-inside", uploads.png_with_html_inside, "код веб-страницы"),
    ("jpeg-html-polyglot", uploads.jpeg_with_html_after_end, "после конца изображения"),
    ("jpeg-html-inside", uploads.jpeg_with_html_inside, "код веб-страницы"),
    ("html-renamed-pdf", lambda: uploads.html_as("план.pdf"), "это не файл PDF"),
    ("zip-bomb-docx", uploads.zip_bomb_docx, "упакована слишком плотно"),
    ("overlapping-docx", uploads.overlapping_docx, "перекрываются"),
    ("empty", lambda: uploads.text_as("пустой.pdf", size=0), "пуст"),
    ("extension-disagrees", lambda: uploads.image("фото.pdf"), "по содержимому — PNG"),
    ("docx-named-pdf", lambda: uploads.ooxml("план.pdf"), "по содержимому — DOCX"),
    ("fake-mp4", lambda: uploads.html_as("урок.mp4"), "это не файл MP4"),
    ("zip", uploads.plain_zip, "Архивы ZIP не принимаются"),
]
PATH_NAMES = ["../../etc/passwd.pdf", "..\\..\\windows\\план.pdf", "папка/план.pdf", "план\x00.pdf"]


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


@pytest.fixture
def nothing_stored(media_files):
    def check():
        assert not Material.objects.exists()
        assert not MaterialFile.objects.exists()
        assert media_files() == []

    return check


@pytest.mark.parametrize(("make", "message"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_service_refuses_the_attack_and_stores_nothing(
    community, author, nothing_stored, make, message
):
    # given an attacking file next to a harmless one, when a material is created with them
    with pytest.raises(ActionRefused) as refusal:
        draft(author, community, files=[uploads.pdf("план.pdf"), make()])
    # then the refusal says why, and nothing at all is stored
    assert message in refusal.value.message
    nothing_stored()


@pytest.mark.parametrize("raw_name", PATH_NAMES)
def test_service_refuses_names_with_paths_and_stores_nothing(
    community, author, nothing_stored, raw_name
):
    with pytest.raises(ActionRefused, match="путь к папке или недопустимые символы"):
        draft(author, community, files=[uploads.named(uploads.pdf(), raw_name)])
    nothing_stored()


def test_service_refuses_an_oversize_file_and_an_oversize_video(
    community, author, nothing_stored, settings
):
    settings.MATERIAL_FILE_MAX_BYTES = 1000
    settings.MATERIAL_VIDEO_MAX_BYTES = 3000
    with pytest.raises(ActionRefused, match="слишком большой"):
        draft(author, community, files=[uploads.pdf(size=1001)])
    video = uploads.mp4()
    assert 1000 < video.size <= 3000  # a video may be larger than a document
    material = draft(author, community, files=[video])
    assert material.files.get().kind == "mp4"
    material.delete()
    big = uploads.mp4()
    big.size = 3001
    with pytest.raises(ActionRefused, match="слишком большой"):
        draft(author, community, files=[big])


def test_an_attack_on_edit_changes_nothing(community, author, media_files):
    material = draft(author, community, files=[uploads.pdf("план.pdf")])
    stored = media_files()
    with pytest.raises(ActionRefused):
        services.material_update(
            actor=author,
            material=material,
            files=[uploads.png_with_html_after_end()],
            **fields(title="Другое название"),
        )
    material.refresh_from_db()
    assert material.title != "Другое название"
    assert material.files.count() == 1 and media_files() == stored


# --- Through the upload view -------------------------------------------------------------------


def form_data(**changes):
    data = {
        "title": "Проектная деятельность",
        "summary": "Серия уроков.",
        "material_type": "methodical",
        "level": "ooo",
        "licence": "cc-by",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(("make", "message"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_the_form_refuses_the_attack_and_stores_nothing(
    client, community, author, nothing_stored, make, message
):
    client.force_login(author)
    response = client.post(
        reverse("materials:create", args=[community.slug]),
        form_data(files=[uploads.pdf("план.pdf"), make()]),
    )
    assert response.status_code == 200
    assert message in " ".join(strip_tags(response.content.decode()).split())
    nothing_stored()


def test_the_form_refuses_an_oversize_file(client, community, author, nothing_stored, settings):
    settings.MATERIAL_FILE_MAX_BYTES = 1000
    client.force_login(author)
    response = client.post(
        reverse("materials:create", args=[community.slug]),
        form_data(files=[uploads.pdf(size=1001)]),
    )
    assert "слишком большой" in response.content.decode()
    nothing_stored()


def _multipart(filename: bytes, fields_: dict) -> tuple[bytes, str]:
    """A hand-made request: Django's test client would cut the file name before sending."""
    boundary = "----pedsetattack"
    parts = []
    for name, value in fields_.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="files"; filename="'
        + filename
        + b'"\r\n'
        + b"Content-Type: application/pdf\r\n\r\n"
        + uploads.pdf().read()
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "filename",
    [b"../../etc/passwd.pdf", b"..\\..\\plan.pdf", b"folder/plan.pdf", b"&#46;&#46;&#47;plan.pdf"],
)
def test_the_form_refuses_a_name_with_a_path_that_django_would_cut(
    client, community, author, nothing_stored, filename
):
    # given a request whose file name carries a path (Django cuts it to «plan.pdf»)
    client.force_login(author)
    body, content_type = _multipart(filename, form_data())
    # when it is posted to the upload form
    response = client.generic(
        "POST", reverse("materials:create", args=[community.slug]), body, content_type=content_type
    )
    # then it is refused with the reason, and nothing is stored
    assert response.status_code == 200
    assert "путь к папке или недопустимые символы" in response.content.decode()
    nothing_stored()


def test_a_hand_made_request_with_a_plain_name_is_accepted(client, community, author):
    client.force_login(author)
    body, content_type = _multipart("план.pdf".encode(), form_data())
    response = client.generic(
        "POST", reverse("materials:create", args=[community.slug]), body, content_type=content_type
    )
    assert response.status_code == 302
    assert MaterialFile.objects.get().original_name == "план.pdf"


def test_the_upload_form_still_checks_csrf(community, author):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    response = client.post(
        reverse("materials:create", args=[community.slug]),
        form_data(files=[uploads.pdf()]),
    )
    assert response.status_code == 403
    assert not Material.objects.exists()


def test_every_attack_kind_is_known_to_the_checker():
    # the materials accept exactly the kinds the issue names
    assert services.upload_rules().kinds == frozenset(core_uploads.KINDS)
    assert "MP4" in services.upload_rules().types_text()


def test_uploads_kept_in_temporary_files_are_stored_or_refused_alike(
    client, community, author, settings, media_files
):
    # given uploads that Django keeps in temporary files rather than in memory
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    client.force_login(author)
    create = reverse("materials:create", args=[community.slug])
    # then an attack is still refused and nothing is stored
    response = client.post(create, form_data(files=[uploads.zip_bomb_docx()]))
    assert "упакована слишком плотно" in response.content.decode()
    assert media_files() == []
    # and good files are stored with their kinds
    response = client.post(create, form_data(files=[uploads.real_pdf(), uploads.mp4()]))
    assert response.status_code == 302
    assert sorted(MaterialFile.objects.values_list("kind", flat=True)) == ["mp4", "pdf"]
    assert len(media_files()) == 2

"""pedset.core.uploads: every accepted kind is accepted under its own name, every attack is
refused with a clear Russian message (the views and services above it store nothing then:
pedset/materials/tests/test_upload_attacks.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from pedset.core import uploads
from pedset.core.tests import uploads as samples

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def rules(**changes):
    values = {
        "kinds": frozenset(uploads.KINDS),
        "max_bytes": 5 * MIB,
        "max_files": 3,
        "kind_max_bytes": {"mp4": 50 * MIB},
    }
    values.update(changes)
    return uploads.UploadRules(**values)


def refusal(upload, **changes) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload, rules(**changes))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (samples.pdf("план.pdf"), "pdf"),
        (samples.real_pdf("план.pdf"), "pdf"),
        (samples.ole2("plan.doc"), "doc"),
        (samples.ole2("table.xls"), "xls"),
        (samples.ole2("slides.ppt"), "ppt"),
        (samples.ooxml("plan.docx"), "docx"),
        (samples.ooxml("table.xlsx"), "xlsx"),
        (samples.ooxml("slides.pptx"), "pptx"),
        (samples.odf("plan.odt"), "odt"),
        (samples.odf("table.ods", "application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (samples.odf("slides.odp", "application/vnd.oasis.opendocument.presentation"), "odp"),
        (samples.image("схема.png"), "png"),
        (samples.image("фото.jpg", "JPEG"), "jpeg"),
        (samples.image("фото.JPEG", "JPEG"), "jpeg"),
        (samples.photo_with_exif(), "jpeg"),
        (samples.mp4("урок.mp4"), "mp4"),
        (samples.mp4("урок.mp4", brand=b"mp42", compatible=(b"mp42", b"isom")), "mp4"),
        # A QuickTime major brand is fine when an MP4 brand is among the compatible ones.
        (samples.mp4("урок.mp4", brand=b"qt  ", compatible=(b"qt  ", b"isom")), "mp4"),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_every_accepted_kind_is_accepted_by_its_content(upload, kind):
    # given a real file of the kind, when it is checked, then its kind comes from the content
    checked = uploads.check_upload(upload, rules())
    assert checked.kind == kind
    assert checked.content_type == uploads.KINDS[kind][0]
    assert checked.original_name == upload.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        # a PNG+HTML polyglot: a web page after the image's end, or inside its metadata
        (samples.png_with_html_after_end(), "после конца изображения"),
        (samples.jpeg_with_html_after_end(), "после конца изображения"),
        (samples.png_with_html_inside(), "код веб-страницы"),
        (samples.jpeg_with_html_inside(), "код веб-страницы"),
        # an HTML file renamed .pdf (or .jpg, .docx, .mp4)
        (samples.html_as("план.pdf"), "не соответствует его имени: это не файл PDF"),
        (samples.html_as("фото.jpg"), "не соответствует его имени"),
        (samples.html_as("план.docx"), "не соответствует его имени"),
        (samples.html_as("урок.mp4"), "не соответствует его имени"),
        (samples.pdf_with_html_head(), "не соответствует его имени"),
        # zip bombs disguised as DOCX
        (samples.zip_bomb_docx(), "упакована слишком плотно"),
        (samples.overlapping_docx(), "перекрываются"),
        # broken pictures and video
        (samples.fake_jpeg(), "не соответствует его имени"),
        (samples.mp4("урок.mp4", brand=b"qt  ", compatible=(b"qt  ",)), "не соответствует"),
        (samples.mp4("урок.mp4", moov=False), "не соответствует"),
        # an empty file
        (samples.text_as("пусто.pdf", size=0), "пуст"),
        # a name whose extension disagrees with the content
        (samples.ooxml("план.pdf"), "по содержимому — DOCX"),
        (samples.image("фото.jpg"), "по содержимому — PNG"),
        (samples.pdf("урок.mp4"), "по содержимому — PDF"),
        # archives and unknown types
        (samples.plain_zip(), "Архивы ZIP не принимаются"),
        (samples.ooxml("архив.zip"), "Архивы ZIP не принимаются"),
        (samples.text_as("скрипт.exe", content_type="application/x-msdownload"), "не принимаются"),
        (samples.text_as("страница.html", content_type="text/html"), "не принимаются"),
        (samples.text_as("без расширения"), "не принимаются"),
    ],
    ids=lambda value: getattr(value, "name", str(value)[:20]),
)
def test_attacks_are_refused_with_a_clear_message(upload, message):
    assert message in refusal(upload)


def test_an_mp4_with_data_appended_is_refused():
    upload = samples.mp4()
    upload.file.seek(0, 2)
    upload.file.write(samples.HTML)
    upload.size += len(samples.HTML)
    assert "не соответствует" in refusal(upload)


@pytest.mark.parametrize(
    "raw",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.pdf",
        "папка/план.pdf",
        "план\x00.pdf",
        "план\u202efdp.exe",
        "..",
    ],
)
def test_names_with_paths_or_control_characters_are_refused_not_cleaned(raw):
    # given a PDF whose name carries a path or a NUL, when checked, then it is refused
    message = refusal(samples.named(samples.pdf(), raw))
    assert "путь к папке или недопустимые символы" in message
    assert "\x00" not in message


def test_oversize_files_are_refused_by_the_limit_of_their_kind():
    # given a 1 MiB limit for documents and 2 MiB for video
    limits = {"max_bytes": MIB, "kind_max_bytes": {"mp4": 2 * MIB}}
    # then a document one byte over the limit is refused, one at the limit is accepted
    assert "слишком большой" in refusal(samples.pdf(size=MIB + 1), **limits)
    uploads.check_upload(samples.pdf(size=MIB), rules(**limits))
    # and a video may be larger than a document, but not larger than its own limit
    video = samples.mp4()
    video.size = MIB + 10  # the size the upload handler reports
    assert uploads.check_upload(video, rules(**limits)).kind == "mp4"
    video.size = 2 * MIB + 1
    assert "слишком большой: допускается не более 2,0" in refusal(video, **limits)


def test_a_zip_bomb_is_judged_by_its_directory_without_unpacking(monkeypatch):
    # given lower limits, when documents exceed them, then they are refused
    monkeypatch.setattr(uploads, "ZIP_MAX_MEMBERS", 50)
    assert "слишком много частей" in refusal(samples.many_members_docx(members=60))
    uploads.check_upload(samples.many_members_docx(members=40), rules())
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_UNPACKED", MIB)
    assert "в распакованном виде" in refusal(samples.big_docx(unpacked=2 * MIB))
    # and nothing is unpacked to judge it: reading a member would fail the test
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_UNPACKED", 1024 * MIB)

    def no_unpacking(*args, **kwargs):
        raise AssertionError("a member was unpacked")

    import zipfile

    monkeypatch.setattr(zipfile.ZipExtFile, "read", no_unpacking)
    assert "упакована слишком плотно" in refusal(samples.zip_bomb_docx())


def test_a_huge_zip_directory_is_refused_before_it_is_parsed(monkeypatch):
    # Given a DOCX whose central directory is large (a million tiny entries in 47 MB cost
    # zipfile half a gigabyte and seconds to parse; here the limit is lowered instead)
    monkeypatch.setattr(uploads, "ZIP_MAX_DIRECTORY_BYTES", 10_000)
    upload = samples.many_members_docx(members=400)
    # and zipfile is never allowed to parse a directory
    import zipfile

    def no_parsing(self):
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", no_parsing)

    # When it is checked, then it is refused by the end record alone, with a clear message
    message = refusal(upload)
    assert "оглавление" in message and "архивные бомбы" in message


def test_a_too_large_picture_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 100)
    assert "мегапикселей" in refusal(samples.image("схема.png", size=(20, 20)))


def test_kinds_outside_the_rules_are_refused():
    forum_like = {"kinds": uploads.DOCUMENT_KINDS}
    assert "не принимаются" in refusal(samples.mp4(), **forum_like)
    assert rules(**forum_like).types_text() == (
        "PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, JPEG, PNG"
    )


def test_the_number_of_files_is_limited():
    with pytest.raises(ValidationError) as caught:
        uploads.check_uploads([samples.pdf(f"{i}.pdf") for i in range(4)], rules())
    assert "не более 3 файлов" in caught.value.messages[0]
    assert len(uploads.check_uploads([samples.pdf(), None, samples.pdf("b.pdf")], rules())) == 2


def test_the_file_is_rewound_after_checking():
    upload = samples.image("схема.png")
    uploads.check_upload(upload, rules())
    assert upload.read(8) == uploads.PNG_MAGIC


def test_storage_names_are_random_and_keep_only_the_extension():
    checked = uploads.check_upload(samples.pdf("Мой план.pdf"), rules())
    first, second = uploads.storage_name(checked), uploads.storage_name(checked)
    assert first != second and first.endswith(".pdf") and "план" not in first


def _multipart(filename: bytes) -> tuple[bytes, str]:
    boundary = "pedsetboundary"
    body = (
        b"--pedsetboundary\r\n"
        b'Content-Disposition: form-data; name="files"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
        b"%PDF-1.4\n%%EOF\n\r\n"
        b"--pedsetboundary--\r\n"
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    ("filename", "unsafe"),
    [
        (b"../../evil.pdf", True),
        (b"..\\evil.pdf", True),
        (b"&#46;&#46;&#47;evil.pdf", True),
        (b"plan.pdf", False),
        ("план.pdf".encode(), False),
    ],
)
def test_views_learn_the_names_django_would_have_cut(filename, unsafe):
    # given a view wrapped by keeps_upload_names and a request with that file name
    seen = {}

    @uploads.keeps_upload_names
    def view(request):
        seen["files"] = [f.name for f in request.FILES.getlist("files")]
        seen["unsafe"] = uploads.unsafe_upload_names(request)
        return None

    body, content_type = _multipart(filename)
    request = RequestFactory().generic("POST", "/", body, content_type=content_type)
    request._dont_enforce_csrf_checks = True
    # when the view reads the files
    view(request)
    # then Django's cut name reaches it, and the original one is reported when it was unsafe
    assert bool(seen["unsafe"]) is unsafe
    assert all("/" not in name and "\\" not in name for name in seen["files"])


def _real_world_files():
    """Files as real programs write them: progressive and restart-marker JPEGs, CMYK, palette
    and interlaced PNGs, a python-docx document, an openpyxl workbook, a WeasyPrint PDF."""
    import io

    import docx
    import openpyxl
    from PIL import Image
    from weasyprint import HTML

    picture = Image.effect_mandelbrot((320, 240), (-2, -1.5, 1, 1.5), 50).convert("RGB")

    def saved(image, fmt, **options):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        return buffer.getvalue()

    document = docx.Document()
    document.add_paragraph("Методическая разработка " * 200)
    docx_buffer = io.BytesIO()
    document.save(docx_buffer)
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Лист оценки"
    xlsx_buffer = io.BytesIO()
    workbook.save(xlsx_buffer)
    return [
        ("progressive.jpg", saved(picture, "JPEG", progressive=True), "jpeg"),
        ("restarts.jpg", saved(picture, "JPEG", restart_marker_blocks=1), "jpeg"),
        ("cmyk.jpg", saved(picture.convert("CMYK"), "JPEG"), "jpeg"),
        ("palette.png", saved(picture.convert("P"), "PNG"), "png"),
        ("interlaced.png", saved(picture, "PNG", interlace=True), "png"),
        ("plan.docx", docx_buffer.getvalue(), "docx"),
        ("sheet.xlsx", xlsx_buffer.getvalue(), "xlsx"),
        ("order.pdf", HTML(string="<h1>Приказ</h1>").write_pdf(), "pdf"),
    ]


def test_files_written_by_real_programs_are_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, data, kind in _real_world_files():
        assert uploads.check_upload(SimpleUploadedFile(name, data), rules()).kind == kind, name


def test_large_uploads_kept_in_temporary_files_are_checked_the_same(settings, tmp_path):
    """Django keeps uploads over FILE_UPLOAD_MAX_MEMORY_SIZE in temporary files."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    def temporary(upload):
        data = upload.read()
        temporary_file = TemporaryUploadedFile(
            upload.name, "application/octet-stream", len(data), None
        )
        temporary_file.write(data)
        temporary_file.seek(0)
        return temporary_file

    for upload, kind in [
        (samples.mp4(), "mp4"),
        (samples.ooxml("plan.docx"), "docx"),
        (samples.image("схема.png"), "png"),
        (samples.real_pdf(), "pdf"),
    ]:
        assert uploads.check_upload(temporary(upload), rules()).kind == kind
    assert "упакована слишком плотно" in refusal(temporary(samples.zip_bomb_docx()))
    assert "после конца изображения" in refusal(temporary(samples.png_with_html_after_end()))

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pedset.accounts.avatars import avatar_from_upload
from pedset.accounts.tests.conftest import image_bytes, upload


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims enormous dimensions: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def stored_image(content_file) -> Image.Image:
    image = Image.open(io.BytesIO(content_file.read()))
    image.load()
    return image


def test_a_jpeg_is_re_encoded_without_exif_and_downsized():
    # given a photo with EXIF (camera, place) bigger than an avatar needs
    exif = Image.Exif()
    exif[0x010F] = "Камера-производитель"  # Make
    exif[0x8825] = {1: "N"}  # GPS info
    data = image_bytes("JPEG", size=(1200, 900), exif=exif.tobytes())
    assert Image.open(io.BytesIO(data)).getexif()

    # when it is taken as an avatar
    result = avatar_from_upload(upload(data=data))

    # then a JPEG with a random name, no EXIF and at most 512 px a side is kept
    image = stored_image(result)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert max(image.size) == 512
    assert result.name.endswith(".jpg") and "photo" not in result.name


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGBA"), ("WEBP", "RGB"), ("PNG", "P")])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(fmt, mode):
    data = image_bytes(fmt, mode=mode if mode != "P" else "RGB")
    if mode == "P":
        buffer = io.BytesIO()
        Image.open(io.BytesIO(data)).convert("P").save(buffer, format="PNG", transparency=0)
        data = buffer.getvalue()
    image = stored_image(avatar_from_upload(upload("a.png", data, "image/png")))
    assert image.format == "JPEG" and image.mode == "RGB"


def test_exif_orientation_is_applied_before_it_is_stripped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = image_bytes("JPEG", size=(80, 40), exif=exif.tobytes())
    assert stored_image(avatar_from_upload(upload(data=data))).size == (40, 80)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", "Это не фотография, а текст.".encode() * 10, "не является изображением"),
        ("photo.jpg", image_bytes("GIF"), "не является изображением"),
        ("photo.jpg", image_bytes("BMP"), "не является изображением"),
        ("photo.jpg", image_bytes("JPEG")[:200], "не является изображением"),
        ("photo.png", image_bytes("PNG")[:60], "не является изображением"),
        ("photo.jpg", b"", "не является изображением"),
        ("bomb.png", png_header_only(40000, 40000), "Изображение слишком большое"),
        ("wide.png", png_header_only(5000, 4000), "Изображение слишком большое"),
    ],
)
def test_bad_files_are_refused_with_a_russian_message(name, data, message):
    with pytest.raises(ValidationError) as error:
        avatar_from_upload(SimpleUploadedFile(name, data, "image/jpeg"))
    assert message in error.value.messages[0]


def test_a_10_mb_text_file_named_photo_jpg_is_refused_before_it_is_read():
    big = SimpleUploadedFile("photo.jpg", b"x" * (10 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as error:
        avatar_from_upload(big)
    assert error.value.messages == ["Файл слишком большой: размер фотографии — не более 2 МБ."]


def test_the_pixel_limit_comes_from_settings(settings):
    settings.AVATAR_MAX_PIXELS = 50 * 50
    with pytest.raises(ValidationError) as error:
        avatar_from_upload(upload(data=image_bytes(size=(60, 60))))
    assert "не более 0.0025 мегапикселей" in error.value.messages[0]

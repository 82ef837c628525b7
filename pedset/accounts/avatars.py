"""Avatar images: checked by their content, never by their name, and re-encoded.

Re-encoding strips EXIF (geolocation, camera serials) and anything hidden after the image data;
the stored file is always a small JPEG with a random name.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
STORED_SIZE = (512, 512)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def avatar_from_upload(upload) -> ContentFile:
    """The upload re-encoded as a JPEG, or a ValidationError with a Russian message."""
    if upload.size > settings.AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: a photo may be at most %(mb)s MB.")
            % {"mb": _megabytes(settings.AVATAR_MAX_BYTES)},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not an image. Upload a photo in JPEG, PNG or WebP format."),
        code="not_image",
    )
    too_big = ValidationError(
        _("The image is too large: at most %(pixels)s megapixels.")
        % {"pixels": f"{settings.AVATAR_MAX_PIXELS / 1_000_000:g}"},
        code="too_many_pixels",
    )
    try:
        upload.seek(0)
        data = upload.read(settings.AVATAR_MAX_BYTES + 1)
        with warnings.catch_warnings():
            # A decompression bomb warns first and raises beyond twice the limit: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > settings.AVATAR_MAX_PIXELS:
                    raise too_big
                probe.verify()
            # verify() leaves the image unusable: decode afresh.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail(STORED_SIZE)
                out = _as_rgb(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image from None

    buffer = io.BytesIO()
    out.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def _as_rgb(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: lay a transparent picture on white."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def avatar_url(person) -> str:
    """The checking view's address, versioned so a new photo is not hidden by caches.

    The version is a keyed hash of the stored name, so the page never reveals the file path.
    """
    from django.urls import reverse
    from django.utils.crypto import salted_hmac

    if not person.avatar:
        return ""
    version = salted_hmac(
        "pedset.accounts.avatar", person.avatar.name, algorithm="sha256"
    ).hexdigest()[:10]
    return f"{reverse('accounts:avatar', args=[person.pk])}?v={version}"

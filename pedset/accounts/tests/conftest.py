import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory


@pytest.fixture
def operator(db):
    """The platform operator with its texts of consent to processing and to distribution."""
    org = OrganisationFactory(operates_platform=True, short_name="МКУ «Методический центр»")
    ConsentTextFactory(operator=org, kind=ConsentKind.PROCESSING)
    ConsentTextFactory(
        operator=org,
        kind=ConsentKind.PUBLICATION,
        title="Согласие на распространение персональных данных",
        text="Я разрешаю сделать общедоступными выбранные мной сведения профиля.",
    )
    return org


@pytest.fixture
def teacher(db):
    return UserFactory()


@pytest.fixture
def login(client):
    """login(user) through the real login form (so the session is recorded) -> the client."""

    def _login(user, the_client=None, password=DEFAULT_PASSWORD):
        c = the_client or client
        response = c.post("/accounts/login/", {"email": user.email, "password": password})
        assert response.status_code == 302, response.content.decode()[:2000]
        return c

    return _login


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)

import pytest

from pedset.rooms.tests.bbb_server import FakeBigBlueButton

SECRET = "8cd8ef52e8e101574e400365b55e11a6-test"


@pytest.fixture
def bbb(settings):
    """A local BigBlueButton stand-in; the settings point at it."""
    server = FakeBigBlueButton(SECRET).start()
    settings.BBB_URL = server.url
    settings.BBB_SECRET = SECRET
    settings.BBB_CHECKSUM = "sha1"
    settings.ROOM_HTTP_TIMEOUT = 2
    yield server
    server.stop()


@pytest.fixture
def no_conferencing(settings):
    settings.BBB_URL = settings.BBB_SECRET = ""
    settings.JITSI_URL = settings.JITSI_APP_ID = settings.JITSI_APP_SECRET = ""


@pytest.fixture
def jitsi_settings(settings):
    settings.JITSI_URL = "https://meet.example.ru/"
    settings.JITSI_APP_ID = "pedset"
    settings.JITSI_APP_SECRET = "jitsi-secret-0123456789abcdef0123456789"
    return settings

"""The shell every page shares: language, accessibility version, errors, headers, time zones."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import path, reverse
from django.utils import timezone

from pedset.core.models import Notification

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[3]


def _boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("boom/", _boom)]


def test_pages_are_russian_even_for_an_english_browser(client):
    # given a browser that prefers English, when it opens the home page
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    # then the page is Russian
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru"' in html
    assert "Сообщества" in html
    assert "Перейти к содержанию" in html


def test_english_can_be_chosen(client):
    # when the reader picks English in the switch
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    # then pages come in English
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html


def test_language_choice_is_remembered_per_person(client, make_person):
    from pedset.accounts.tests.factories import DEFAULT_PASSWORD

    # given a signed-in person who switches to English
    person = make_person("registered")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"
    # when they sign in on another computer, then pages come in English there too
    other = type(client)()
    other.post(reverse("accounts:login"), {"email": person.email, "password": DEFAULT_PASSWORD})
    assert '<html lang="en"' in other.get("/").content.decode()


def test_unknown_language_is_ignored(client):
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="ru"' in client.get("/").content.decode()


def test_visually_impaired_version_for_an_anonymous_reader(client):
    # when an anonymous reader switches the version on
    client.post(reverse("core:accessible_mode"), {"on": "1", "next": "/"})
    # then it stays on for the session: larger text, high contrast, images off
    html = client.get("/").content.decode()
    assert 'class="a11y"' in html
    assert "accessible.css" in html
    assert "Обычная версия" in html
    # and switches off again
    client.post(reverse("core:accessible_mode"), {"on": "0", "next": "/"})
    assert "accessible.css" not in client.get("/").content.decode()


def test_visually_impaired_version_is_remembered_per_person(client, make_person):
    from pedset.accounts.tests.factories import DEFAULT_PASSWORD

    # given a person who switched the version on once
    person = make_person("registered")
    client.force_login(person)
    client.post(reverse("core:accessible_mode"), {"on": "1"})
    person.refresh_from_db()
    assert person.accessible_mode is True
    # when they sign in again from another computer
    other = type(client)()
    assert other.login(email=person.email, password=DEFAULT_PASSWORD)
    # then the version is on there too
    assert 'class="a11y"' in other.get("/").content.decode()


def test_accessible_mode_does_not_redirect_to_another_site(client):
    response = client.post(
        reverse("core:accessible_mode"), {"on": "1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_accessible_mode_refuses_get(client):
    assert client.get(reverse("core:accessible_mode")).status_code == 405


def test_not_found_page_is_russian(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_server_error_page_is_russian(client, settings):
    # given a view that fails
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    # when it is opened, then the reader gets the Russian 500 page
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Ошибка сервера" in response.content.decode()


def test_forbidden_page_is_russian(client, make_person):
    client.force_login(make_person("member"))
    response = client.get(reverse("core:admin_panel"))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_nothing_loads_from_another_site(client):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


def test_times_are_shown_in_the_readers_zone(client, make_person):
    # given a reader in Yakutsk and a notification created at 03:00 UTC
    person = make_person("registered")
    person.time_zone = "Asia/Yakutsk"
    person.save()
    note = Notification.objects.create(recipient=person, kind="test", title="Проверка")
    Notification.objects.filter(pk=note.pk).update(
        created_at=timezone.datetime(2026, 11, 20, 3, 0, tzinfo=timezone.UTC)
    )
    client.force_login(person)
    # when they open the notification centre, then they see 12:00 (UTC+9)
    html = client.get(reverse("core:notifications")).content.decode()
    assert "12:00" in html


def test_anonymous_reader_zone_comes_from_the_browser_cookie(client):
    from django.utils.timezone import get_current_timezone_name

    client.cookies["pedset_tz"] = "Asia/Krasnoyarsk"
    response = client.get("/")
    assert response.status_code == 200
    # an unknown zone in the cookie is ignored, not an error
    client.cookies["pedset_tz"] = "Mars/Olympus"
    assert client.get("/").status_code == 200
    assert get_current_timezone_name()  # middleware left a valid zone active


def test_notification_centre_counts_and_marks_read(client, make_person):
    person = make_person("registered")
    for i in range(3):
        Notification.objects.create(recipient=person, kind="test", title=f"Событие {i}")
    client.force_login(person)
    html = client.get("/").content.decode()
    assert 'class="badge"' in html
    client.post(reverse("core:notifications"))
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_notification_centre_needs_login(client):
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302


@pytest.mark.parametrize("rows", [3, 30])
def test_notification_centre_query_budget(client, make_person, django_assert_max_num_queries, rows):
    person = make_person("registered")
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="test", title=f"Событие {i}") for i in range(rows)
    )
    client.force_login(person)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("core:notifications")).status_code == 200


def test_deploy_checks_pass_with_the_documented_production_environment(tmp_path):
    """docs/deployment.md lists these variables; `check --deploy` must report nothing."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE", "REDIS"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pedset.settings",
            "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-0123456789",
            "ALLOWED_HOSTS": "pedset.example.ru",
            "CSRF_TRUSTED_ORIGINS": "https://pedset.example.ru",
            "SITE_URL": "https://pedset.example.ru",
            "HTTPS": "1",
            "EMAIL_HOST": "smtp.example.ru",
            "DATABASE_URL": "postgres://pedset@127.0.0.1:5432/pedset",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "PEDSET_VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Europe/Moscow", "Москва (МСК, UTC+3)"),
        ("Asia/Krasnoyarsk", "Красноярск (МСК+4, UTC+7)"),
        ("Asia/Yakutsk", "Якутск (МСК+6, UTC+9)"),
        ("Europe/Kaliningrad", "Калининград (МСК-1, UTC+2)"),
        ("Asia/Kolkata", "Asia/Kolkata (UTC+5:30)"),
        ("Mars/Olympus", "Mars/Olympus"),
    ],
)
def test_time_zones_are_named_as_people_in_russia_name_them(zone, label):
    from pedset.core.timezones import zone_label

    assert zone_label(zone) == label

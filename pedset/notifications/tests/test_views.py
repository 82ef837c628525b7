"""The notification centre and the settings page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import Notification
from pedset.notifications.kinds import KINDS, Delivery
from pedset.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

CENTRE = reverse("core:notifications")
PREFERENCES = reverse("notifications:preferences")


def note(person, kind="announcement", title="Объявление", **fields):
    return Notification.objects.create(recipient=person, kind=kind, title=title, **fields)


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


# --- The centre -----------------------------------------------------------------------------


def test_both_addresses_show_the_centre(signed_in, person):
    note(person, title="Семинар в пятницу")
    for address in (CENTRE, reverse("notifications:centre")):
        html = signed_in.get(address).content.decode()
        assert "Семинар в пятницу" in html
        assert "1 непрочитанное уведомление." in html
        assert f'href="{PREFERENCES}"' in html


@pytest.mark.parametrize("address", [CENTRE, PREFERENCES])
def test_pages_need_login(client, address):
    response = client.get(address)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_notification_shows_its_kind(signed_in, person):
    note(person, kind="membership_approved", title="Заявка одобрена")
    note(person, kind="forum_reply", title="Ответ")
    note(person, kind="something_unregistered", title="Прочее")
    html = signed_in.get(CENTRE).content.decode()
    assert '<span class="tag">Решения о членстве</span>' in html
    assert '<span class="tag">Ответы в отслеживаемых темах</span>' in html
    assert "Прочее" in html


def test_only_ones_own_notifications_are_listed(signed_in, person):
    note(UserFactory(), title="Чужое уведомление")
    assert "Чужое уведомление" not in signed_in.get(CENTRE).content.decode()


def test_filter_by_kind_includes_its_old_codes(signed_in, person):
    note(person, kind="membership_approved", title="Заявка одобрена")
    note(person, kind="membership", title="Роль изменена")
    note(person, kind="announcement", title="Объявление о семинаре")
    html = signed_in.get(CENTRE, {"kind": "membership"}).content.decode()
    assert "Заявка одобрена" in html and "Роль изменена" in html
    assert "Объявление о семинаре" not in html
    assert '<option value="membership" selected>' in html


def test_a_filter_with_no_rows_says_so(signed_in, person):
    note(person)
    html = signed_in.get(CENTRE, {"kind": "flag"}).content.decode()
    assert "Уведомлений этого вида нет." in html


def test_an_unknown_kind_in_the_filter_is_a_russian_message_not_an_error(signed_in, person):
    note(person, title="Объявление о семинаре")
    response = signed_in.get(CENTRE, {"kind": "<script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Выберите корректный вариант" in html
    assert "Объявление о семинаре" in html  # unfiltered
    assert "<script>" not in html


def test_garbage_page_numbers_fall_back(signed_in, person):
    note(person)
    for page in ("abc", "-1", "999999"):
        assert signed_in.get(CENTRE, {"page": page}).status_code == 200


def test_the_centre_is_paginated_and_keeps_the_filter(signed_in, person):
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="forum_reply", title=f"Ответ {i}") for i in range(35)
    )
    html = signed_in.get(CENTRE, {"kind": "forum_reply"}).content.decode()
    assert "Страница 1 из 2" in html
    assert "kind=forum_reply&amp;page=2" in html


def test_mark_one_as_read(signed_in, person):
    first, second = note(person), note(person)
    response = signed_in.post(reverse("notifications:mark_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_someone_elses_notification_is_not_found(signed_in):
    other = note(UserFactory())
    response = signed_in.post(reverse("notifications:mark_read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_needs_post(signed_in, person):
    first = note(person)
    assert signed_in.get(reverse("notifications:mark_read", args=[first.pk])).status_code == 405


def test_mark_read_returns_to_the_same_page_but_never_to_another_site(signed_in, person):
    first = note(person)
    back = f"{CENTRE}?kind=announcement"
    response = signed_in.post(reverse("notifications:mark_read", args=[first.pk]), {"next": back})
    assert response["Location"] == back
    response = signed_in.post(
        reverse("notifications:mark_all_read"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == CENTRE


def test_mark_all_read(signed_in, person):
    for _ in range(3):
        note(person)
    signed_in.post(CENTRE)  # the old form of the centre still works
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_mark_all_of_one_kind_read(signed_in, person):
    reply = note(person, kind="forum_reply")
    old_code = note(person, kind="membership_approved")
    signed_in.post(reverse("notifications:mark_all_read"), {"kind": "membership"})
    reply.refresh_from_db()
    old_code.refresh_from_db()
    assert old_code.read_at is not None and reply.read_at is None


def test_mark_all_with_a_bad_kind_marks_everything_of_ones_own_only(signed_in, person):
    mine, theirs = note(person), note(UserFactory())
    signed_in.post(reverse("notifications:mark_all_read"), {"kind": "nonsense"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_times_are_shown_in_the_readers_zone(signed_in, person):
    person.time_zone = "Asia/Krasnoyarsk"
    person.save()
    item = note(person)
    Notification.objects.filter(pk=item.pk).update(
        created_at=timezone.datetime(2026, 11, 20, 3, 0, tzinfo=timezone.UTC)
    )
    assert "20 ноября 2026, 10:00" in signed_in.get(CENTRE).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_centre_query_budget(signed_in, person, rows, django_assert_max_num_queries):
    kinds = [kind.code for kind in KINDS]
    Notification.objects.bulk_create(
        Notification(recipient=person, kind=kinds[i % len(kinds)], title=f"Событие {i}")
        for i in range(rows)
    )
    with django_assert_max_num_queries(7):
        assert signed_in.get(CENTRE).status_code == 200
    with django_assert_max_num_queries(7):
        assert signed_in.get(CENTRE, {"kind": "announcement"}).status_code == 200


# --- Settings -------------------------------------------------------------------------------


def test_settings_list_every_kind_with_its_default(signed_in):
    html = signed_in.get(PREFERENCES).content.decode()
    for label in ("Объявления", "Ответы в отслеживаемых темах", "Решения модераторов"):
        assert f">{label}:</label>" in html
    # the default of forum replies is the digest, of announcements at once
    assert '<option value="digest" selected>' in html
    assert "Всегда приходит в центр уведомлений." in html


def test_mandatory_kinds_have_no_off_choice_in_the_form(signed_in):
    html = signed_in.get(PREFERENCES).content.decode()
    moderation = html.split('name="moderation"', 1)[1].split("</select>", 1)[0]
    assert 'value="off"' not in moderation
    forum = html.split('name="forum_reply"', 1)[1].split("</select>", 1)[0]
    assert 'value="off"' in forum


def valid_choices(**changes):
    data = {kind.code: kind.default for kind in KINDS}
    data.update(changes)
    return data


def test_saving_the_settings(signed_in, person):
    response = signed_in.post(
        PREFERENCES,
        valid_choices(announcement="digest", forum_topic="off", moderation="site"),
        follow=True,
    )
    assert "Настройки уведомлений сохранены." in response.content.decode()
    stored = dict(
        NotificationPreference.objects.filter(user=person).values_list("kind", "delivery")
    )
    assert stored["announcement"] == Delivery.DIGEST
    assert stored["forum_topic"] == Delivery.OFF
    assert stored["moderation"] == Delivery.SITE
    assert len(stored) == len(KINDS)
    # and the page shows the saved choice
    html = signed_in.get(PREFERENCES).content.decode()
    section = html.split('name="announcement"', 1)[1].split("</select>", 1)[0]
    assert '<option value="digest" selected>' in section


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"moderation": "off"}, "Для уведомлений этого вида такой вариант недоступен."),
        ({"consent": "off"}, "Для уведомлений этого вида такой вариант недоступен."),
        ({"announcement": "sms"}, "Для уведомлений этого вида такой вариант недоступен."),
        ({"announcement": ""}, "Выберите, как получать уведомления этого вида."),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_saved(signed_in, changes, message):
    response = signed_in.post(PREFERENCES, valid_choices(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Настройки не сохранены" in html
    assert not NotificationPreference.objects.exists()


def test_a_missing_field_is_refused(signed_in):
    data = valid_choices()
    del data["flag"]
    response = signed_in.post(PREFERENCES, data)
    assert "Выберите, как получать уведомления этого вида." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_unknown_extra_fields_are_ignored(signed_in, person):
    signed_in.post(PREFERENCES, valid_choices(no_such_kind="email"))
    assert not NotificationPreference.objects.filter(kind="no_such_kind").exists()
    assert NotificationPreference.objects.filter(user=person).count() == len(KINDS)


def test_settings_page_query_budget(signed_in, person, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert signed_in.get(PREFERENCES).status_code == 200


def test_notification_bodies_render_markdown_not_raw_marks(client, django_user_model):
    # given an announcement notice whose body was written in Markdown
    from pedset.accounts.tests.factories import UserFactory
    from pedset.core.models import Notification

    person = UserFactory()
    Notification.objects.create(
        recipient=person,
        kind="announcement",
        title="Семинар",
        body="Начало в **14:00**\n\n- первый\n- второй\n\n<script>alert(1)</script>",
    )
    client.force_login(person)
    # when the centre is opened, then the marks are rendered and nothing runs
    html = client.get("/notifications/").content.decode()
    assert "<strong>14:00</strong>" in html
    assert "<li>первый</li>" in html
    assert "**14:00**" not in html
    assert "<script>alert(1)</script>" not in html

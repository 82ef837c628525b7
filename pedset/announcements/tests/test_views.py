"""Announcement pages: publishing, reading, editing, deleting; bad input; query budgets."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.announcements.models import Announcement
from pedset.announcements.tests.factories import AnnouncementFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def community():
    return CommunityFactory(name="Синергия", slug="sinergiya")


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def member(community):
    return MembershipFactory(community=community).user


def url(name, community, *args):
    return reverse(f"announcements:{name}", args=[community.slug, *args])


def as_user(client, user):
    client.force_login(user)
    return client


VALID = {"title": "Семинар в пятницу", "body": "Приходите **в 15:00**.", "pinned_until": ""}


# --- Publishing -----------------------------------------------------------------------------


def test_coordinator_publishes_and_members_are_told(
    client, community, coordinator, member, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(client, coordinator)
    assert client.get(url("create", community)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("create", community), {**VALID, "pinned_until": "2026-11-30"}, follow=True
        )
    html = response.content.decode()
    assert "Объявление опубликовано, участники уведомлены." in html
    assert "<strong>в 15:00</strong>" in html  # Markdown rendered
    announcement = Announcement.objects.get()
    assert announcement.pinned_until == datetime.date(2026, 11, 30)
    assert Notification.objects.get().recipient == member
    assert [m.to for m in mailoutbox] == [[member.email]]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COORDINATOR])
def test_managers_see_the_publish_button(client, community, role):
    manager = MembershipFactory(community=community, role=role).user
    html = as_user(client, manager).get(url("list", community)).content.decode()
    assert url("create", community) in html


def test_the_platform_administrator_may_publish(client, community, make_person):
    admin = make_person("platform_admin")
    response = as_user(client, admin).post(url("create", community), VALID)
    assert response.status_code == 302
    assert Announcement.objects.get().author == admin


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Введите заголовок."),
        ({"title": "   "}, "Введите заголовок."),
        ({"title": "Я" * 201}, "не более 200 символов"),
        ({"body": ""}, "Введите текст объявления."),
        ({"body": "Я" * 10_001}, "не более 10000 символов"),
        ({"pinned_until": "2026-11-19"}, "Дата уже прошла"),
        ({"pinned_until": "2028-01-01"}, "не более чем на год"),
        ({"pinned_until": "завтра"}, "Введите дату, например 31.12.2026."),
        ({"pinned_until": "2026-02-30"}, "Введите дату, например 31.12.2026."),
    ],
)
def test_bad_input_gets_a_russian_message_and_changes_nothing(
    client, community, coordinator, member, data, message
):
    response = as_user(client, coordinator).post(url("create", community), {**VALID, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Announcement.objects.exists() and not Notification.objects.exists()


def test_today_may_be_the_pin_date(client, community, coordinator):
    response = as_user(client, coordinator).post(
        url("create", community), {**VALID, "pinned_until": "2026-11-20"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("actor", ["member", "expert", "moderator", "pending", "registered"])
def test_others_may_not_publish(client, community, make_person, actor):
    user = make_person(actor, community)
    as_user(client, user)
    assert client.get(url("create", community)).status_code == 403
    assert client.post(url("create", community), VALID).status_code == 403
    assert not Announcement.objects.exists()


def test_anonymous_is_sent_to_log_in(client, community):
    for name in ("list", "create"):
        response = client.get(url(name, community))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Announcement.objects.exists()


def test_unknown_community_is_not_found(client, coordinator):
    as_user(client, coordinator)
    assert client.get("/announcements/no-such-community/").status_code == 404
    assert client.post("/announcements/no-such-community/new/", VALID).status_code == 404


def test_closed_community_refuses_new_announcements(client, community, coordinator):
    community.closed_at = timezone.now()
    community.save()
    response = as_user(client, coordinator).post(url("create", community), VALID)
    assert response.status_code == 403
    assert not Announcement.objects.exists()


# --- Reading --------------------------------------------------------------------------------


def test_members_read_the_list_pinned_first(client, community, coordinator, member):
    old_pinned = AnnouncementFactory(
        community=community, author=coordinator, title="Закреплённое", pinned_until="2026-12-01"
    )
    AnnouncementFactory(
        community=community, author=coordinator, title="Истёкшее", pinned_until="2026-11-01"
    )
    AnnouncementFactory(community=community, author=coordinator, title="Свежее")
    Announcement.objects.filter(pk=old_pinned.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    html = as_user(client, member).get(url("list", community)).content.decode()
    assert html.index("Закреплённое") < html.index("Свежее") < html.index("Истёкшее")
    assert "закреплено до 1 декабря 2026" in html
    assert url("create", community) not in html


def test_detail_shows_the_text_the_author_and_the_edit(client, community, coordinator, member):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    announcement.updated_at, announcement.updated_by = timezone.now(), coordinator
    announcement.save()
    html = as_user(client, member).get(url("detail", community, announcement.pk)).content.decode()
    assert "<strong>семинар</strong>" in html
    assert coordinator.get_full_name() in html
    assert "Изменено 20 ноября 2026" in html
    assert url("edit", community, announcement.pk) not in html


def test_user_text_cannot_inject_markup(client, community, coordinator, member):
    announcement = AnnouncementFactory(
        community=community,
        author=coordinator,
        title='<script>alert("t")</script>',
        body="<img src=x onerror=alert(1)> [клик](javascript:alert(1))",
    )
    html = as_user(client, member).get(url("detail", community, announcement.pk)).content.decode()
    assert '<script>alert("t")' not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize("actor", ["registered", "pending", "education_authority"])
def test_non_members_may_not_read(client, community, coordinator, make_person, actor):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    as_user(client, make_person(actor, community))
    assert client.get(url("list", community)).status_code == 403
    assert client.get(url("detail", community, announcement.pk)).status_code == 403


def test_an_id_of_another_community_is_not_found(client, community, coordinator, member):
    foreign = AnnouncementFactory(community=CommunityFactory())
    as_user(client, coordinator)
    for name in ("detail", "edit", "delete"):
        assert client.get(url(name, community, foreign.pk)).status_code == 404
    assert client.post(url("edit", community, foreign.pk), VALID).status_code == 404
    assert client.post(url("delete", community, foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.deleted_at is None and foreign.title != VALID["title"]
    assert client.get(url("detail", community, 999999)).status_code == 404


# --- Editing and deleting -------------------------------------------------------------------


def test_the_author_edits(client, community, coordinator):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    as_user(client, coordinator)
    form = client.get(url("edit", community, announcement.pk)).content.decode()
    assert announcement.title in form
    response = client.post(
        url("edit", community, announcement.pk),
        {"title": "Семинар переносится", "body": "На понедельник.", "pinned_until": ""},
        follow=True,
    )
    assert "Объявление сохранено." in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.title == "Семинар переносится"
    assert announcement.updated_by == coordinator


def test_another_manager_edits_and_is_recorded(client, community, coordinator):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    as_user(client, admin).post(
        url("edit", community, announcement.pk),
        {"title": "Исправлено", "body": "Текст", "pinned_until": ""},
    )
    announcement.refresh_from_db()
    assert announcement.updated_by == admin and announcement.author == coordinator


def test_bad_edit_changes_nothing(client, community, coordinator):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    response = as_user(client, coordinator).post(
        url("edit", community, announcement.pk),
        {"title": "", "body": "Текст", "pinned_until": "2026-11-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введите заголовок." in html and "Дата уже прошла" in html
    announcement.refresh_from_db()
    assert announcement.updated_at is None


def test_a_member_may_not_edit_or_delete(client, community, coordinator, member):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    as_user(client, member)
    assert client.get(url("edit", community, announcement.pk)).status_code == 403
    assert client.post(url("edit", community, announcement.pk), VALID).status_code == 403
    assert client.post(url("delete", community, announcement.pk)).status_code == 403
    announcement.refresh_from_db()
    assert announcement.deleted_at is None and announcement.updated_at is None


def test_delete_asks_then_removes(client, community, coordinator, member):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    as_user(client, coordinator)
    page = client.get(url("delete", community, announcement.pk))
    assert page.status_code == 200 and announcement.title in page.content.decode()
    announcement.refresh_from_db()
    assert announcement.deleted_at is None  # opening the page deletes nothing
    response = client.post(url("delete", community, announcement.pk), follow=True)
    assert "Объявление удалено." in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.deleted_by == coordinator
    as_user(client, member)
    assert client.get(url("detail", community, announcement.pk)).status_code == 404
    assert announcement.title not in client.get(url("list", community)).content.decode()


def test_after_deletion_the_members_notification_centre_shows_none_of_its_text(
    client, community, coordinator, member
):
    as_user(client, coordinator)
    client.post(
        url("create", community),
        {
            "title": "Совещание в кабинете 12",
            "body": "Ключ у вахтёра Смирнова.",
            "pinned_until": "",
        },
    )
    announcement = Announcement.objects.get()
    as_user(client, member)
    centre = client.get(reverse("notifications:centre")).content.decode()
    assert "Совещание в кабинете 12" in centre and "Ключ у вахтёра" in centre
    as_user(client, coordinator)
    client.post(url("delete", community, announcement.pk))
    as_user(client, member)
    centre = client.get(reverse("notifications:centre")).content.decode()
    assert "Совещание в кабинете 12" not in centre and "Ключ у вахтёра" not in centre
    assert "Синергия: объявление удалено" in centre
    assert url("detail", community, announcement.pk) not in centre


def test_a_suspended_coordinator_may_not_open_the_publish_form(client, community, coordinator):
    from pedset.moderation.models import Suspension

    Suspension.objects.create(
        community=community,
        user=coordinator,
        reason="Нарушение правил поведения",
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    as_user(client, coordinator)
    assert client.get(url("create", community)).status_code == 403
    assert client.post(url("create", community), VALID).status_code == 403
    assert url("create", community) not in client.get(url("list", community)).content.decode()
    assert not Announcement.objects.exists()


def test_too_many_announcements_get_a_russian_message_on_the_form(
    client, community, coordinator, member, settings
):
    settings.ANNOUNCEMENT_LIMIT = 2
    as_user(client, coordinator)
    for n in range(2):
        assert (
            client.post(url("create", community), {**VALID, "title": f"№ {n}"}).status_code == 302
        )
    response = client.post(url("create", community), {**VALID, "title": "Третье"})
    assert response.status_code == 200
    assert "Повторите попытку через 60 минут." in response.content.decode()
    assert Announcement.objects.count() == 2
    assert Notification.objects.filter(kind="announcement").count() == 2


# --- Blocks on other pages ------------------------------------------------------------------


def test_community_page_shows_pinned_then_recent_to_members_only(
    client, community, coordinator, member
):
    AnnouncementFactory(
        community=community,
        author=coordinator,
        title="Важное закреплённое",
        body="Текст **закреплённого**",
        pinned_until="2026-12-01",
    )
    AnnouncementFactory(community=community, author=coordinator, title="Обычное")
    detail = reverse("communities:detail", args=[community.slug])
    html = as_user(client, member).get(detail).content.decode()
    assert html.index("Важное закреплённое") < html.index("Обычное")
    assert "<strong>закреплённого</strong>" in html
    assert url("list", community) in html
    assert url("create", community) not in html
    as_user(client, coordinator)
    assert url("create", community) in client.get(detail).content.decode()
    client.logout()
    assert "Важное закреплённое" not in client.get(detail).content.decode()


def test_home_shows_pinned_announcements_of_my_communities(client, community, coordinator, member):
    AnnouncementFactory(
        community=community, author=coordinator, title="Закреплено", pinned_until="2026-12-01"
    )
    AnnouncementFactory(community=community, author=coordinator, title="Не закреплено")
    AnnouncementFactory(title="Чужое закреплённое", pinned_until="2026-12-01")
    html = as_user(client, member).get("/").content.decode()
    assert "Закреплённые объявления" in html
    assert "Закреплено" in html
    assert "Не закреплено" not in html and "Чужое закреплённое" not in html


# --- Query budgets --------------------------------------------------------------------------


def many(community, author, rows):
    for i in range(rows):
        AnnouncementFactory(
            community=community,
            author=UserFactory() if i % 2 else author,
            pinned_until="2026-12-01" if i % 3 == 0 else None,
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_list_budget(client, community, coordinator, member, rows, django_assert_max_num_queries):
    many(community, coordinator, rows)
    as_user(client, member)
    with django_assert_max_num_queries(9):
        assert client.get(url("list", community)).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_detail_budget(client, community, coordinator, rows, django_assert_max_num_queries):
    many(community, coordinator, rows)
    announcement = Announcement.objects.first()
    as_user(client, coordinator)
    with django_assert_max_num_queries(9):  # + the suspension check
        assert client.get(url("detail", community, announcement.pk)).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_community_page_block_budget(
    client, community, coordinator, member, rows, django_assert_max_num_queries
):
    """The block adds two queries (pinned, recent) to the community page whatever the rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many(community, coordinator, rows)
    as_user(client, member)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("communities:detail", args=[community.slug]))
    mine = [q for q in queries.captured_queries if "announcements_announcement" in q["sql"]]
    assert len(mine) == 2


@pytest.mark.parametrize("communities", [2, 12])
def test_home_block_costs_one_query(client, member, communities):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(communities):
        other = CommunityFactory()
        MembershipFactory(community=other, user=member)
        many(other, UserFactory(), 3)
    as_user(client, member)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    mine = [q for q in queries.captured_queries if "announcements_announcement" in q["sql"]]
    assert len(mine) == 1


@pytest.mark.parametrize("members", [15, 150])
def test_publishing_to_a_whole_community_costs_the_same_queries(
    client,
    community,
    coordinator,
    members,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    for _ in range(members):
        MembershipFactory(community=community)
    as_user(client, coordinator)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_max_num_queries(14),
    ):
        response = client.post(url("create", community), VALID)
    assert response.status_code == 302
    assert Notification.objects.filter(kind="announcement").count() == members
    # the letters leave after commit, in chunks of 50, through the task framework
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == members

"""Publishing, editing and deleting announcements; who is told and how."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.announcements import services
from pedset.announcements.models import Announcement
from pedset.announcements.services import AnnouncementRefused
from pedset.announcements.tests.factories import AnnouncementFactory
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification
from pedset.notifications.kinds import Delivery
from pedset.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory(name="Синергия", slug="sinergiya", time_zone="Asia/Yakutsk")


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


def publish(actor, community, **fields):
    data = {"title": "Семинар в пятницу", "body": "Приходите в 15:00.", "pinned_until": None}
    data.update(fields)
    return services.announcement_publish(actor=actor, community=community, **data)


def test_every_active_member_is_told_in_the_site_and_by_e_mail(
    community, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    members = [MembershipFactory(community=community).user for _ in range(3)]
    digest_reader = members[2]
    NotificationPreference.objects.create(
        user=digest_reader, kind="announcement", delivery=Delivery.DIGEST
    )
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING).user
    left = MembershipFactory(community=community, status=MembershipStatus.LEFT).user
    closed_account = MembershipFactory(community=community, user=UserFactory(is_active=False)).user
    outsider = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        announcement = publish(coordinator, community)

    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {m.pk for m in members}
    assert not told & {coordinator.pk, pending.pk, left.pk, closed_account.pk, outsider.pk}
    note = Notification.objects.get(recipient=members[0])
    assert note.kind == "announcement"
    assert note.title == "Синергия: Семинар в пятницу"
    assert note.body == "Приходите в 15:00."
    assert note.url == f"/announcements/sinergiya/{announcement.pk}/"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([members[0].email, members[1].email])
    announcement.refresh_from_db()
    assert announcement.delivered_at is not None and announcement.author == coordinator


def test_a_long_text_is_told_as_an_excerpt(community, coordinator):
    MembershipFactory(community=community)
    publish(coordinator, community, body="Слово " * 500)
    assert len(Notification.objects.get().body) <= services.NOTIFICATION_EXCERPT


def test_nothing_is_written_when_the_publisher_may_not(community):
    member = MembershipFactory(community=community).user
    with pytest.raises(PermissionDenied):
        publish(member, community)
    assert not Announcement.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "Введите заголовок."),
        ({"title": "Я" * 201}, "Заголовок слишком длинный: не более 200 символов."),
        ({"body": ""}, "Введите текст объявления."),
        ({"body": "Я" * 10_001}, "Текст слишком длинный: не более 10000 символов."),
        (
            {"pinned_until": datetime.date(2026, 11, 19)},
            "Дата уже прошла: выберите сегодняшний или более поздний день.",
        ),
        (
            {"pinned_until": datetime.date(2027, 12, 1)},
            "Закрепить объявление можно не более чем на год.",
        ),
    ],
)
def test_bad_content_is_refused_and_nothing_is_written(community, coordinator, fields, message):
    MembershipFactory(community=community)
    with (
        time_machine.travel(datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)),
        pytest.raises(AnnouncementRefused) as refusal,
    ):
        publish(coordinator, community, **fields)
    assert refusal.value.message == message
    assert not Announcement.objects.exists() and not Notification.objects.exists()


def test_today_is_the_communitys_today(community, coordinator):
    # 20 Nov 16:00 UTC is already 21 Nov 01:00 in Yakutsk, the community's zone
    with (
        time_machine.travel(datetime.datetime(2026, 11, 20, 16, 0, tzinfo=datetime.UTC)),
        pytest.raises(AnnouncementRefused),
    ):
        publish(coordinator, community, pinned_until=datetime.date(2026, 11, 20))
        assert publish(coordinator, community, pinned_until=datetime.date(2026, 11, 21))


def test_edit_records_who_and_when_and_tells_nobody_again(community, coordinator):
    MembershipFactory(community=community)
    announcement = publish(coordinator, community)
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    services.announcement_edit(
        actor=admin, announcement=announcement, title="Семинар переносится", body="На понедельник."
    )
    announcement.refresh_from_db()
    assert announcement.title == "Семинар переносится"
    assert announcement.updated_by == admin and announcement.updated_at is not None
    assert announcement.author == coordinator
    assert Notification.objects.count() == 1


def test_an_unchanged_past_pin_may_stay_on_edit(community, coordinator):
    announcement = AnnouncementFactory(
        community=community, author=coordinator, pinned_until=datetime.date(2020, 1, 1)
    )
    services.announcement_edit(
        actor=coordinator,
        announcement=announcement,
        title="Новый заголовок",
        body="Текст",
        pinned_until=datetime.date(2020, 1, 1),
    )
    with pytest.raises(AnnouncementRefused):
        services.announcement_edit(
            actor=coordinator,
            announcement=announcement,
            title="Новый заголовок",
            body="Текст",
            pinned_until=datetime.date(2020, 1, 2),
        )


def test_delete_hides_it_and_records_who(community, coordinator):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    services.announcement_delete(actor=coordinator, announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.deleted_at is not None and announcement.deleted_by == coordinator
    with pytest.raises(PermissionDenied):  # twice: it is gone
        services.announcement_delete(actor=coordinator, announcement=announcement)


def test_a_member_cannot_edit_or_delete_anothers(community, coordinator):
    announcement = AnnouncementFactory(community=community, author=coordinator)
    member = MembershipFactory(community=community).user
    with pytest.raises(PermissionDenied):
        services.announcement_edit(actor=member, announcement=announcement, title="Х", body="Х")
    with pytest.raises(PermissionDenied):
        services.announcement_delete(actor=member, announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.title != "Х" and announcement.deleted_at is None


# --- Suspension, rate limit, deletion -------------------------------------------------------


def suspended(user, community):
    from pedset.moderation.models import Suspension

    Suspension.objects.create(
        community=community,
        user=user,
        reason="Нарушение правил поведения",
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )
    return type(user).objects.get(pk=user.pk)


def test_a_suspended_coordinator_cannot_publish_edit_or_delete(community, coordinator):
    MembershipFactory(community=community)
    announcement = publish(coordinator, community)
    coordinator = suspended(coordinator, community)
    with pytest.raises(PermissionDenied):
        publish(coordinator, community, title="Ещё одно")
    with pytest.raises(PermissionDenied):
        services.announcement_edit(
            actor=coordinator, announcement=announcement, title="Другое", body="Другое"
        )
    with pytest.raises(PermissionDenied):
        services.announcement_delete(actor=coordinator, announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.title == "Семинар в пятницу" and announcement.deleted_at is None
    assert Announcement.objects.count() == 1 and Notification.objects.count() == 1


def test_publishing_is_limited_per_person_and_the_refusal_says_when_to_retry(
    community, coordinator, settings
):
    settings.ANNOUNCEMENT_LIMIT, settings.ANNOUNCEMENT_WINDOW = 3, 3600
    MembershipFactory(community=community)
    start = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(3):
            publish(coordinator, community, title=f"Объявление {n}")
    with (
        time_machine.travel(start + datetime.timedelta(minutes=20), tick=False),
        pytest.raises(AnnouncementRefused) as refusal,
    ):
        publish(coordinator, community, title="Четвёртое")
    assert refusal.value.message == (
        "Достигнут предел публикаций (3 за короткое время): каждое объявление рассылается "
        "всем участникам по электронной почте. Повторите попытку через 40 минут."
    )
    assert Announcement.objects.count() == 3 and Notification.objects.count() == 3
    # another publisher is not held back by the first one's limit
    other = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    assert publish(other, community, title="От администратора")


def test_the_refusal_counts_down_to_the_last_minute(community, coordinator, settings):
    settings.ANNOUNCEMENT_LIMIT, settings.ANNOUNCEMENT_WINDOW = 1, 3600
    start = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        publish(coordinator, community)
    with (
        time_machine.travel(start + datetime.timedelta(minutes=59, seconds=30), tick=False),
        pytest.raises(AnnouncementRefused, match="через 1 минуту"),
    ):
        publish(coordinator, community)


def test_deleting_removes_its_words_from_the_members_notifications(community, coordinator):
    reader = MembershipFactory(community=community).user
    english = MembershipFactory(community=community, user=UserFactory(language="en")).user
    announcement = publish(
        coordinator, community, title="Секретное совещание", body="Пароль от зала: 1234."
    )
    kept = publish(coordinator, community, title="Другое объявление", body="Остаётся.")
    unrelated = Notification.objects.create(
        recipient=reader, kind="forum_reply", title="Секретное совещание", url="/forum/1/"
    )

    services.announcement_delete(actor=coordinator, announcement=announcement)

    blanked = Notification.objects.filter(kind="announcement").exclude(
        url=services.announcement_url(kept)
    )
    assert blanked.count() == 2
    assert set(blanked.values_list("body", "url")) == {("", "")}
    assert blanked.get(recipient=reader).title == "Синергия: объявление удалено"
    assert blanked.get(recipient=english).title == "Синергия: the announcement was deleted"
    assert not Notification.objects.filter(title__contains="Секретное", kind="announcement")
    assert Notification.objects.filter(url=services.announcement_url(kept)).count() == 2
    unrelated.refresh_from_db()
    assert unrelated.title == "Секретное совещание"


def test_deleting_finds_the_notifications_after_the_community_changed_its_address(
    community, coordinator
):
    MembershipFactory(community=community)
    announcement = publish(coordinator, community, body="Пароль от зала: 1234.")
    community.slug = "novyy-adres"
    community.save(update_fields=["slug"])
    announcement.refresh_from_db()
    services.announcement_delete(actor=coordinator, announcement=announcement)
    assert Notification.objects.get().body == ""

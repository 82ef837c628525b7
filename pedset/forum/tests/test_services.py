"""Writing in the forum through its services: topics, replies, edits, following, notices,
the posting rate limit, and every refusal (which changes nothing)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification
from pedset.forum import services
from pedset.forum.models import (
    Attachment,
    Post,
    PostRevision,
    Section,
    SectionFollow,
    Topic,
    TopicFollow,
    TopicReadMark,
)
from pedset.forum.services import ActionRefused
from pedset.forum.tests import uploads
from pedset.forum.tests.factories import make_topic
from pedset.moderation.models import ModerationAction, Suspension

pytestmark = pytest.mark.django_db


def nothing_written():
    return Topic.objects.count() == 0 and Post.objects.count() == 0


# --- Default sections ---------------------------------------------------------------------


def test_a_new_community_gets_a_general_and_a_moderation_discussion_section(make_person):
    # given a platform administrator
    from pedset.communities.services import community_create
    from pedset.organisations.tests.factories import OrganisationFactory

    admin = make_person("platform_admin")
    # when they create a community
    community = community_create(
        actor=admin,
        data={
            "slug": "novoe",
            "name": "Новое сообщество",
            "regulation_text": "Положение",
            "goals": "Цели",
            "rules_of_conduct": "Правила",
            "operator": OrganisationFactory(),
            "creation_order_number": "1-од",
            "creation_order_date": timezone.localdate(),
        },
    )
    # then it has both default sections, the dedicated one for moderators' actions last
    kinds = list(
        Section.objects.filter(community=community)
        .order_by("position")
        .values_list("kind", "title")
    )
    assert kinds == [
        ("regular", "Общий раздел"),
        ("moderation", "Обсуждение действий модераторов"),
    ]


def test_default_sections_are_created_once(community):
    # when asked again, then nothing is added
    assert services.section_create_defaults(community=community) == []
    assert Section.objects.filter(community=community).count() == 2


def test_the_data_migration_gives_existing_communities_their_sections():
    # given a community created before the forum existed (no sections)
    from importlib import import_module

    from django.apps import apps

    community = CommunityFactory()
    assert not Section.objects.filter(community=community).exists()
    migration = import_module("pedset.forum.migrations.0003_default_sections")
    # when the data migration runs, then both sections exist; a second run adds nothing
    migration.create_default_sections(apps, None)
    migration.create_default_sections(apps, None)
    assert sorted(Section.objects.filter(community=community).values_list("kind", flat=True)) == [
        "moderation",
        "regular",
    ]


# --- Topics and replies -------------------------------------------------------------------


def test_member_creates_a_topic_and_follows_it(general, member):
    # when a member starts a topic
    topic = services.topic_create(
        actor=member, section=general, title="  Проектная  неделя ", body="Предлагаю план."
    )
    # then it has one post at position 1, its counters, the author's follow and read mark
    assert topic.title == "Проектная неделя"
    post = topic.posts.get()
    assert (post.position, post.author, post.body) == (1, member, "Предлагаю план.")
    assert topic.posts_count == 1
    assert topic.last_post_author == member and topic.last_post_at is not None
    assert TopicFollow.objects.filter(user=member, topic=topic).exists()
    assert TopicReadMark.objects.get(user=member, topic=topic).last_read_position == 1


def test_replies_take_the_next_positions_and_update_the_counters(general, member, other_member):
    # given a topic
    topic = services.topic_create(actor=member, section=general, title="Тема", body="Начало")
    # when two replies are posted
    first = services.post_create(actor=other_member, topic=topic, body="Ответ 1")
    second = services.post_create(actor=member, topic=topic, body="Ответ 2")
    # then they are numbered 2 and 3 and the topic knows its last post
    topic.refresh_from_db()
    assert (first.position, second.position) == (2, 3)
    assert topic.posts_count == 3
    assert topic.last_post_author == member
    assert topic.last_post_at == second.created_at
    assert TopicReadMark.objects.get(user=other_member, topic=topic).last_read_position == 2


def test_attachments_are_stored_with_their_checked_type(general, member):
    # when a member posts with a PDF and a PNG
    topic = services.topic_create(
        actor=member,
        section=general,
        title="Материалы",
        body="Во вложении",
        files=[uploads.pdf("План работы.pdf"), uploads.image("схема.png")],
    )
    # then both are kept with their names, types and sizes; storage names are random
    files = list(Attachment.objects.filter(post__topic=topic).order_by("id"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("План работы.pdf", "application/pdf"),
        ("схема.png", "image/png"),
    ]
    assert all(f.size > 0 for f in files)
    assert "План" not in files[0].file.name


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Текст", "Укажите название темы."),
        ("   ", "Текст", "Укажите название темы."),
        ("Т" * 201, "Текст", "не более 200 знаков"),
        ("Тема", "", "Напишите текст сообщения."),
        ("Тема", " \n\t ", "Напишите текст сообщения."),
        ("Тема", "я" * 20_001, "не более 20\u00a0000 знаков"),
    ],
)
def test_bad_topics_are_refused_in_russian_and_change_nothing(
    general, member, title, body, message
):
    with pytest.raises(ActionRefused) as refusal:
        services.topic_create(actor=member, section=general, title=title, body=body)
    assert message in refusal.value.message
    assert nothing_written()


def test_a_body_of_exactly_20000_characters_is_accepted(general, member):
    topic = services.topic_create(actor=member, section=general, title="Т" * 200, body="я" * 20_000)
    assert len(topic.posts.get().body) == 20_000


def test_a_text_file_named_pdf_is_refused_and_nothing_is_written(general, member):
    with pytest.raises(ActionRefused) as refusal:
        services.topic_create(
            actor=member,
            section=general,
            title="Тема",
            body="Текст",
            files=[uploads.text_as("план.pdf", size=10 * 1024 * 1024)],
        )
    assert "не соответствует" in refusal.value.message
    assert nothing_written() and Attachment.objects.count() == 0


def test_posting_in_a_locked_topic_is_refused_except_for_moderators(general, member, moderator):
    # given a locked topic
    topic = make_topic(general, member, is_locked=True)
    # when a member replies, then they are refused with the reason
    with pytest.raises(ActionRefused) as refusal:
        services.post_create(actor=member, topic=topic, body="Ответ")
    assert refusal.value.message == "Тема закрыта: отвечать в ней могут только модераторы."
    # and a moderator can still post
    assert services.post_create(actor=moderator, topic=topic, body="Итог").position == 2


def test_a_suspended_member_cannot_post(general, member, moderator):
    # given a member suspended by a moderator
    topic = make_topic(general, moderator)
    Suspension.objects.create(
        community=general.community,
        user=member,
        issued_by=moderator,
        reason="Оскорбления",
        ends_at=timezone.now() + timezone.timedelta(days=3),
    )
    # when they post, then they are told until when, and nothing is written
    with pytest.raises(ActionRefused) as refusal:
        services.post_create(actor=member, topic=topic, body="Ответ")
    assert "приостановил ваше право публиковать сообщения" in refusal.value.message
    with pytest.raises(ActionRefused):
        services.topic_create(actor=member, section=general, title="Тема", body="Текст")
    assert Post.objects.count() == 1


def test_an_expired_suspension_no_longer_stops_posting(general, member, moderator):
    topic = make_topic(general, moderator)
    Suspension.objects.create(
        community=general.community,
        user=member,
        reason="Оскорбления",
        ends_at=timezone.now() - timezone.timedelta(minutes=1),
    )
    assert services.post_create(actor=member, topic=topic, body="Ответ").position == 2


def test_nobody_posts_in_a_closed_community(general, member):
    general.community.closed_at = timezone.now()
    general.community.save()
    with pytest.raises(ActionRefused) as refusal:
        services.topic_create(actor=member, section=general, title="Тема", body="Текст")
    assert "Сообщество закрыто" in refusal.value.message
    assert nothing_written()


@pytest.mark.parametrize("actor", ["registered", "pending", "revoked", "platform_admin"])
def test_non_members_cannot_post(community, general, make_person, actor):
    person = make_person(actor, community)
    with pytest.raises(ActionRefused):
        services.topic_create(actor=person, section=general, title="Тема", body="Текст")
    assert nothing_written()


def test_a_member_who_left_cannot_post(general, member):
    topic = make_topic(general, member)
    member.memberships.update(status=MembershipStatus.LEFT)
    from pedset.core.policies import forget_cached_roles

    forget_cached_roles(member)
    with pytest.raises(ActionRefused):
        services.post_create(actor=member, topic=topic, body="Ответ")


def test_posting_is_rate_limited_with_the_wait_in_russian(general, member, settings):
    # given a limit of 3 posts a minute
    settings.FORUM_POST_LIMIT = 3
    settings.FORUM_POST_WINDOW = 60
    topic = services.topic_create(actor=member, section=general, title="Тема", body="1")
    services.post_create(actor=member, topic=topic, body="2")
    services.post_create(actor=member, topic=topic, body="3")
    # when the member posts a fourth time within the minute
    with pytest.raises(ActionRefused) as refusal:
        services.post_create(actor=member, topic=topic, body="4")
    # then they are told how long to wait, and the post is not written
    assert "слишком часто" in refusal.value.message
    assert "секунд" in refusal.value.message
    assert Post.objects.count() == 3


def test_the_rate_limit_is_per_person(general, member, other_member, settings):
    settings.FORUM_POST_LIMIT = 1
    topic = services.topic_create(actor=member, section=general, title="Тема", body="1")
    assert services.post_create(actor=other_member, topic=topic, body="2").position == 2


# --- Notices to followers -----------------------------------------------------------------


def test_replies_notify_topic_followers_but_not_the_author(
    general, member, other_member, django_capture_on_commit_callbacks, mailoutbox
):
    # given a topic its author follows, and another member who follows it too
    topic = services.topic_create(actor=member, section=general, title="Олимпиада", body="Начало")
    services.topic_follow_set(actor=other_member, topic=topic, follow=True)
    # when the other member replies
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=other_member, topic=topic, body="Готовлю двоих учеников")
    # then the topic's author is told, with a link to the reply; the replier is not
    notes = Notification.objects.filter(kind="forum_reply")
    assert [n.recipient for n in notes] == [member]
    assert "Олимпиада" in notes[0].title
    assert notes[0].url.startswith(f"/forum/t/{topic.pk}/?page=1#post-")
    # and the stored notice holds neither the author's name (it outlives their consent) nor
    # any of the post's text (it outlives the post, which a moderator may hide or delete)
    assert other_member.last_name not in notes[0].title + notes[0].body
    assert "Готовлю" not in notes[0].title + notes[0].body
    assert notes[0].body == ""


def test_a_deleted_reply_leaves_no_text_in_the_followers_notices(
    client, community, general, member, other_member, django_capture_on_commit_callbacks
):
    # given a member following a topic, told of a reply by another member
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user
    topic = services.topic_create(actor=member, section=general, title="Олимпиада", body="Начало")
    secret = "Телефон Петровой 8-900-123-45-67, звоните после шести"
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_create(actor=other_member, topic=topic, body=secret)
    # when a moderator deletes the reply
    services.post_delete(actor=moderator, post=reply, reason="Персональные данные")
    # then the follower's notice keeps no word of it: not the stored row ...
    note = Notification.objects.get(recipient=member, kind="forum_reply")
    for fragment in ("Петровой", "8-900-123-45-67", "звоните"):
        assert fragment not in note.title + note.body + note.url
    # ... and not the notification centre's page
    client.force_login(member)
    page = client.get("/notifications/").content.decode()
    assert "Олимпиада" in page
    for fragment in ("Петровой", "8-900-123-45-67", "звоните"):
        assert fragment not in page


def test_a_follower_who_wants_e_mail_at_once_gets_it_after_commit(
    general, member, other_member, django_capture_on_commit_callbacks, mailoutbox
):
    from pedset.notifications.models import NotificationPreference

    NotificationPreference.objects.create(user=member, kind="forum_reply", delivery="email")
    topic = services.topic_create(actor=member, section=general, title="Олимпиада", body="Начало")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(actor=other_member, topic=topic, body="Ответ")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_new_topics_notify_section_followers_not_the_author(
    general, member, other_member, django_capture_on_commit_callbacks
):
    services.section_follow_set(actor=other_member, section=general, follow=True)
    services.section_follow_set(actor=member, section=general, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_create(
            actor=member, section=general, title="Методическая неделя", body="План"
        )
    notes = list(Notification.objects.filter(kind="forum_topic"))
    assert [n.recipient for n in notes] == [other_member]
    assert "Методическая неделя" in notes[0].title
    assert notes[0].body == ""


def test_followers_who_left_the_community_are_not_told(
    general, member, other_member, django_capture_on_commit_callbacks
):
    topic = services.topic_create(actor=member, section=general, title="Тема", body="1")
    services.topic_follow_set(actor=other_member, topic=topic, follow=True)
    other_member.memberships.update(status=MembershipStatus.LEFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=member, topic=topic, body="2")
    assert not Notification.objects.filter(kind="forum_reply").exists()


@pytest.mark.parametrize("followers", [1, 150])
def test_telling_followers_costs_the_same_queries_for_1_and_150(
    community, general, member, followers, django_assert_max_num_queries
):
    # given a topic followed by 1 or by 150 members (a community at its cap)
    people = [MembershipFactory(community=community).user for _ in range(followers)]
    topic = services.topic_create(actor=member, section=general, title="Тема", body="1")
    TopicFollow.objects.bulk_create(TopicFollow(user=p, topic=topic) for p in people)
    # when a reply is posted, then the request's queries do not grow with the followers
    with django_assert_max_num_queries(22):
        services.post_create(actor=member, topic=topic, body="2")
    assert Notification.objects.filter(kind="forum_reply").count() == followers


def test_unfollowing_stops_the_notices(
    general, member, other_member, django_capture_on_commit_callbacks
):
    topic = services.topic_create(actor=member, section=general, title="Тема", body="1")
    services.topic_follow_set(actor=member, topic=topic, follow=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=other_member, topic=topic, body="2")
    assert not Notification.objects.filter(kind="forum_reply").exists()


def test_following_needs_the_right_to_read(general, make_person):
    stranger = make_person("registered")
    with pytest.raises(PermissionDenied):
        services.section_follow_set(actor=stranger, section=general, follow=True)
    assert not SectionFollow.objects.exists()


# --- Editing ------------------------------------------------------------------------------


def test_the_author_edits_and_the_previous_text_is_kept(general, member):
    # given a post
    topic = services.topic_create(actor=member, section=general, title="Тема", body="Первый текст")
    post = topic.posts.get()
    # when the author edits it twice
    services.post_edit(actor=member, post=post, body="Второй текст")
    services.post_edit(actor=member, post=post, body="Третий текст", reason="опечатка")
    # then the post shows the last text, with the time and who edited it
    post.refresh_from_db()
    assert post.body == "Третий текст"
    assert post.edited_at is not None and post.edited_by == member
    # and every previous text is in the history, newest first
    assert list(post.revisions.values_list("body", "reason")) == [
        ("Второй текст", "опечатка"),
        ("Первый текст", ""),
    ]
    # and an author's own edit is not a moderation action
    assert not ModerationAction.objects.exists()


def test_an_edit_with_the_same_text_is_refused(general, member):
    topic = services.topic_create(actor=member, section=general, title="Тема", body="Текст")
    with pytest.raises(ActionRefused) as refusal:
        services.post_edit(actor=member, post=topic.posts.get(), body="  Текст  ")
    assert refusal.value.message == "Текст не изменился."
    assert not PostRevision.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"), [("", "Напишите текст"), ("я" * 20_001, "не более 20\u00a0000")]
)
def test_bad_edits_change_nothing(general, member, body, message):
    topic = services.topic_create(actor=member, section=general, title="Тема", body="Текст")
    post = topic.posts.get()
    with pytest.raises(ActionRefused) as refusal:
        services.post_edit(actor=member, post=post, body=body)
    assert message in refusal.value.message
    post.refresh_from_db()
    assert post.body == "Текст" and not PostRevision.objects.exists()


def test_another_member_cannot_edit(general, member, other_member):
    topic = services.topic_create(actor=member, section=general, title="Тема", body="Текст")
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=other_member, post=topic.posts.get(), body="Чужой текст")


def test_the_author_cannot_edit_in_a_locked_topic(general, member):
    topic = make_topic(general, member, is_locked=True)
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=member, post=topic.posts.get(), body="Новый текст")


def test_read_marks_only_move_forward(general, member):
    topic = make_topic(general, member, posts=30)
    services.topic_mark_read(user=member, topic=topic, position=20, known=None)
    services.topic_mark_read(user=member, topic=topic, position=5, known=20)
    services.topic_mark_read(user=member, topic=topic, position=3, known=None)
    assert TopicReadMark.objects.get(user=member, topic=topic).last_read_position == 20


def test_a_moderator_role_in_another_community_gives_nothing_here(general, member):
    other = CommunityFactory()
    stranger = MembershipFactory(community=other, role=Role.MODERATOR).user
    topic = make_topic(general, member)
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=stranger, post=topic.posts.get(), reason="Нарушение")


def test_the_migration_clears_post_text_already_stored_in_notices(member):
    from importlib import import_module

    from django.apps import apps

    old = Notification.objects.create(
        recipient=member, kind="forum_reply", title="Новый ответ", body="Текст поста", url="/x"
    )
    other = Notification.objects.create(
        recipient=member, kind="moderation", title="Модератор", body="Причина: спам", url="/y"
    )
    module = import_module("pedset.forum.migrations.0004_forget_post_text_in_notices")
    module.forget_post_text(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert old.body == "" and old.title == "Новый ответ"
    assert other.body == "Причина: спам"

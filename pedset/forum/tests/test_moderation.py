"""Moderation of the forum: every action needs a reason, writes the moderation log in the same
transaction and tells the author why, with a pointer to the section where moderators' actions
are discussed. Nobody but a moderator may act; bad input changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.core.models import Notification
from pedset.forum import services
from pedset.forum.models import Post, Section, Topic, TopicFollow, TopicReadMark
from pedset.forum.services import ActionRefused
from pedset.forum.tests.factories import SectionFactory, add_posts, make_topic
from pedset.moderation.models import Flag, FlagReason, ModerationAction

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action
REASON = "Оскорбление участника (правила поведения, п. 4)"


@pytest.fixture
def topic(general, member, other_member):
    topic = make_topic(general, member, title="Проектная неделя")
    add_posts(topic, other_member, 1, bodies=["Резкий ответ"])
    return topic


@pytest.fixture
def reply(topic):
    return topic.posts.get(position=2)


def the_notice(user):
    note = Notification.objects.get(recipient=user, kind="moderation")
    return note


def assert_logged(action, *, actor, reason=REASON, **links):
    entry = ModerationAction.objects.get(action=action)
    assert entry.actor == actor
    assert entry.reason == reason
    for name, value in links.items():
        assert getattr(entry, name) == value, name
    return entry


def assert_told(user, *, words, community):
    note = the_notice(user)
    assert words in note.title
    assert f"Причина: {REASON}" in note.body
    discussion = Section.objects.get(community=community, kind="moderation")
    assert "Обсуждение действий модераторов" in note.body
    assert f"/forum/s/{discussion.pk}/" in note.body
    return note


# --- Posts --------------------------------------------------------------------------------


def test_hide_leaves_a_trace_logs_and_tells_the_author(
    community, reply, other_member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    # when a moderator hides a reply with a reason
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(actor=moderator, post=reply, reason=REASON)
    # then the post is hidden with who and why, and keeps its place
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_by == moderator and reply.hidden_reason == REASON
    assert reply.position == 2 and reply.body == "Резкий ответ"
    # and the log says so, and the author is told the reason (in the site and by e-mail)
    assert_logged(
        Action.HIDE, actor=moderator, post=reply, topic=reply.topic, target_user=other_member
    )
    note = assert_told(other_member, words="скрыл ваше сообщение № 2", community=community)
    assert note.url.endswith(f"#post-{reply.pk}")
    assert any(REASON in message.body for message in mailoutbox)


def test_hide_from_the_queue_links_the_report(reply, moderator, member, community):
    flag = Flag.objects.create(
        community=community, reporter=member, reason=FlagReason.INSULT, post=reply
    )
    services.post_hide(actor=moderator, post=reply, reason=REASON, flag=flag)
    assert ModerationAction.objects.get(action=Action.HIDE).flag == flag


def test_restore_shows_the_post_again(community, reply, other_member, moderator):
    services.post_hide(actor=moderator, post=reply, reason="Ошибка")
    Notification.objects.all().delete()
    services.post_restore(actor=moderator, post=reply, reason=REASON)
    reply.refresh_from_db()
    assert not reply.is_hidden and reply.hidden_reason == ""
    assert_logged(Action.RESTORE, actor=moderator, post=reply)
    assert_told(other_member, words="восстановил ваше сообщение № 2", community=community)


def test_delete_is_soft_and_keeps_the_trace(community, reply, other_member, moderator, member):
    flag = Flag.objects.create(
        community=community, reporter=member, reason=FlagReason.THREAT, post=reply
    )
    services.post_delete(actor=moderator, post=reply, reason=REASON, flag=flag)
    reply.refresh_from_db()
    assert reply.is_deleted and reply.deleted_by == moderator and reply.deleted_reason == REASON
    assert Post.objects.filter(pk=reply.pk).exists()
    assert_logged(Action.DELETE, actor=moderator, post=reply, flag=flag)
    assert_told(other_member, words="удалил ваше сообщение № 2", community=community)


def test_a_deleted_post_can_be_restored(reply, moderator):
    services.post_delete(actor=moderator, post=reply, reason="По ошибке")
    services.post_restore(actor=moderator, post=reply, reason=REASON)
    reply.refresh_from_db()
    assert not reply.is_deleted
    assert ModerationAction.objects.get(action=Action.RESTORE).data == {"was": "deleted"}


def test_moderator_edit_needs_a_reason_keeps_history_logs_and_tells(
    community, reply, other_member, moderator
):
    # when a moderator edits another person's post without a reason, they are refused
    with pytest.raises(ActionRefused) as refusal:
        services.post_edit(actor=moderator, post=reply, body="Смягчённый ответ")
    assert refusal.value.message == "Укажите причину: её увидит автор."
    reply.refresh_from_db()
    assert reply.body == "Резкий ответ" and not reply.revisions.exists()
    # with a reason, the text changes, the old one is kept, the log and the author know
    services.post_edit(actor=moderator, post=reply, body="Смягчённый ответ", reason=REASON)
    reply.refresh_from_db()
    assert reply.body == "Смягчённый ответ" and reply.edited_by == moderator
    assert list(reply.revisions.values_list("body", "reason")) == [("Резкий ответ", REASON)]
    assert_logged(Action.EDIT, actor=moderator, post=reply, target_user=other_member)
    assert_told(other_member, words="отредактировал ваше сообщение", community=community)


def test_a_moderator_editing_their_own_post_is_an_author(general, moderator):
    topic = make_topic(general, moderator)
    services.post_edit(actor=moderator, post=topic.posts.get(), body="Уточнение")
    assert not ModerationAction.objects.exists()
    assert not Notification.objects.exists()


def test_a_moderator_hiding_their_own_post_is_not_notified(general, moderator):
    topic = make_topic(general, moderator)
    services.post_hide(actor=moderator, post=topic.posts.get(), reason=REASON)
    assert ModerationAction.objects.filter(action=Action.HIDE).exists()
    assert not Notification.objects.exists()


# --- Topics -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "action", "field", "value", "words"),
    [
        ("topic_lock", Action.LOCK, "is_locked", True, "закрыл вашу тему"),
        ("topic_pin", Action.PIN, "is_pinned", True, "закрепил вашу тему"),
    ],
)
def test_lock_and_pin(community, topic, member, moderator, service, action, field, value, words):
    getattr(services, service)(actor=moderator, topic=topic, reason=REASON)
    topic.refresh_from_db()
    assert getattr(topic, field) is value
    assert_logged(action, actor=moderator, topic=topic, target_user=member)
    assert_told(member, words=words, community=community)


@pytest.mark.parametrize(
    ("service", "action", "field", "words"),
    [
        ("topic_unlock", Action.UNLOCK, "is_locked", "открыл вашу тему"),
        ("topic_unpin", Action.UNPIN, "is_pinned", "открепил вашу тему"),
    ],
)
def test_unlock_and_unpin(community, general, member, moderator, service, action, field, words):
    topic = make_topic(general, member, **{field: True})
    getattr(services, service)(actor=moderator, topic=topic, reason=REASON)
    topic.refresh_from_db()
    assert getattr(topic, field) is False
    assert_logged(action, actor=moderator, topic=topic)
    assert_told(member, words=words, community=community)


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("topic_unlock", "Тема не закрыта."),
        ("topic_unpin", "Тема не закреплена."),
    ],
)
def test_undoing_what_was_not_done_is_refused(topic, moderator, service, message):
    with pytest.raises(ActionRefused) as refusal:
        getattr(services, service)(actor=moderator, topic=topic, reason=REASON)
    assert refusal.value.message == message
    assert not ModerationAction.objects.exists()


def test_move_to_another_section_of_the_same_community(
    community, topic, member, moderator, discussion_section, general
):
    services.topic_move(actor=moderator, topic=topic, section=discussion_section, reason=REASON)
    topic.refresh_from_db()
    assert topic.section == discussion_section
    entry = assert_logged(Action.MOVE, actor=moderator, topic=topic)
    assert entry.data["from_section"] == general.pk
    assert entry.data["to_section"] == discussion_section.pk
    assert_told(member, words="перенёс вашу тему", community=community)


def test_move_to_a_section_of_another_community_is_refused(topic, moderator):
    foreign = SectionFactory()
    with pytest.raises(ActionRefused) as refusal:
        services.topic_move(actor=moderator, topic=topic, section=foreign, reason=REASON)
    assert refusal.value.message == "Выберите раздел этого же сообщества."
    topic.refresh_from_db()
    assert topic.section.community_id != foreign.community_id
    assert not ModerationAction.objects.exists()


def test_move_to_the_same_section_is_refused(topic, moderator, general):
    with pytest.raises(ActionRefused):
        services.topic_move(actor=moderator, topic=topic, section=general, reason=REASON)


def test_split_moves_the_tail_renumbers_and_fixes_counters(
    community, general, member, other_member, moderator, discussion_section
):
    # given a topic of 5 posts, two readers having read up to post 4 and post 2
    topic = make_topic(general, member, posts=2)
    add_posts(topic, other_member, 3)
    reader, early = (
        MembershipFactory(community=community).user,
        MembershipFactory(community=community).user,
    )
    TopicReadMark.objects.create(user=reader, topic=topic, last_read_position=4)
    TopicReadMark.objects.create(user=early, topic=topic, last_read_position=2)
    # when a moderator splits it from post 3 into the discussion section
    new = services.topic_split(
        actor=moderator,
        topic=topic,
        first_position=3,
        title="Отдельный вопрос",
        section=discussion_section,
        reason=REASON,
    )
    # then posts 3..5 are posts 1..3 of the new topic, and both topics count right
    topic.refresh_from_db()
    assert list(topic.posts.values_list("position", flat=True)) == [1, 2]
    assert list(new.posts.values_list("position", "body")) == [
        (1, "Сообщение номер 3"),
        (2, "Сообщение номер 4"),
        (3, "Сообщение номер 5"),
    ]
    assert (topic.posts_count, new.posts_count) == (2, 3)
    assert topic.last_post_author == member and new.last_post_author == other_member
    assert new.author == other_member and new.section == discussion_section
    assert new.last_post_at == new.posts.get(position=3).created_at
    # and the reader's marks follow the posts
    assert TopicReadMark.objects.get(user=reader, topic=topic).last_read_position == 2
    assert TopicReadMark.objects.get(user=reader, topic=new).last_read_position == 2
    assert not TopicReadMark.objects.filter(user=early, topic=new).exists()
    assert TopicFollow.objects.filter(user=other_member, topic=new).exists()
    # and the log and the authors of the moved posts know
    entry = assert_logged(Action.SPLIT, actor=moderator, topic=topic)
    assert entry.data["new_topic"] == new.pk and entry.data["moved_posts"] == 3
    assert_told(other_member, words="Отдельный вопрос", community=community)


@pytest.mark.parametrize("first_position", [1, 0, 3, -1, "x", None])
def test_split_positions_out_of_range_are_refused(topic, moderator, general, first_position):
    with pytest.raises(ActionRefused) as refusal:
        services.topic_split(
            actor=moderator,
            topic=topic,
            first_position=first_position,
            title="Новая",
            section=general,
            reason=REASON,
        )
    assert "Выберите сообщение с № 2 по № 2" in refusal.value.message
    assert Topic.objects.count() == 1
    assert not ModerationAction.objects.exists()


def test_split_into_another_community_is_refused(topic, moderator):
    with pytest.raises(ActionRefused):
        services.topic_split(
            actor=moderator,
            topic=topic,
            first_position=2,
            title="Новая",
            section=SectionFactory(),
            reason=REASON,
        )
    assert Topic.objects.count() == 1


# --- Reasons and permissions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Укажите причину: её увидит автор."),
        ("   \n", "Укажите причину: её увидит автор."),
        ("я" * 2001, "не более 2000 знаков"),
    ],
)
@pytest.mark.parametrize("action", ["post_hide", "post_delete", "post_restore"])
def test_post_actions_need_a_reason(reply, moderator, action, reason, message):
    if action == "post_restore":
        Post.objects.filter(pk=reply.pk).update(hidden_at=timezone.now(), hidden_reason="x")
    with pytest.raises(ActionRefused) as refusal:
        getattr(services, action)(actor=moderator, post=reply, reason=reason)
    assert message in refusal.value.message
    assert not ModerationAction.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("action", ["topic_lock", "topic_pin"])
def test_topic_actions_need_a_reason(topic, moderator, action):
    with pytest.raises(ActionRefused):
        getattr(services, action)(actor=moderator, topic=topic, reason=" ")
    topic.refresh_from_db()
    assert not topic.is_locked and not topic.is_pinned
    assert not ModerationAction.objects.exists()


def test_hiding_twice_is_refused(reply, moderator):
    services.post_hide(actor=moderator, post=reply, reason=REASON)
    with pytest.raises(ActionRefused) as refusal:
        services.post_hide(actor=moderator, post=reply, reason=REASON)
    assert refusal.value.message == "Сообщение уже скрыто."
    assert ModerationAction.objects.count() == 1


def test_restoring_a_visible_post_is_refused(reply, moderator):
    with pytest.raises(ActionRefused) as refusal:
        services.post_restore(actor=moderator, post=reply, reason=REASON)
    assert refusal.value.message == "Сообщение не скрыто и не удалено."


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COORDINATOR, Role.ADMINISTRATOR])
def test_moderators_coordinators_and_administrators_moderate(community, reply, role):
    actor = MembershipFactory(community=community, role=role).user
    services.post_hide(actor=actor, post=reply, reason=REASON)
    assert ModerationAction.objects.filter(actor=actor).exists()


def test_the_platform_administrator_moderates(community, reply, make_person):
    admin = make_person("platform_admin", community)
    services.topic_lock(actor=admin, topic=reply.topic, reason=REASON)
    assert ModerationAction.objects.filter(actor=admin, action=Action.LOCK).exists()


@pytest.mark.parametrize(
    "actor", ["anonymous", "registered", "pending", "member", "expert", "revoked"]
)
@pytest.mark.parametrize(
    "action",
    ["post_hide", "post_delete", "post_restore", "topic_lock", "topic_pin", "topic_move"],
)
def test_nobody_else_moderates(community, reply, make_person, actor, action, discussion_section):
    person = make_person(actor, community)
    kwargs = {"actor": person, "reason": REASON}
    if action.startswith("post_"):
        kwargs["post"] = reply
    else:
        kwargs["topic"] = reply.topic
    if action == "topic_move":
        kwargs["section"] = discussion_section
    with pytest.raises(PermissionDenied):
        getattr(services, action)(**kwargs)
    assert not ModerationAction.objects.exists()


def test_nobody_moderates_in_a_closed_community(community, reply, moderator):
    community.closed_at = timezone.now()
    community.save()
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=moderator, post=reply, reason=REASON)

"""The services of private messages: every flow, and every refusal in Russian that changes
nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification
from pedset.messaging import policies, selectors, services
from pedset.messaging.models import (
    MAX_PARTICIPANTS,
    Block,
    Conversation,
    Message,
    MessageKind,
    Participant,
)
from pedset.messaging.services import ActionRefused

pytestmark = pytest.mark.django_db


def _nothing_written():
    return (Conversation.objects.count(), Message.objects.count(), Notification.objects.count())


def _refused(call, message_part):
    before = _nothing_written()
    with pytest.raises(ActionRefused) as refusal:
        call()
    assert message_part in refusal.value.message
    assert _nothing_written() == before
    return refusal.value.message


# --- Starting ---------------------------------------------------------------------------------


def test_starting_creates_seats_and_the_first_message(community, member, start):
    # given two members of a community
    anna, boris = member(), member()

    # when Anna writes to Boris
    conversation = start(anna, boris, community=community, subject="Олимпиада", body="Привет")

    # then both have a seat, Anna's message is the first one and Anna has read it
    seats = {s.user_id: s for s in conversation.participants.all()}
    assert set(seats) == {anna.pk, boris.pk}
    message = conversation.messages.get()
    assert (message.author, message.body, message.kind) == (anna, "Привет", MessageKind.TEXT)
    assert conversation.last_message_at == message.created_at
    assert seats[anna.pk].last_read_at == message.created_at
    assert seats[boris.pk].last_read_at is None
    assert selectors.unread_total(boris) == 1
    assert selectors.unread_total(anna) == 0


def test_the_others_are_notified_without_the_text(
    community, member, start, mailoutbox, django_capture_on_commit_callbacks
):
    anna, boris, vera = member(), member(), member()

    with django_capture_on_commit_callbacks(execute=True):
        conversation = start(anna, boris, vera, community=community, body="Секретный план урока")

    notified = Notification.objects.filter(kind="private_message")
    assert {n.recipient_id for n in notified} == {boris.pk, vera.pk}
    assert all(n.url == f"/messages/{conversation.pk}/" for n in notified)
    assert {m.to[0] for m in mailoutbox} == {boris.email, vera.email}
    for mail in mailoutbox:
        assert "Секретный план" not in mail.body and "Секретный план" not in mail.subject
        assert f"/messages/{conversation.pk}/" in mail.body
        assert "Новое личное сообщение" in mail.subject


def test_twenty_participants_at_most_the_starter_included(community, member, start):
    anna = member()
    people = [member() for _ in range(MAX_PARTICIPANTS)]

    # 19 others + Anna = 20: allowed
    conversation = start(anna, *people[:-1], community=community)
    assert conversation.participants.count() == MAX_PARTICIPANTS

    # 20 others + Anna = 21: refused
    _refused(
        lambda: start(anna, *people, community=community),
        "не больше 20 участников",
    )


def test_no_participants_is_refused(community, member, start):
    _refused(lambda: start(member(), community=community), "Выберите хотя бы одного")


def test_only_oneself_is_refused(community, member, start):
    anna = member()
    _refused(lambda: start(anna, anna, community=community), "только самому себе")


def test_oneself_among_others_and_duplicates_are_dropped(community, member, start):
    anna, boris = member(), member()
    conversation = start(anna, anna, boris, boris, community=community)
    assert conversation.participants.count() == 2


@pytest.mark.parametrize("who", ["other_community", "pending", "left", "inactive", "former"])
def test_only_active_members_of_the_community(community, member, start, who):
    from django.utils import timezone

    anna = member()
    if who == "other_community":
        person = MembershipFactory(community=CommunityFactory()).user
    elif who == "pending":
        person = member(status=MembershipStatus.PENDING)
    elif who == "left":
        person = member(status=MembershipStatus.LEFT)
    elif who == "inactive":
        person = member()
        person.is_active = False
        person.save()
    else:
        person = member()
        person.anonymised_at = timezone.now()
        person.save()
    _refused(
        lambda: start(anna, person, community=community),
        "Можно выбрать только действующих участников сообщества «Синергия»",
    )


def test_a_person_who_blocked_you_cannot_be_written_to(community, member, start):
    anna, boris = member(), member()
    services.person_block(actor=boris, person=anna)
    message = _refused(lambda: start(anna, boris, community=community), "ограничил")
    assert boris.get_full_name() in message


def test_you_cannot_write_to_a_person_you_blocked(community, member, start):
    anna, boris = member(), member()
    services.person_block(actor=anna, person=boris)
    _refused(lambda: start(anna, boris, community=community), "Вы заблокировали")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "Напишите сообщение"),
        ("   \n\t ", "Напишите сообщение"),
        ("я" * (services.MESSAGE_MAX_LENGTH + 1), "слишком длинное"),
    ],
)
def test_bad_text_is_refused(community, member, start, body, expected):
    anna, boris = member(), member()
    _refused(lambda: start(anna, boris, community=community, body=body), expected)


def test_too_long_subject_is_refused(community, member, start):
    anna, boris = member(), member()
    _refused(
        lambda: start(anna, boris, community=community, subject="т" * 201), "Тема слишком длинная"
    )


def test_a_suspended_member_cannot_start(community, member, start, suspend):
    anna, boris = member(), member()
    suspend(anna, community)
    _refused(lambda: start(anna, boris, community=community), "ограничил вас в сообществе")


def test_a_closed_community_admits_no_new_conversations(community, member, start):
    from django.utils import timezone

    anna, boris = member(), member()
    community.closed_at = timezone.now()
    community.save()
    _refused(lambda: start(anna, boris, community=community), "закрыто")


def test_a_non_member_cannot_start(community, member, start):
    outsider, boris = UserFactory(), member()
    _refused(lambda: start(outsider, boris, community=community), "Писать участникам")


# --- Sending ----------------------------------------------------------------------------------


def test_a_reply_moves_the_conversation_and_marks_the_author_read(community, member, start):
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)

    reply = services.message_send(actor=boris, conversation=conversation, body="Согласен")

    conversation.refresh_from_db()
    assert conversation.last_message_at == reply.created_at
    assert Participant.objects.get(conversation=conversation, user=boris).last_read_at == (
        reply.created_at
    )
    assert selectors.unread_total(boris) == 0
    assert selectors.unread_total(anna) == 1


def test_notifications_skip_the_author_those_who_left_and_a_blocker(community, member, start):
    anna, boris, vera, gleb = member(), member(), member(), member()
    conversation = start(anna, boris, vera, gleb, community=community)
    services.conversation_leave(actor=vera, conversation=conversation)
    services.person_block(actor=gleb, person=anna)
    Notification.objects.all().delete()
    # Boris has read everything, so he is told of the next message
    services.conversation_mark_read(
        actor=boris, conversation=conversation, up_to=conversation.messages.last().created_at
    )

    services.message_send(actor=anna, conversation=conversation, body="Ещё вопрос")

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [boris.pk]


def test_one_notification_until_the_conversation_is_read(community, member, start):
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)
    assert Notification.objects.filter(recipient=boris).count() == 1

    # more messages while Boris has not looked: no new notification
    services.message_send(actor=anna, conversation=conversation, body="Второе")
    services.message_send(actor=anna, conversation=conversation, body="Третье")
    assert Notification.objects.filter(recipient=boris).count() == 1

    # Boris reads: his notification is read; the next message notifies again
    services.conversation_mark_read(
        actor=boris, conversation=conversation, up_to=conversation.messages.last().created_at
    )
    assert not Notification.objects.filter(recipient=boris, read_at__isnull=True).exists()
    services.message_send(actor=anna, conversation=conversation, body="Четвёртое")
    assert Notification.objects.filter(recipient=boris).count() == 2


def test_notifications_are_in_the_recipients_language(community, member, start):
    anna, boris = member(), member()
    boris.language = "en"
    boris.save()
    start(anna, boris, community=community)
    assert Notification.objects.get(recipient=boris).title == "New private message"


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ("left", "Вы вышли из этой переписки"),
        ("alone", "Никого из собеседников не осталось"),
        ("suspended", "ограничил вас в сообществе"),
        ("not_member", "больше не участник сообщества"),
        ("closed", "закрыто"),
        ("blocked", "ограничили получение сообщений от вас"),
    ],
)
def test_who_cannot_reply(community, member, start, suspend, situation, expected):
    from django.utils import timezone

    from pedset.communities.services import membership_leave

    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)
    if situation == "left":
        services.conversation_leave(actor=boris, conversation=conversation)
    elif situation == "alone":
        services.conversation_leave(actor=anna, conversation=conversation)
    elif situation == "suspended":
        suspend(boris, community)
    elif situation == "not_member":
        membership_leave(actor=boris, community=community)
    elif situation == "closed":
        community.closed_at = timezone.now()
        community.save()
    else:
        services.person_block(actor=anna, person=boris)
    boris = type(boris).objects.get(pk=boris.pk)  # a fresh request: no memoised answers

    assert not policies.can_send_message(boris, conversation)
    _refused(
        lambda: services.message_send(actor=boris, conversation=conversation, body="Ответ"),
        expected,
    )


def test_a_blocked_person_still_writes_where_others_read(community, member, start):
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, vera, community=community)
    services.person_block(actor=anna, person=boris)

    message = services.message_send(actor=boris, conversation=conversation, body="Всем привет")

    assert message.pk
    assert not Notification.objects.filter(recipient=anna).exists()


def test_sending_is_rate_limited(community, member, start, settings):
    settings.MESSAGES_LIMIT = 3
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)  # 1
    services.message_send(actor=anna, conversation=conversation, body="2")
    services.message_send(actor=anna, conversation=conversation, body="3")

    _refused(
        lambda: services.message_send(actor=anna, conversation=conversation, body="4"),
        "слишком часто",
    )
    _refused(lambda: start(anna, boris, community=community), "слишком часто")
    # another person is not limited by Anna's sending
    services.message_send(actor=boris, conversation=conversation, body="Ответ")


# --- Leaving ----------------------------------------------------------------------------------


def test_leaving_leaves_a_note_and_ends_the_seat(community, member, start):
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, vera, community=community)

    services.conversation_leave(actor=boris, conversation=conversation)
    later = services.message_send(actor=anna, conversation=conversation, body="Без Бориса")

    note = conversation.messages.get(kind=MessageKind.LEFT)
    seat = Participant.objects.get(conversation=conversation, user=boris)
    assert note.author == boris and seat.left_at == note.created_at
    boris_sees = list(selectors.visible_messages(seat))
    assert note in boris_sees and later not in boris_sees
    assert selectors.unread_total(boris) == 0
    assert not Notification.objects.filter(recipient=boris, url__contains=str(later.pk)).exists()
    _refused(
        lambda: services.conversation_leave(actor=boris, conversation=conversation), "уже вышли"
    )


def test_leaving_a_conversation_one_is_not_in_is_refused(community, member, start):
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)
    _refused(
        lambda: services.conversation_leave(actor=member(), conversation=conversation),
        "Вы не участвуете",
    )


# --- Adding -----------------------------------------------------------------------------------


def test_added_people_read_from_now_on(community, member, start):
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, community=community, body="Только для Бориса")

    services.participants_add(actor=anna, conversation=conversation, people=[vera])
    after = services.message_send(actor=boris, conversation=conversation, body="Для всех")

    seat = Participant.objects.get(conversation=conversation, user=vera)
    vera_sees = list(selectors.visible_messages(seat))
    assert [m.kind for m in vera_sees] == [MessageKind.ADDED, MessageKind.TEXT]
    assert vera_sees[0].about_user == vera and vera_sees[0].author == anna
    assert vera_sees[1] == after
    assert Notification.objects.filter(recipient=vera).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("already", "уже в переписке"),
        ("left", "вышел(а) из этой переписки"),
        ("blocker", "ограничил"),
        ("outsider", "только действующих участников"),
    ],
)
def test_who_cannot_be_added(community, member, start, who, expected):
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, vera, community=community)
    if who == "already":
        person = boris
    elif who == "left":
        services.conversation_leave(actor=vera, conversation=conversation)
        person = vera
    elif who == "blocker":
        person = member()
        services.person_block(actor=person, person=anna)
    else:
        person = UserFactory()
    _refused(
        lambda: services.participants_add(actor=anna, conversation=conversation, people=[person]),
        expected,
    )


def test_adding_beyond_twenty_is_refused(community, member, start):
    anna = member()
    conversation = start(
        anna, *[member() for _ in range(MAX_PARTICIPANTS - 1)], community=community
    )
    _refused(
        lambda: services.participants_add(actor=anna, conversation=conversation, people=[member()]),
        "не больше 20 участников",
    )


# --- Blocking ---------------------------------------------------------------------------------


def test_blocking_and_unblocking(community, member):
    anna, boris = member(), member()

    block, created = services.person_block(actor=anna, person=boris)
    again, created_again = services.person_block(actor=anna, person=boris)

    assert created and not created_again and block == again
    assert policies.has_blocked(anna, boris)
    assert not policies.can_write_to(boris, anna)
    assert services.person_unblock(actor=anna, person=boris)
    assert not services.person_unblock(actor=anna, person=boris)
    assert not Block.objects.exists()


def test_blocking_oneself_is_refused(member):
    anna = member()
    with pytest.raises(ActionRefused, match="самого себя"):
        services.person_block(actor=anna, person=anna)
    assert not Block.objects.exists()


# --- Hiding (the moderation queue calls it) --------------------------------------------------


def test_a_moderator_hides_a_reported_message(community, member, start, flag):
    from pedset.communities.models import Role
    from pedset.moderation.models import ModerationAction

    anna, boris = member(), member()
    moderator = member(role=Role.MODERATOR)
    conversation = start(anna, boris, community=community, body="Грубость")
    message = conversation.messages.get()
    report = flag(message, boris)

    services.message_hide(actor=moderator, message=message, reason="Оскорбление", flag=report)

    message.refresh_from_db()
    assert message.is_hidden and message.hidden_by == moderator
    assert message.hidden_reason == "Оскорбление"
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.community, entry.actor, entry.message, entry.flag) == (
        "hide_message",
        community,
        moderator,
        message,
        report,
    )
    assert entry.target_user == anna and entry.reason == "Оскорбление"
    told = Notification.objects.get(recipient=anna, kind="moderation")
    assert "Оскорбление" in told.body and "Грубость" not in told.body
    assert told.url == f"/messages/m/{message.pk}/"


def test_hiding_refusals(community, member, start, flag):
    from pedset.communities.models import Role
    from pedset.moderation.models import ModerationAction

    anna, boris = member(), member()
    moderator = member(role=Role.MODERATOR)
    conversation = start(anna, boris, community=community)
    message = conversation.messages.get()

    # not reported yet: not in front of any moderator
    with pytest.raises(PermissionDenied):
        services.message_hide(actor=moderator, message=message, reason="x")
    flag(message, boris)
    # a member is no moderator
    with pytest.raises(PermissionDenied):
        services.message_hide(actor=boris, message=message, reason="x")
    # a reason is required, and not a novel
    with pytest.raises(ActionRefused, match="Укажите причину"):
        services.message_hide(actor=moderator, message=message, reason="  ")
    with pytest.raises(ActionRefused, match="слишком длинная"):
        services.message_hide(actor=moderator, message=message, reason="п" * 2001)
    assert not ModerationAction.objects.exists()
    services.message_hide(actor=moderator, message=message, reason="Оскорбление")
    with pytest.raises(ActionRefused, match="уже скрыто"):
        services.message_hide(actor=moderator, message=message, reason="Ещё раз")
    assert ModerationAction.objects.count() == 1


# --- Unread counts ----------------------------------------------------------------------------


def test_unread_counts_per_conversation_and_in_total(community, member, start):
    anna, boris, vera = member(), member(), member()
    first = start(anna, boris, community=community)
    services.message_send(actor=anna, conversation=first, body="ещё")
    second = start(vera, boris, community=community)
    start(anna, vera, community=community)  # not Boris's

    counts = {s.conversation_id: s.unread for s in selectors.inbox(boris)}
    assert counts == {first.pk: 2, second.pk: 1}
    assert selectors.unread_total(boris) == 3

    services.conversation_mark_read(
        actor=boris, conversation=first, up_to=first.messages.last().created_at
    )
    assert selectors.unread_total(boris) == 1


def test_unread_counts_skip_hidden_and_blocked_messages(community, member, start, flag):
    from pedset.communities.models import Role

    anna, boris, vera = member(), member(), member()
    moderator = member(role=Role.MODERATOR)
    conversation = start(anna, boris, vera, community=community)
    services.person_block(actor=boris, person=vera)
    services.message_send(actor=vera, conversation=conversation, body="от Веры")
    hidden = services.message_send(actor=anna, conversation=conversation, body="скроют")
    flag(hidden, boris)
    services.message_hide(actor=moderator, message=hidden, reason="Спам")

    # only Anna's first message is unread for Boris
    assert selectors.unread_total(boris) == 1


def test_reading_never_moves_back(community, member, start):
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community)
    newest = services.message_send(actor=anna, conversation=conversation, body="второе")
    services.conversation_mark_read(actor=boris, conversation=conversation, up_to=newest.created_at)
    first = conversation.messages.first()
    assert not services.conversation_mark_read(
        actor=boris, conversation=conversation, up_to=first.created_at
    )
    assert selectors.unread_total(boris) == 0

"""Every write of private messages. Each runs in one transaction; e-mail goes after commit.

Notifications never carry a message's text: the e-mail says that a message is waiting and
links to the conversation, where only its participants can read it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pedset.communities.models import Community
from pedset.communities.services import ActionRefused as CommunitiesActionRefused
from pedset.core import ratelimit
from pedset.core.models import Notification
from pedset.core.notify import notify, notify_many
from pedset.messaging import policies, selectors
from pedset.messaging.models import (
    MAX_PARTICIPANTS,
    Block,
    Conversation,
    Message,
    MessageKind,
    Participant,
)

MESSAGE_MAX_LENGTH = 10_000
SUBJECT_MAX_LENGTH = 200
HIDE_REASON_MAX_LENGTH = 2000
RATE_SCOPE = "messages"
NOTIFICATION_KIND = "private_message"


class ActionRefused(CommunitiesActionRefused):
    """The action cannot be done; ``message`` says why, in the reader's language. A subclass of
    the communities' one, so a caller catching either catches this."""


def messages_limit() -> int:
    return settings.MESSAGES_LIMIT


def messages_window() -> int:
    return settings.MESSAGES_WINDOW


def conversation_url(conversation: Conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def message_url(message: Message) -> str:
    return reverse("messaging:message", args=[message.pk])


# --- Why not ----------------------------------------------------------------------------------


def start_obstacle_message(user, community: Community) -> str | None:
    """Why the person cannot start a conversation in this community, or None."""
    from pedset.core.policies import community_role
    from pedset.moderation.policies import is_suspended

    if policies.can_start_conversation(user, community):
        return None
    if community.is_closed:
        return _("The community «%(community)s» is closed.") % {"community": community.name}
    if community_role(user, community) is None:
        return _("Only members of the community «%(community)s» can write to its members.") % {
            "community": community.name
        }
    if is_suspended(user, community):
        return _(
            "A moderator has suspended you in the community «%(community)s»: you cannot send "
            "messages there until the suspension ends."
        ) % {"community": community.name}
    return _("You cannot start a conversation here.")


def send_obstacle_message(code: str | None, conversation: Conversation) -> str | None:
    """The Russian sentence for a policies.send_obstacle code."""
    if code is None:
        return None
    community = conversation.community.name
    messages = {
        "not_participant": _("You are not in this conversation."),
        "left": _("You have left this conversation: you can no longer write in it."),
        "closed": _("The community «%(community)s» is closed: the conversation is read-only.")
        % {"community": community},
        "not_member": _(
            "You are no longer a member of the community «%(community)s»: you can read the "
            "conversation but not write in it."
        )
        % {"community": community},
        "suspended": _(
            "A moderator has suspended you in the community «%(community)s»: you cannot send "
            "messages there until the suspension ends."
        )
        % {"community": community},
        "alone": _("Nobody else is left in this conversation: it can no longer receive replies."),
        "blocked": _(
            "The other participants have limited messages from you: you cannot write in this "
            "conversation."
        ),
    }
    return messages.get(code, _("You cannot write in this conversation."))


# --- Checks shared by the services ----------------------------------------------------------


def clean_body(body) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionRefused(_("Write the message: it is empty."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ActionRefused(
            _("The message is too long: at most %(limit)s characters (now %(length)s).")
            % {"limit": MESSAGE_MAX_LENGTH, "length": len(body)}
        )
    return body


def _check_rate(actor) -> None:
    if ratelimit.is_limited(RATE_SCOPE, str(actor.pk), messages_limit()):
        raise ActionRefused(
            _(
                "You are sending messages too often. Wait a minute and try again; your text "
                "has been kept."
            )
        )


def _count_sent(actor) -> None:
    ratelimit.hit(RATE_SCOPE, str(actor.pk), messages_window())


def check_new_people(actor, community: Community, people, *, already=()) -> list:
    """The people who may join a conversation of ``actor`` in ``community``, or ActionRefused.

    ``already`` holds the conversation's current seats when adding to an existing one."""
    chosen = list(people)
    people = list({person.pk: person for person in chosen if person.pk != actor.pk}.values())
    if not people and chosen:
        raise ActionRefused(_("You cannot write only to yourself: choose somebody else."))
    if not people:
        raise ActionRefused(_("Choose at least one person to write to."))
    current = sum(1 for seat in already if seat.left_at is None) or 1
    if current + len(people) > MAX_PARTICIPANTS:
        raise ActionRefused(
            _("A conversation has at most %(max)s participants, you included: remove %(excess)s.")
            % {"max": MAX_PARTICIPANTS, "excess": current + len(people) - MAX_PARTICIPANTS}
        )
    seats = {seat.user_id: seat for seat in already}
    for person in people:
        if person.pk in seats:
            if seats[person.pk].left_at is None:
                raise ActionRefused(
                    _("%(name)s is already in the conversation.") % {"name": person.get_full_name()}
                )
            raise ActionRefused(
                _(
                    "%(name)s has left this conversation and cannot be brought back; start a new "
                    "conversation instead."
                )
                % {"name": person.get_full_name()}
            )
    members = {user.pk for user in selectors.active_members(community, [p.pk for p in people])}
    if any(person.pk not in members for person in people):
        raise ActionRefused(
            _("Only active members of the community «%(community)s» can be chosen.")
            % {"community": community.name}
        )
    blocks = Block.objects.filter(
        Q(blocker=actor, blocked__in=people) | Q(blocker__in=people, blocked=actor)
    ).values_list("blocker_id", "blocked_id")
    names = {person.pk: person.get_full_name() for person in people}
    for blocker_id, blocked_id in blocks:
        if blocker_id == actor.pk:
            raise ActionRefused(
                _("You have blocked %(name)s. Unblock the person first to write to them.")
                % {"name": names[blocked_id]}
            )
        raise ActionRefused(
            _("%(name)s has limited messages from you: you cannot write to them.")
            % {"name": names[blocker_id]}
        )
    return people


# --- Notifications ----------------------------------------------------------------------------


def _tell(recipients, *, title: str, body: str, url: str) -> None:
    """One private_message notification per recipient, in each recipient's language, through
    notify_many (one bulk insert, e-mails in chunks by the task framework after commit)."""
    by_language: dict[str, list] = {}
    for person in recipients:
        by_language.setdefault(person.language or settings.LANGUAGE_CODE, []).append(person)
    for language, people in by_language.items():
        with translation.override(language):
            notify_many(people, kind=NOTIFICATION_KIND, title=_(title), body=_(body), url=url)


# Translated in _tell, in each recipient's language.
NEW_MESSAGE_TITLE = gettext_noop("New private message")
NEW_MESSAGE_BODY = gettext_noop(
    "A new message is waiting for you in a conversation on the site. Its text is not sent by "
    "e-mail; read it on the site."
)
ADDED_TITLE = gettext_noop("You have been added to a conversation")
ADDED_BODY = gettext_noop(
    "A colleague added you to a conversation on the site. Messages are not sent by e-mail; "
    "read them on the site."
)


def _notify_new_message(conversation: Conversation, message: Message) -> None:
    """Tell the others of a new message: never its author, not those who left, not a person who
    blocked the author, and not one who has not looked since the previous notification."""
    seats = list(
        policies.current_others(conversation, message.author)
        .exclude(user__blocks_made__blocked=message.author)
        .select_related("user")
    )
    if not seats:
        return
    told_already = selectors.seats_with_unread_before(
        conversation, message, [seat.user_id for seat in seats]
    )
    recipients = [seat.user for seat in seats if seat.user_id not in told_already]
    _tell(
        recipients,
        title=NEW_MESSAGE_TITLE,
        body=NEW_MESSAGE_BODY,
        url=conversation_url(conversation),
    )


# --- Conversations and messages -------------------------------------------------------------


@transaction.atomic
def conversation_start(
    *, actor, community: Community, participants, body: str, subject: str = "", request=None
) -> Conversation:
    """Start a conversation in a community shared with every participant, with a first message."""
    refusal = start_obstacle_message(actor, community)
    if refusal:
        raise ActionRefused(refusal)
    subject = (subject or "").strip()
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ActionRefused(
            _("The subject is too long: at most %(limit)s characters.")
            % {"limit": SUBJECT_MAX_LENGTH}
        )
    body = clean_body(body)
    people = check_new_people(actor, community, participants)
    _check_rate(actor)

    now = timezone.now()
    conversation = Conversation.objects.create(
        subject=subject, community=community, created_by=actor, created_at=now, last_message_at=now
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=actor, joined_at=now, last_read_at=now)]
        + [Participant(conversation=conversation, user=person, joined_at=now) for person in people]
    )
    message = Message.objects.create(
        conversation=conversation, author=actor, body=body, created_at=now
    )
    _count_sent(actor)
    policies.forget_seats(actor)
    _notify_new_message(conversation, message)
    return conversation


def _locked(conversation: Conversation) -> Conversation:
    """Serialises the writes of one conversation (sending, leaving, adding)."""
    return (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=conversation.pk)
    )


@transaction.atomic
def message_send(*, actor, conversation: Conversation, body: str, request=None) -> Message:
    conversation = _locked(conversation)
    policies.forget_seats(actor)
    refusal = send_obstacle_message(policies.send_obstacle(actor, conversation), conversation)
    if refusal:
        raise ActionRefused(refusal)
    body = clean_body(body)
    _check_rate(actor)

    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=actor, body=body, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    # One replies from the page that shows everything before: all of it has been seen.
    Participant.objects.filter(conversation=conversation, user=actor).update(last_read_at=now)
    _count_sent(actor)
    policies.forget_seats(actor)
    _notify_new_message(conversation, message)
    return message


@transaction.atomic
def conversation_mark_read(*, actor, conversation: Conversation, up_to) -> bool:
    """The person has seen the messages up to the given creation time (never moves back).
    Their notifications about this conversation are read too."""
    if up_to is None:
        return False
    changed = (
        Participant.objects.filter(conversation=conversation, user=actor, left_at__isnull=True)
        .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=up_to))
        .update(last_read_at=up_to)
    )
    if changed:
        Notification.objects.filter(
            recipient=actor,
            kind=NOTIFICATION_KIND,
            url=conversation_url(conversation),
            read_at__isnull=True,
        ).update(read_at=timezone.now())
        policies.note_read(actor, conversation, up_to)
    return bool(changed)


@transaction.atomic
def conversation_leave(*, actor, conversation: Conversation, request=None) -> Participant:
    """Leave: the others see «вышел(а) из переписки»; the person keeps what came before."""
    conversation = _locked(conversation)
    seat = (
        Participant.objects.select_for_update()
        .filter(conversation=conversation, user=actor)
        .first()
    )
    if seat is None:
        raise ActionRefused(_("You are not in this conversation."))
    if seat.left_at is not None:
        raise ActionRefused(_("You have already left this conversation."))
    now = timezone.now()
    Message.objects.create(
        conversation=conversation, author=actor, kind=MessageKind.LEFT, created_at=now
    )
    seat.left_at = now
    seat.last_read_at = now
    seat.save(update_fields=["left_at", "last_read_at"])
    Notification.objects.filter(
        recipient=actor,
        kind=NOTIFICATION_KIND,
        url=conversation_url(conversation),
        read_at__isnull=True,
    ).update(read_at=now)
    policies.forget_seats(actor)
    return seat


@transaction.atomic
def participants_add(*, actor, conversation: Conversation, people, request=None) -> list:
    """A participant who may write adds members of the conversation's community. The newcomers
    read what is written from now on, not the earlier messages (written for the others)."""
    conversation = _locked(conversation)
    policies.forget_seats(actor)
    refusal = send_obstacle_message(policies.send_obstacle(actor, conversation), conversation)
    if refusal:
        raise ActionRefused(refusal)
    already = list(Participant.objects.filter(conversation=conversation))
    people = check_new_people(actor, conversation.community, people, already=already)
    now = timezone.now()
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=person, joined_at=now) for person in people]
    )
    Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                author=actor,
                kind=MessageKind.ADDED,
                about_user=person,
                created_at=now,
            )
            for person in people
        ]
    )
    policies.forget_seats(actor)
    _tell(people, title=ADDED_TITLE, body=ADDED_BODY, url=conversation_url(conversation))
    return people


# --- Blocking ---------------------------------------------------------------------------------


@transaction.atomic
def person_block(*, actor, person, request=None) -> tuple[Block, bool]:
    """Block a person (see the rule in policies.py). Blocking twice changes nothing."""
    if not policies.can_block_person(actor, person):
        if person is not None and person.pk == actor.pk:
            raise ActionRefused(_("You cannot block yourself."))
        raise ActionRefused(_("This person cannot be blocked."))
    block, created = Block.objects.get_or_create(blocker=actor, blocked=person)
    policies.forget_blocks(actor)
    return block, created


@transaction.atomic
def person_unblock(*, actor, person, request=None) -> bool:
    deleted, _unused = Block.objects.filter(blocker=actor, blocked=person).delete()
    policies.forget_blocks(actor)
    return bool(deleted)


# --- Moderation -------------------------------------------------------------------------------


@transaction.atomic
def message_hide(*, actor, message: Message, reason: str, flag=None) -> Message:
    """A moderator hides a reported message from the moderation queue. The participants see
    «Скрыто модератором: <причина>»; the author is told why; the moderation log records it."""
    from pedset.moderation.log import moderation_record
    from pedset.moderation.models import ModerationAction

    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation", "conversation__community", "author")
        .get(pk=message.pk)
    )
    if not policies.can_hide_message(actor, message):
        raise PermissionDenied
    if message.is_hidden:
        raise ActionRefused(_("This message is already hidden."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Give the reason: the author will see it."))
    if len(reason) > HIDE_REASON_MAX_LENGTH:
        raise ActionRefused(
            _("The reason is too long: at most %(limit)s characters.")
            % {"limit": HIDE_REASON_MAX_LENGTH}
        )
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = reason
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    community = message.conversation.community
    moderation_record(
        ModerationAction.Action.HIDE_MESSAGE,
        community=community,
        actor=actor,
        reason=reason,
        message=message,
        target_user=message.author,
        flag=flag,
    )
    author = message.author
    with translation.override(author.language or settings.LANGUAGE_CODE):
        # The reason, and the forum section where moderators' actions may be discussed
        # (regulations 001 3.6, 002 6): the moderation app words it the same for every notice.
        from pedset.moderation.services import moderation_notice

        notify(
            author,
            kind="moderation",
            title=_("A moderator has hidden your private message"),
            body=_(
                "A moderator of the community «%(community)s» has hidden your message in a "
                "private conversation."
            )
            % {"community": community.name}
            + "\n\n"
            + moderation_notice(community, reason),
            url=message_url(message),
        )
    return message

"""Who may do what with private messages. The only place that knows the messaging rules.

Reading is decided by participation alone, never by a role: a moderator, a coordinator or the
platform administrator who is not in a conversation cannot open it by any address. A moderator
sees a reported message's text only in the moderation queue, and may hide it from there.

A person's *seat* (Participant) covers the messages written while they were in the conversation:
from joining to leaving, both included. A person who left still reads what they received
before leaving (like their own copy of a letter), never what came after.

Blocking, the rule in short: when A blocks B,
- B cannot start a conversation with A nor add A to one (and A cannot do so with B until A
  unblocks, so that nobody writes to a person whose answers they would not see);
- in conversations they already share, A gets no notifications of B's messages, and B's
  messages written while the block stands are shown to A collapsed («Сообщение от
  заблокированного участника»), openable on demand — A may need to report one;
- B cannot write into a conversation where everyone else still in it has blocked B (a one-to-one
  conversation with A, in practice): B is told so instead of writing into the void;
- unblocking restores everything; nothing is deleted and B is never notified.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from pedset.communities.models import Community, Membership, MembershipStatus
from pedset.core.policies import community_role, is_active_user
from pedset.messaging.models import Block, Conversation, Message, MessageKind, Participant
from pedset.moderation.policies import can_moderate, is_suspended

# --- Seats ------------------------------------------------------------------------------------


def seat(user, conversation: Conversation) -> Participant | None:
    """The person's seat in the conversation (current or former), memoised for the request."""
    if not is_active_user(user):
        return None
    cache = user.__dict__.setdefault("_pedset_seats", {})
    if conversation.pk not in cache:
        cache[conversation.pk] = Participant.objects.filter(
            conversation_id=conversation.pk, user=user
        ).first()
    return cache[conversation.pk]


def note_seats(user, participants) -> None:
    """A page that loaded the conversation's participants records the user's seat, so the
    policies below need not ask again."""
    cache = user.__dict__.setdefault("_pedset_seats", {})
    for participant in participants:
        if participant.user_id == user.pk:
            cache[participant.conversation_id] = participant


def forget_seats(user) -> None:
    user.__dict__.pop("_pedset_seats", None)


def note_read(user, conversation: Conversation, up_to) -> None:
    """Keep the memoised seat in step with a read mark just written."""
    participant = user.__dict__.get("_pedset_seats", {}).get(conversation.pk)
    if participant is not None:
        participant.last_read_at = up_to


def has_blocked(blocker, blocked) -> bool:
    """Has ``blocker`` blocked ``blocked``? Memoised on the blocker for the request."""
    if blocker is None or not getattr(blocker, "is_authenticated", False) or blocked is None:
        return False
    cache = blocker.__dict__.setdefault("_pedset_blocked", {})
    if blocked.pk not in cache:
        cache[blocked.pk] = Block.objects.filter(blocker=blocker, blocked=blocked).exists()
    return cache[blocked.pk]


def forget_blocks(user) -> None:
    user.__dict__.pop("_pedset_blocked", None)
    user.__dict__.pop("_pedset_relations", None)


# --- Starting a conversation -------------------------------------------------------------------


def can_start_conversation(user, community: Community) -> bool:
    """Active members start conversations in their open community, unless suspended there."""
    if not is_active_user(user) or community.is_closed:
        return False
    return community_role(user, community) is not None and not is_suspended(user, community)


def startable_communities(user, *, with_person=None) -> QuerySet[Community]:
    """The open communities where the person may start a conversation (one query), narrowed to
    those the other person is also an active member of."""
    from pedset.moderation.models import Suspension

    if not is_active_user(user):
        return Community.objects.none()
    suspended = Suspension.objects.filter(
        community=OuterRef("pk"), user=user, lifted_at__isnull=True, ends_at__gt=timezone.now()
    )
    queryset = Community.objects.filter(
        closed_at__isnull=True,
        pk__in=Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
            "community_id"
        ),
    ).exclude(Exists(suspended))
    if with_person is not None:
        queryset = queryset.filter(
            pk__in=Membership.objects.filter(
                user=with_person,
                status=MembershipStatus.ACTIVE,
                user__is_active=True,
                user__anonymised_at__isnull=True,
            ).values("community_id")
        )
    return queryset.order_by("name")


def _relation(user, person) -> dict:
    """In one query: has either blocked the other, and do they share a community where the user
    may start a conversation. Memoised, and fed to has_blocked() for both directions."""
    from pedset.accounts.models import User

    cache = user.__dict__.setdefault("_pedset_relations", {})
    if person.pk not in cache:
        row = (
            User.objects.filter(pk=person.pk)
            .annotate(
                i_blocked=Exists(Block.objects.filter(blocker=user, blocked=OuterRef("pk"))),
                they_blocked=Exists(Block.objects.filter(blocker=OuterRef("pk"), blocked=user)),
                shared=Exists(startable_communities(user, with_person=person)),
            )
            .values("i_blocked", "they_blocked", "shared")
            .first()
        ) or {"i_blocked": False, "they_blocked": False, "shared": False}
        cache[person.pk] = row
        user.__dict__.setdefault("_pedset_blocked", {})[person.pk] = row["i_blocked"]
        person.__dict__.setdefault("_pedset_blocked", {})[user.pk] = row["they_blocked"]
    return cache[person.pk]


def can_write_to(user, person) -> bool:
    """May the user start a conversation with this person (the profile's «Написать сообщение»)?
    They share an active community where the user may start one, and neither blocked the other."""
    if not is_active_user(user) or person is None or user.pk == person.pk:
        return False
    if not person.is_active or person.is_former:
        return False
    relation = _relation(user, person)
    return relation["shared"] and not (relation["i_blocked"] or relation["they_blocked"])


def can_block_person(user, person) -> bool:
    """Anyone signed in may block another (still existing) person."""
    return (
        is_active_user(user)
        and person is not None
        and user.pk != person.pk
        and not person.is_former
    )


# --- Reading -----------------------------------------------------------------------------------


def can_read_conversation(user, conversation: Conversation) -> bool:
    """Only those who have a seat, within their seat (see visible messages in selectors)."""
    return seat(user, conversation) is not None


def can_read_message(user, message: Message) -> bool:
    """A message is readable by those whose seat covers the moment it was written."""
    participant = seat(user, message.conversation)
    return participant is not None and participant.covers(message.created_at)


# --- Writing -----------------------------------------------------------------------------------


def current_others(conversation: Conversation, user) -> QuerySet[Participant]:
    """Seats of the other people still in the conversation who can receive anything."""
    return Participant.objects.filter(
        conversation_id=conversation.pk, left_at__isnull=True, user__is_active=True
    ).exclude(user_id=user.pk)


def send_obstacle(user, conversation: Conversation) -> str | None:
    """The reason the person cannot write into the conversation, or None. The machine-readable
    codes are turned into Russian sentences by services.send_obstacle_message."""
    participant = seat(user, conversation)
    if participant is None:
        return "not_participant"
    if participant.left_at is not None:
        return "left"
    community = conversation.community
    if community.is_closed:
        return "closed"
    if community_role(user, community) is None:
        return "not_member"
    if is_suspended(user, community):
        return "suspended"
    others = current_others(conversation, user)
    blocked_by = Block.objects.filter(blocker=OuterRef("user"), blocked=user)
    if others.exclude(Exists(blocked_by)).exists():
        return None
    return "blocked" if others.exists() else "alone"


def can_send_message(user, conversation: Conversation) -> bool:
    """A current participant who is still an active member of the conversation's open community,
    not suspended there, with somebody left to read the message (see the blocking rule)."""
    return is_active_user(user) and send_obstacle(user, conversation) is None


def can_leave_conversation(user, conversation: Conversation) -> bool:
    participant = seat(user, conversation)
    return participant is not None and participant.left_at is None


# --- Moderation --------------------------------------------------------------------------------


def can_hide_message(user, message: Message) -> bool:
    """Moderators of the conversation's community hide a message, from the moderation queue, once
    somebody reported it: an unreported private message is never in front of a moderator."""
    from pedset.moderation.models import Flag

    if message.kind != MessageKind.TEXT:
        return False
    if not can_moderate(user, message.conversation.community):
        return False
    return Flag.objects.filter(message_id=message.pk).exists()

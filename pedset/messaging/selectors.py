"""Reads of private messages, each with the prefetching its page needs."""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from pedset.accounts.models import User
from pedset.communities.models import Community, Membership, MembershipStatus
from pedset.messaging.models import Block, Conversation, Message, MessageKind, Participant

MAX_PK = 2**63 - 1  # beyond it the databases raise instead of finding nothing
# "Never read": earlier than any message can be.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def valid_pk(pk) -> bool:
    return isinstance(pk, int) and 0 < pk <= MAX_PK


# --- Unread counts ---------------------------------------------------------------------------


def _unread_messages() -> QuerySet[Message]:
    """Text messages of the outer seat's conversation that its holder has not seen: written
    after the seat began and after the last one seen, by somebody else, not hidden, and not by a
    person the holder blocked while the block stands (those are shown collapsed, never nagged
    about). To be used as a subquery of Participant."""
    blocked_then = Block.objects.filter(
        blocker_id=OuterRef(OuterRef("user_id")),
        blocked_id=OuterRef("author_id"),
        created_at__lte=OuterRef("created_at"),
    )
    return (
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            kind=MessageKind.TEXT,
            hidden_at__isnull=True,
            created_at__gte=OuterRef("joined_at"),
            created_at__gt=Coalesce(OuterRef("last_read_at"), Value(NEVER)),
        )
        .exclude(author_id=OuterRef("user_id"))
        .exclude(Exists(blocked_then))
    )


def _with_unread(seats: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotates ``unread`` on current seats (a seat that was left counts nothing)."""
    unread = (
        _unread_messages().order_by().values("conversation_id").annotate(n=Count("pk")).values("n")
    )
    return seats.annotate(
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
    )


def unread_total(user) -> int:
    """How many messages wait unread in all the person's conversations (one query), for the
    header badge."""
    if user is None or not user.is_authenticated:
        return 0
    seats = _with_unread(Participant.objects.filter(user=user, left_at__isnull=True))
    return seats.aggregate(total=Coalesce(Sum("unread"), 0))["total"]


def inbox(user, *, left: bool = False) -> QuerySet[Participant]:
    """The person's seats, newest activity first, each with its conversation, community, unread
    count and the other participants (their users prefetched: one more query per page).

    ``left=True`` lists the conversations the person left, most recently left first: their later
    activity is none of the person's business, so it does not reorder the list."""
    seats = Participant.objects.filter(user=user, left_at__isnull=not left).select_related(
        "conversation", "conversation__community"
    )
    seats = seats.prefetch_related(
        Prefetch(
            "conversation__participants",
            queryset=Participant.objects.select_related("user").order_by(
                "user__last_name", "user__first_name", "id"
            ),
        )
    )
    if left:
        return seats.annotate(unread=Value(0, output_field=IntegerField())).order_by(
            "-left_at", "-id"
        )
    return _with_unread(seats).order_by(
        F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id"
    )


# --- One conversation ------------------------------------------------------------------------


def conversation_by_pk(pk: int) -> Conversation | None:
    if not valid_pk(pk):
        return None
    return Conversation.objects.select_related("community").filter(pk=pk).first()


def message_by_pk(pk: int) -> Message | None:
    if not valid_pk(pk):
        return None
    return (
        Message.objects.select_related("conversation", "conversation__community", "author")
        .filter(pk=pk)
        .first()
    )


def conversation_participants(conversation: Conversation) -> list[Participant]:
    return list(
        Participant.objects.filter(conversation=conversation)
        .select_related("user")
        .order_by("joined_at", "user__last_name", "user__first_name", "id")
    )


def seen_participants(participants: list[Participant], seat: Participant) -> list[Participant]:
    """The participants as the seat holder knows them: a person who left sees the conversation
    as it was when they left (nobody added later, nobody's later departure)."""
    if seat.left_at is None:
        return participants
    seen = []
    for participant in participants:
        if participant.joined_at > seat.left_at:
            continue
        if participant.left_at is not None and participant.left_at > seat.left_at:
            participant.left_at = None  # not known to the reader
        seen.append(participant)
    return seen


def visible_messages(seat: Participant) -> QuerySet[Message]:
    """The messages the seat covers, oldest first, with what the page shows of each."""
    queryset = Message.objects.filter(
        conversation_id=seat.conversation_id, created_at__gte=seat.joined_at
    )
    if seat.left_at is not None:
        queryset = queryset.filter(created_at__lte=seat.left_at)
    return queryset.select_related("author", "about_user").order_by("created_at", "id")


def message_position_from_newest(seat: Participant, message: Message) -> int:
    """1-based position of the message counted from the newest the seat covers (pages of a
    conversation count back from its end)."""
    return (
        visible_messages(seat)
        .filter(
            Q(created_at__gt=message.created_at)
            | Q(created_at=message.created_at, id__gte=message.pk)
        )
        .count()
    )


def blocked_since(user) -> dict[int, datetime.datetime]:
    """{blocked person's id: when the block began} for everyone the person blocked."""
    return dict(Block.objects.filter(blocker=user).values_list("blocked_id", "created_at"))


def seats_with_unread_before(conversation: Conversation, message: Message, user_ids) -> set[int]:
    """Of these people, those who already had an unread message in the conversation before this
    one: they were told then and have not looked since, so they are not told again."""
    seats = Participant.objects.filter(conversation=conversation, user_id__in=list(user_ids))
    unread_other = (
        _unread_messages()
        .exclude(pk=message.pk)
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    earlier = seats.annotate(
        earlier=Coalesce(Subquery(unread_other, output_field=IntegerField()), 0)
    ).filter(earlier__gt=0)
    return set(earlier.values_list("user_id", flat=True))


# --- People ----------------------------------------------------------------------------------


def community_members_for_picker(
    community: Community, *, viewer, search: str = "", exclude_ids=(), limit: int = 30
) -> list[User]:
    """Active members of the community a conversation may be started with, by name."""
    from pedset.communities.selectors import text_matches

    memberships = Membership.objects.filter(
        community=community,
        status=MembershipStatus.ACTIVE,
        user__is_active=True,
        user__anonymised_at__isnull=True,
    ).exclude(user_id__in=[viewer.pk, *exclude_ids])
    for word in search.split()[:5]:
        memberships = memberships.filter(
            text_matches("user__last_name", word)
            | text_matches("user__first_name", word)
            | text_matches("user__patronymic", word)
        )
    return [
        m.user
        for m in memberships.select_related("user", "user__organisation").order_by(
            "user__last_name", "user__first_name", "user__patronymic", "id"
        )[:limit]
    ]


def people_by_pk(pks) -> list[User]:
    return list(
        User.objects.filter(pk__in=[pk for pk in pks if valid_pk(pk)])
        .select_related("organisation")
        .order_by("last_name", "first_name", "patronymic", "id")
    )


def active_members(community: Community, pks) -> list[User]:
    """Of these people, the active members of the community (active, not anonymised)."""
    return list(
        User.objects.filter(
            pk__in=[pk for pk in pks if valid_pk(pk)],
            is_active=True,
            anonymised_at__isnull=True,
            memberships__community=community,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "patronymic", "id")
    )


def blocks_made(user) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def block_of(user, person_pk) -> Block | None:
    if not valid_pk(person_pk):
        return None
    return (
        Block.objects.filter(blocker=user, blocked_id=person_pk).select_related("blocked").first()
    )


def shares_conversation(user, person) -> bool:
    """Have the two ever been in the same conversation?"""
    return Participant.objects.filter(user=person, conversation__participants__user=user).exists()


def person_by_pk(pk: int) -> User | None:
    if not valid_pk(pk):
        return None
    return User.objects.filter(pk=pk).first()

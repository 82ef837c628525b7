"""Personal-data hooks of private messages. Found by pedset.privacy.registry.

Export: the person's seats in conversations and the messages they wrote, and the people they
blocked. Erase: nothing. The messages stay with the conversations their other participants keep,
signed «Бывший участник» once the account is anonymised (accounts' hook blanks the name), like
the person's forum posts.
"""

from pedset.messaging.models import Block, Message, MessageKind, Participant


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    seats = list(
        Participant.objects.filter(user=user)
        .select_related("conversation", "conversation__community")
        .order_by("joined_at", "id")
    )
    written: dict[int, list] = {}
    for message in Message.objects.filter(author=user, kind=MessageKind.TEXT).order_by(
        "created_at", "id"
    ):
        written.setdefault(message.conversation_id, []).append(
            {
                "id": message.pk,
                "created_at": _iso(message.created_at),
                "text": message.body,
                "hidden_at": _iso(message.hidden_at),
                "hidden_reason": message.hidden_reason,
            }
        )
    conversations = [
        {
            "id": seat.conversation_id,
            "community": {
                "id": seat.conversation.community_id,
                "name": seat.conversation.community.name,
            },
            # The subject is the starter's words: exported to the person who wrote it.
            "subject": seat.conversation.subject
            if seat.conversation.created_by_id == user.pk
            else None,
            "started_by_me": seat.conversation.created_by_id == user.pk,
            "joined_at": _iso(seat.joined_at),
            "left_at": _iso(seat.left_at),
            "last_read_at": _iso(seat.last_read_at),
            "messages_written": written.get(seat.conversation_id, []),
        }
        for seat in seats
    ]
    blocks = [
        {"blocked_person_id": block.blocked_id, "since": _iso(block.created_at)}
        for block in Block.objects.filter(blocker=user).order_by("created_at", "id")
    ]
    return {"private_conversations": conversations, "blocked_people": blocks}

"""Targets of the messaging policies for the role × action table (pedset/core/permission_table.py)
and for this app's policy tests. Each takes the table's fresh community and, where it matters,
the person in the actor's position (AnonymousUser for "anonymous").

Built directly with the models, not the services: the table asks about positions (a seat held by
a person who is not a member, for instance) that the services would refuse to create.
"""

from pedset.communities.tests.factories import MembershipFactory
from pedset.messaging.models import Conversation, Message, Participant


def _conversation(community, *people):
    conversation = Conversation.objects.create(community=community, created_by=people[0])
    for person in people:
        Participant.objects.create(conversation=conversation, user=person)
    return conversation


def own_conversation(community, user):
    """A conversation of an ordinary member of the community with the actor, who holds a current
    seat in it (the anonymous visitor cannot hold one: the conversation is then the member's
    alone)."""
    other = MembershipFactory(community=community).user
    people = [other] + ([user] if getattr(user, "is_authenticated", False) else [])
    return _conversation(community, *people)


def others_conversation(community, user=None):
    """A conversation between two ordinary members of the community; the actor is not in it."""
    first = MembershipFactory(community=community).user
    second = MembershipFactory(community=community).user
    return _conversation(community, first, second)


def message_in_own_conversation(community, user):
    """A text message by the ordinary member in own_conversation."""
    conversation = own_conversation(community, user)
    return Message.objects.create(
        conversation=conversation, author=conversation.created_by, body="Здравствуйте!"
    )


def reported_message(community, user=None):
    """A text message by an ordinary member in a conversation between two ordinary members, which
    the other one reported to the moderators; the actor is not in the conversation."""
    from pedset.moderation.models import Flag, FlagReason

    conversation = others_conversation(community)
    author, reporter = [p.user for p in conversation.participants.order_by("id")]
    message = Message.objects.create(conversation=conversation, author=author, body="Грубость")
    Flag.objects.create(
        community=community, reporter=reporter, reason=FlagReason.INSULT, message=message
    )
    return message

"""Only participants read a conversation — by any address that names a conversation or a
message, for every kind of person. Everybody else gets 404, exactly as for an id that does not
exist (moderators, the community's managers and the platform administrator included; they see a
reported message only in the moderation queue). Signed-out readers are sent to log in, for
existing and missing ids alike."""

import pytest
from django.urls import NoReverseMatch, reverse

from pedset.accounts.models import PlatformRole
from pedset.accounts.tests.factories import UserFactory
from pedset.core.testing import ACTORS
from pedset.messaging import services
from pedset.messaging.models import Block, Conversation, Message, Participant

pytestmark = pytest.mark.django_db

MISSING = 987654321


def _flag_route():
    try:
        reverse("moderation:flag_message", args=[1])
    except NoReverseMatch:
        return None
    return "moderation:flag_message"


# (url name, what the id names, method)
ADDRESSES = [
    ("messaging:conversation", "conversation", "get"),
    ("messaging:reply", "conversation", "post"),
    ("messaging:leave", "conversation", "get"),
    ("messaging:leave", "conversation", "post"),
    ("messaging:add", "conversation", "get"),
    ("messaging:add", "conversation", "post"),
    ("messaging:message", "message", "get"),
    ("moderation:flag_message", "message", "get"),
    ("moderation:flag_message", "message", "post"),
]
OUTSIDERS = [actor for actor in ACTORS if actor != "anonymous"] + ["superuser", "former"]


def _state():
    return (
        Conversation.objects.count(),
        Message.objects.count(),
        list(Participant.objects.values_list("user_id", "left_at").order_by("id")),
        Block.objects.count(),
    )


@pytest.fixture
def world(community, member, start, flag):
    """Anna and Boris talk; Vera was in it and left before the last message, which is reported
    (so it is in the moderation queue)."""
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, vera, community=community, body="Первое")
    services.conversation_leave(actor=vera, conversation=conversation)
    later = services.message_send(actor=boris, conversation=conversation, body="После ухода Веры")
    flag(later, anna)
    return {"community": community, "conversation": conversation, "later": later, "vera": vera}


def _person(actor, world, make_person):
    if actor == "former":
        return world["vera"]
    if actor == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return make_person(actor, world["community"])


def _path(name, kind, world, existing=True):
    if existing:
        pk = world["conversation"].pk if kind == "conversation" else world["later"].pk
    else:
        pk = MISSING
    return reverse(name, args=[pk])


@pytest.mark.parametrize("actor", OUTSIDERS)
@pytest.mark.parametrize(("name", "kind", "method"), ADDRESSES)
def test_nobody_but_participants_reads_by_any_address(
    client, world, make_person, actor, name, kind, method
):
    if name.startswith("moderation:") and _flag_route() is None:
        pytest.skip("the moderation app has no report form yet")
    # given a person in the actor's position in the conversation's community
    person = _person(actor, world, make_person)
    if actor == "platform_admin":
        assert PlatformRole.objects.filter(user=person).exists()
    client.force_login(person)
    before = _state()

    # when they ask for the conversation or the message, or post to it
    data = {"body": "Подслушано", "participants": [person.pk], "reason": "insult"}
    existing = getattr(client, method)(_path(name, kind, world), data)
    missing = getattr(client, method)(_path(name, kind, world, existing=False), data)

    # then the answer is the same 404 as for an id that does not exist, and nothing changed
    if actor == "revoked":  # an account that cannot sign in is treated as signed out
        assert existing.status_code == missing.status_code == 302
    elif actor == "former" and kind == "conversation":
        # Vera keeps what came before she left (test_a_former_participant_still_reads...),
        # never what came after, and can change nothing
        assert existing.status_code in {200, 302} and missing.status_code == 404
        if existing.status_code == 302:
            existing = client.get(existing["Location"])
    else:
        assert existing.status_code == 404, (actor, name, method)
        assert missing.status_code == 404
    assert "После ухода Веры" not in existing.content.decode()
    assert _state() == before


@pytest.mark.parametrize(("name", "kind", "method"), ADDRESSES)
def test_signed_out_readers_are_sent_to_log_in_alike(client, world, name, kind, method):
    if name.startswith("moderation:") and _flag_route() is None:
        pytest.skip("the moderation app has no report form yet")
    before = _state()

    existing = getattr(client, method)(_path(name, kind, world))
    missing = getattr(client, method)(_path(name, kind, world, existing=False))

    assert existing.status_code == missing.status_code == 302
    assert existing["Location"].startswith(reverse("accounts:login"))
    assert existing["Location"].split("?")[0] == missing["Location"].split("?")[0]
    assert _state() == before


@pytest.mark.parametrize("who", ["starter", "author_of_the_last"])
def test_participants_read_by_every_address(client, world, who):
    conversation, later = world["conversation"], world["later"]
    user = conversation.created_by if who == "starter" else later.author
    client.force_login(user)

    assert client.get(reverse("messaging:conversation", args=[conversation.pk])).status_code == 200
    assert client.get(reverse("messaging:message", args=[later.pk])).status_code == 302
    assert client.get(reverse("messaging:leave", args=[conversation.pk])).status_code == 200
    assert client.get(reverse("messaging:add", args=[conversation.pk])).status_code == 200
    if _flag_route() is not None and who == "starter":  # one reports others' messages only
        assert client.get(reverse("moderation:flag_message", args=[later.pk])).status_code == 200


def test_a_former_participant_still_reads_what_came_before(client, world):
    conversation = world["conversation"]
    first = conversation.messages.order_by("created_at", "id").first()
    client.force_login(world["vera"])

    page = client.get(reverse("messaging:conversation", args=[conversation.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Первое" in html and "После ухода Веры" not in html
    assert client.get(reverse("messaging:message", args=[first.pk])).status_code == 302
    assert client.get(reverse("messaging:message", args=[world["later"].pk])).status_code == 404


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999", "-1"])
def test_impossible_ids_are_not_found(client, world, pk):
    client.force_login(world["vera"])
    for prefix in ("/messages/", "/messages/m/"):
        response = client.get(f"{prefix}{pk}/")
        assert response.status_code == 404


def test_newcomers_do_not_read_what_came_before_they_were_added(client, world, member, community):
    conversation = world["conversation"]
    anna = conversation.created_by
    gleb = member()
    services.participants_add(actor=anna, conversation=conversation, people=[gleb])
    client.force_login(gleb)

    html = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()

    assert "Первое" not in html and "После ухода Веры" not in html
    assert client.get(reverse("messaging:message", args=[world["later"].pk])).status_code == 404

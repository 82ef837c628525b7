"""Query budgets: each list page costs the same number of queries at two data sizes.

Each budget is the count measured today plus 2, so that a middleware another app adds does not
break it; an N+1 would still blow it at the larger size."""

import pytest
from django.urls import reverse

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import MembershipFactory
from pedset.messaging import selectors, services
from pedset.messaging.models import Block

pytestmark = pytest.mark.django_db

INBOX_BUDGET = 10
CONVERSATION_BUDGET = 18
SETTINGS_BUDGET = 8
PICKER_BUDGET = 10


@pytest.mark.parametrize("conversations", [3, 60])
def test_inbox_budget(
    community, member, start, signed_in, conversations, django_assert_max_num_queries
):
    anna = member()
    for n in range(conversations):
        others = [member() for _ in range(1 + n % 3)]
        conversation = start(others[0], anna, *others[1:], community=community)
        services.message_send(actor=others[-1], conversation=conversation, body="ещё")
    client = signed_in(anna)

    with django_assert_max_num_queries(INBOX_BUDGET):
        response = client.get(reverse("messaging:inbox"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == min(conversations, 25)


@pytest.mark.parametrize("conversations", [3, 60])
def test_left_inbox_budget(
    community, member, start, signed_in, conversations, django_assert_max_num_queries
):
    anna = member()
    for _ in range(conversations):
        conversation = start(member(), anna, member(), community=community)
        services.conversation_leave(actor=anna, conversation=conversation)
    client = signed_in(anna)

    with django_assert_max_num_queries(INBOX_BUDGET):
        response = client.get(reverse("messaging:inbox"), {"left": "1"})

    assert len(response.context["rows"]) == min(conversations, 25)


@pytest.mark.parametrize("messages", [3, 60])
def test_conversation_budget(
    community, member, start, signed_in, messages, django_assert_max_num_queries
):
    anna, boris, vera = member(), member(), member()
    conversation = start(anna, boris, vera, community=community)
    services.person_block(actor=anna, person=vera)
    for n in range(messages - 1):
        services.message_send(actor=(boris, vera)[n % 2], conversation=conversation, body=f"{n}")
    client = signed_in(anna)

    with django_assert_max_num_queries(CONVERSATION_BUDGET):
        response = client.get(reverse("messaging:conversation", args=[conversation.pk]))

    assert response.status_code == 200
    assert len(response.context["rows"]) == min(messages, 20)


@pytest.mark.parametrize("blocks", [3, 60])
def test_settings_budget(member, signed_in, blocks, django_assert_max_num_queries):
    anna = member()
    Block.objects.bulk_create([Block(blocker=anna, blocked=UserFactory()) for _ in range(blocks)])
    client = signed_in(anna)

    with django_assert_max_num_queries(SETTINGS_BUDGET):
        response = client.get(reverse("messaging:settings"))

    assert len(response.context["page_obj"].object_list) == min(blocks, 50)


@pytest.mark.parametrize("members", [3, 60])
def test_picker_budget(community, member, signed_in, members, django_assert_max_num_queries):
    anna = member()
    MembershipFactory.create_batch(members, community=community)
    ticked = [member().pk for _ in range(3)]
    client = signed_in(anna)

    with django_assert_max_num_queries(PICKER_BUDGET):
        response = client.post(
            reverse("messaging:new"),
            {"community": community.pk, "participants": ticked, "action": "search", "q": ""},
        )

    assert len(response.context["chosen"]) == 3
    assert len(response.context["results"]) == min(members, 30)


@pytest.mark.parametrize("conversations", [3, 60])
def test_unread_total_is_one_query(
    community, member, start, conversations, django_assert_num_queries
):
    anna = member()
    for _ in range(conversations):
        start(member(), anna, community=community)

    with django_assert_num_queries(1):
        assert selectors.unread_total(anna) == conversations

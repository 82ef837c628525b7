"""Query budgets: the queue, the log and a member's history cost the same number of queries for
3 rows and for 30. Each budget is today's count plus 2 (room for another app's middleware); an
N+1 would still blow it at 30 rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.communities.tests.factories import MembershipFactory
from pedset.moderation import services
from pedset.moderation.log import moderation_record
from pedset.moderation.models import MemberWarning, ModerationAction, Suspension
from pedset.moderation.tests.factories import fresh, make_conversation, make_message, make_post

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
QUEUE_BUDGET = 12
LOG_BUDGET = 10
MEMBER_BUDGET = 15


@pytest.mark.parametrize("rows", SIZES)
def test_queue_budget(
    settings, signed_in, community, moderator, rows, django_assert_max_num_queries
):
    settings.MODERATION_FLAG_LIMIT = 1000
    # given reported posts and messages, two reports each, and current suspensions
    reporters = [MembershipFactory(community=community).user for _ in range(2)]
    for i in range(rows):
        if i % 2:
            item = {"post": make_post(community, body=f"Сообщение **{i}**")}
            people = reporters
        else:
            author = MembershipFactory(community=community).user
            conversation = make_conversation(community, [author, *reporters])
            item = {"message": make_message(community, author=author, conversation=conversation)}
            people = reporters
        for person in people:
            services.flag_create(actor=fresh(person), reason="insult", comment="Грубо", **item)
        Suspension.objects.create(
            community=community,
            user=MembershipFactory(community=community).user,
            reason="Спам",
            ends_at=timezone.now() + datetime.timedelta(days=3),
        )
    client = signed_in(moderator)
    url = reverse("moderation:queue", args=[community.slug])
    with django_assert_max_num_queries(QUEUE_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<section class="card"') == min(rows, 20)


def _log_entries(community, moderator, member, post, rows):
    for i in range(rows):
        moderation_record(
            [
                ModerationAction.Action.HIDE,
                ModerationAction.Action.WARN,
                ModerationAction.Action.LOCK,
            ][i % 3],
            community=community,
            actor=moderator,
            reason=f"Причина {i}",
            post=post if i % 3 == 0 else None,
            topic=post.topic if i % 3 == 2 else None,
            target_user=member,
        )


@pytest.mark.parametrize("rows", SIZES)
def test_log_budget(
    signed_in, community, moderator, coordinator, member, rows, django_assert_max_num_queries
):
    post = make_post(community, author=member)
    _log_entries(community, moderator, member, post, rows)
    client = signed_in(coordinator)
    url = reverse("moderation:log", args=[community.slug])
    with django_assert_max_num_queries(LOG_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == rows + 1


@pytest.mark.parametrize("rows", SIZES)
def test_member_page_budget(
    signed_in, community, moderator, member, rows, django_assert_max_num_queries
):
    post = make_post(community, author=member)
    _log_entries(community, moderator, member, post, rows)
    for i in range(rows):
        MemberWarning.objects.create(
            community=community, user=member, issued_by=moderator, reason=f"Тон {i}", post=post
        )
        Suspension.objects.create(
            community=community,
            user=member,
            issued_by=moderator,
            lifted_by=moderator,
            lifted_at=timezone.now(),
            reason=f"Спам {i}",
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )
    client = signed_in(moderator)
    url = reverse("moderation:member", args=[community.slug, member.pk])
    with django_assert_max_num_queries(MEMBER_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Тон ") == rows

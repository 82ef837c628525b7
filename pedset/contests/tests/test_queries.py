"""Query budgets: the same number of queries for 3 and for 30 entries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.contests.models import Placing
from pedset.contests.tests import factories
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def judged_contest(community, size, *, closed=False):
    """A contest with two nominations, two criteria, three jurors and ``size`` entries, each
    with a co-author and a file, scored by two of the jurors."""
    event = (factories.closed_contest if closed else factories.contest)(community)
    nominations = [factories.nomination(event), factories.nomination(event)]
    factories.criterion(event, max_score=10)
    factories.criterion(event, max_score=5)
    jury = [factories.juror(event), factories.juror(event), factories.juror(event)]
    school = OrganisationFactory()
    for n in range(size):
        author = factories.member(event, user__organisation=school)
        entry = factories.entry(
            event,
            author,
            coauthors=[factories.member(event)],
            nomination=nominations[n % 2],
            with_file=True,
        )
        for seat in jury[:2]:
            factories.score_fully(seat, entry, n % 6, n % 4)
    return event, jury


@pytest.mark.parametrize("size", SIZES)
def test_jury_page_budget(client, community, size, django_assert_max_num_queries):
    event, jury = judged_contest(community, size)
    client.force_login(jury[0].user)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("contests:jury", args=[event.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_score_page_budget(client, community, size, django_assert_max_num_queries):
    event, jury = judged_contest(community, size)
    entry = event.entries.first()
    client.force_login(jury[0].user)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("contests:score", args=[entry.pk]))
    assert response.status_code == 200


def publish(event):
    for n, entry in enumerate(event.entries.order_by("id")):
        entry.placing = [Placing.WINNER, Placing.PRIZE_WINNER, Placing.PARTICIPANT][min(n, 2)]
        entry.degree = {0: 1, 1: 2}.get(n)
        entry.save()
    event.results_published_at = timezone.now()
    event.save()


@pytest.mark.parametrize("size", SIZES)
def test_results_page_budget(client, community, size, django_assert_max_num_queries):
    event, _jury = judged_contest(community, size, closed=True)
    publish(event)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("contests:results", args=[event.pk]))
    assert response.status_code == 200
    member = factories.member(event)
    client.force_login(member)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("contests:results", args=[event.pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_entries_page_budget(client, community, coordinator, size, django_assert_max_num_queries):
    event, _jury = judged_contest(community, size)
    client.force_login(coordinator)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("contests:entries", args=[event.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_results_manage_budget(client, community, coordinator, size, django_assert_max_num_queries):
    event, _jury = judged_contest(community, size, closed=True)
    from pedset.contests import services

    services.results_compute(actor=coordinator, event=event)
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("contests:results_manage", args=[event.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_event_page_panel_budget(client, community, size, django_assert_max_num_queries):
    # the panel adds a fixed number of queries whatever the number of entries
    event, jury = judged_contest(community, size)
    client.force_login(jury[0].user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("events:detail", args=[event.pk]))
    assert reverse("contests:jury", args=[event.pk]) in response.content.decode()

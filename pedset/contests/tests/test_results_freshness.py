"""Results prepared before the last scores are never published (contests.services
results_compute / results_publish, the results preparation page)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from pedset.contests import selectors, services
from pedset.contests.models import ContestEntry, Placing
from pedset.contests.services import ActionRefused
from pedset.contests.tests import factories
from pedset.events.models import EventForm

pytestmark = pytest.mark.django_db

STALE = "scores changed after the results were prepared"


@pytest.fixture
def prepared(community, coordinator):
    """A closed contest, one criterion, two entries scored by the first juror, the results
    prepared (A wins); a second juror who has not scored yet."""
    event = factories.closed_contest(community)
    criterion = factories.criterion(event, max_score=10)
    first = factories.entry(event, title="A")
    second = factories.entry(event, title="B")
    early, late = factories.juror(event), factories.juror(event)
    factories.score_fully(early, first, 9)
    factories.score_fully(early, second, 5)
    services.results_compute(actor=coordinator, event=event)
    return event, criterion, first, second, late


def test_scores_given_after_the_results_were_prepared_refuse_the_publication(prepared, coordinator):
    # given results prepared with A ahead, then a juror's scores that put B ahead
    event, criterion, first, second, late = prepared
    services.entry_score(actor=late.user, entry=second, scores={criterion.pk: (10, "")})
    services.entry_score(actor=late.user, entry=first, scores={criterion.pk: (0, "")})

    # when the coordinator publishes the old results, then it is refused and nothing is fixed
    with pytest.raises(ActionRefused, match=STALE):
        services.results_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    assert event.results_published_at is None

    # and once prepared again the published ranks follow the latest totals
    services.results_compute(actor=coordinator, event=event)
    services.results_publish(actor=coordinator, event=event)
    totals = selectors.totals(event)
    second.refresh_from_db()
    assert second.placing == Placing.WINNER
    assert second.total_score == totals[second.pk] == 7.5


def test_an_entry_refused_after_the_results_were_prepared_refuses_the_publication(
    prepared, coordinator
):
    event, _criterion, first, _second, _late = prepared
    services.entry_disqualify(actor=coordinator, entry=first, reason="Плагиат")
    with pytest.raises(ActionRefused, match=STALE):
        services.results_publish(actor=coordinator, event=event)


def test_a_score_stored_later_than_the_preparation_counts_whoever_wrote_it(prepared, coordinator):
    # given a score written outside the services (an admin, a script) after the preparation
    event, _criterion, first, _second, late = prepared
    with time_machine.travel(datetime.timedelta(minutes=1)):
        factories.score_fully(late, first, 1)
        # then the results are stale
        assert selectors.results_stale(event)
        with pytest.raises(ActionRefused, match=STALE):
            services.results_publish(actor=coordinator, event=event)


def test_results_never_prepared_are_not_published(community, coordinator):
    # given placings set by hand (not by the preparation)
    event = factories.closed_contest(community, form=EventForm.PROJECT)
    factories.entry(event, placing=Placing.WINNER, degree=1)
    with pytest.raises(ActionRefused, match="Prepare the results"):
        services.results_publish(actor=coordinator, event=event)


def test_the_preparation_page_says_the_results_are_stale(client, prepared, coordinator):
    event, criterion, first, _second, late = prepared
    url = reverse("contests:results_manage", args=[event.pk])
    publish = reverse("contests:results_publish", args=[event.pk])
    client.force_login(coordinator)
    assert publish in client.get(url).content.decode()

    services.entry_score(actor=late.user, entry=first, scores={criterion.pk: (1, "")})
    page = client.get(url).content.decode()
    assert "Оценки изменились после подготовки итогов: подготовьте итоги заново" in page
    assert publish not in page  # no publish button for stale results

    response = client.post(publish)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.results_published_at is None
    assert ContestEntry.objects.get(pk=first.pk).placing == Placing.WINNER

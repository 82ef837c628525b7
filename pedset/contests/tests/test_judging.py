"""Judging and results: scores, conflicts of interest, totals and ranks with ties, placings,
publication and what it freezes (contests.services, contests.selectors)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.contests import selectors, services
from pedset.contests.models import ContestEntry, JuryScore, Placing
from pedset.contests.services import ActionRefused
from pedset.contests.tests import factories
from pedset.core.models import AuditEvent, Notification
from pedset.events.models import EventForm
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(contest):
    """A contest with two criteria (max 10 and 5), a juror and an entry of another member."""
    first = factories.criterion(contest, "Актуальность", max_score=10)
    second = factories.criterion(contest, "Оформление", max_score=5)
    seat = factories.juror(contest)
    entry = factories.entry(contest)
    return contest, seat, entry, (first, second)


def scores(criteria, *values, comment=""):
    return {c.pk: (v, comment) for c, v in zip(criteria, values, strict=True)}


def close(event):
    """Entries no longer accepted (the deadline moved into the past)."""
    event.submissions_close_at = timezone.now() - datetime.timedelta(hours=1)
    event.save(update_fields=["submissions_close_at"])
    return event


# --- Scores ------------------------------------------------------------------------------------


def test_a_juror_scores_every_criterion(judged):
    event, seat, entry, criteria = judged
    services.entry_score(
        actor=seat.user, entry=entry, scores=scores(criteria, 8, 4, comment="Хорошо")
    )
    assert sorted(JuryScore.objects.values_list("score", flat=True)) == [4, 8]
    assert AuditEvent.objects.filter(action="contest_score_given", target_id=str(entry.pk))

    # scoring again replaces the scores
    services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, 10, 5))
    assert sorted(JuryScore.objects.values_list("score", flat=True)) == [5, 10]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((11, 4), "from 0 to 10"),
        ((-1, 4), "from 0 to 10"),
        ((8, 6), "from 0 to 5"),
        (("восемь", 4), "whole number"),
        ((7.5, 4), "whole number"),
        ((None, 4), "whole number"),
    ],
)
def test_scores_outside_the_range_are_refused(judged, values, message):
    event, seat, entry, criteria = judged
    with pytest.raises(ActionRefused, match=message):
        services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, *values))
    assert not JuryScore.objects.exists()


def test_every_criterion_needs_a_score_and_only_the_contests(judged, community):
    event, seat, entry, (first, second) = judged
    foreign = factories.criterion(factories.contest(community))
    with pytest.raises(ActionRefused, match="Give a score"):
        services.entry_score(actor=seat.user, entry=entry, scores={first.pk: (5, "")})
    with pytest.raises(ActionRefused, match="unknown criterion"):
        services.entry_score(
            actor=seat.user,
            entry=entry,
            scores={first.pk: (5, ""), second.pk: (3, ""), foreign.pk: (1, "")},
        )
    assert not JuryScore.objects.exists()


def test_a_long_comment_is_refused(judged):
    event, seat, entry, criteria = judged
    with pytest.raises(ActionRefused, match="too long"):
        services.entry_score(
            actor=seat.user, entry=entry, scores=scores(criteria, 5, 5, comment="я" * 3001)
        )


def test_only_a_juror_scores(judged, member, coordinator):
    event, seat, entry, criteria = judged
    for person in (member, coordinator):
        with pytest.raises(PermissionDenied):
            services.entry_score(actor=person, entry=entry, scores=scores(criteria, 5, 5))


def test_an_entry_not_admitted_is_not_scored(judged, coordinator):
    event, seat, entry, criteria = judged
    services.entry_disqualify(actor=coordinator, entry=entry, reason="Не по теме")
    with pytest.raises(ActionRefused, match="not admitted"):
        services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, 5, 5))


# --- Conflicts of interest ---------------------------------------------------------------------


def test_a_juror_does_not_judge_their_own_entry(judged):
    event, seat, _entry, criteria = judged
    own = factories.entry(event, seat.user)
    with pytest.raises(ActionRefused, match="author of this entry"):
        services.entry_score(actor=seat.user, entry=own, scores=scores(criteria, 10, 5))
    assert own not in selectors.judged_entries(seat)


def test_a_juror_does_not_judge_a_co_authored_entry(judged):
    event, seat, _entry, criteria = judged
    coauthored = factories.entry(event, coauthors=[seat.user])
    with pytest.raises(ActionRefused, match="author of this entry"):
        services.entry_score(actor=seat.user, entry=coauthored, scores=scores(criteria, 10, 5))
    assert coauthored not in selectors.judged_entries(seat)


def test_a_juror_does_not_judge_their_organisations_entry(judged):
    # given a juror of a school and an entry from the same school by a colleague
    event, seat, other, criteria = judged
    school = OrganisationFactory()
    seat.user.organisation = school
    seat.user.save()
    colleague = factories.member(event, user__organisation=school)
    same_school = factories.entry(event, colleague)

    # when the juror scores it, then it is refused and it is not offered
    with pytest.raises(ActionRefused, match="your organisation"):
        services.entry_score(actor=seat.user, entry=same_school, scores=scores(criteria, 10, 5))
    offered = list(selectors.judged_entries(seat))
    assert offered == [other]
    assert not JuryScore.objects.exists()


def test_the_organisation_fixed_at_submission_decides(judged):
    # given an entry from the juror's school whose author then moved elsewhere
    event, seat, _other, criteria = judged
    school = OrganisationFactory()
    seat.user.organisation = school
    seat.user.save()
    mover = factories.member(event, user__organisation=school)
    entry = factories.entry(event, mover)
    mover.organisation = OrganisationFactory()
    mover.save()

    # then the entry is still of the juror's organisation
    with pytest.raises(ActionRefused, match="your organisation"):
        services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, 1, 1))


def test_the_jurys_progress_counts_only_entries_a_juror_may_judge(judged):
    event, seat, entry, criteria = judged
    factories.entry(event, seat.user)  # their own: not counted
    second = factories.entry(event)
    factories.score_fully(seat, entry, 5)
    other_seat = factories.juror(event)
    factories.score_fully(other_seat, entry, 5)
    factories.score_fully(other_seat, second, 5)

    progress = {row.seat.pk: (row.scored, row.total) for row in selectors.jury_progress(event)}
    assert progress == {seat.pk: (1, 2), other_seat.pk: (2, 3)}


# --- Totals and ranks --------------------------------------------------------------------------


def test_competition_ranks_share_ties():
    ranks = services.competition_ranks(
        {"a": Decimal(9), "b": Decimal(9), "c": Decimal(7), "d": None}
    )
    assert ranks == {"a": 1, "b": 1, "c": 3}
    assert services.competition_ranks({"a": 5, "b": 4, "c": 4, "d": 1}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_the_total_is_the_mean_over_jurors_who_scored_fully(judged):
    # given two jurors scoring fully and a third scoring one criterion only
    event, first, entry, (relevance, design) = judged
    second, third = factories.juror(event), factories.juror(event)
    factories.score_fully(first, entry, 10, 5)  # 15
    factories.score_fully(second, entry, 6, 2)  # 8
    JuryScore.objects.create(entry=entry, juror=third, criterion=relevance, score=0)

    # then the total is (15 + 8) / 2 and the partial sheet does not count
    assert selectors.totals(event) == {entry.pk: Decimal("11.50")}


def test_ranking_with_ties_within_nominations_and_suggested_placings(community, coordinator):
    # given two nominations with entries scored by two jurors
    event = factories.closed_contest(community)
    factories.criterion(event, max_score=10)
    lessons, projects = factories.nomination(event), factories.nomination(event)
    jury = [factories.juror(event), factories.juror(event)]
    sums = {"A": (9, 9), "B": (10, 8), "C": (7, 7), "D": (5, 6), "E": (3, 3)}
    made = {title: factories.entry(event, nomination=lessons, title=title) for title in sums}
    for title, values in sums.items():
        for seat, value in zip(jury, values, strict=True):
            factories.score_fully(seat, made[title], value)
    alone = factories.entry(event, nomination=projects, title="F")
    factories.score_fully(jury[0], alone, 2)
    unscored = factories.entry(event, nomination=projects, title="G")

    # when the results are computed
    services.results_compute(actor=coordinator, event=event)

    # then A and B share the first place (both winners), C is third (prize-winner III), the
    # rest participants; in the other nomination F is first and G, without scores, unranked
    rows = {
        e.title: (e.total_score, e.rank, e.placing, e.degree) for e in ContestEntry.objects.all()
    }
    assert rows["A"] == (Decimal("9.00"), 1, Placing.WINNER, 1)
    assert rows["B"] == (Decimal("9.00"), 1, Placing.WINNER, 1)
    assert rows["C"] == (Decimal("7.00"), 3, Placing.PRIZE_WINNER, 3)
    assert rows["D"] == (Decimal("5.50"), 4, Placing.PARTICIPANT, None)
    assert rows["E"][1:] == (5, Placing.PARTICIPANT, None)
    assert rows["F"] == (Decimal("2.00"), 1, Placing.WINNER, 1)
    assert rows["G"] == (None, None, Placing.PARTICIPANT, None)
    assert unscored.pk


def test_results_wait_for_the_deadline(judged, coordinator):
    event, *_ = judged
    with pytest.raises(ActionRefused, match="after entries are no longer accepted"):
        services.results_compute(actor=coordinator, event=event)
    with pytest.raises(ActionRefused, match="after entries are no longer accepted"):
        services.results_publish(actor=coordinator, event=event)
    assert not ContestEntry.objects.exclude(placing="").exists()


def test_a_project_without_jury_gets_participants_then_placings_by_hand(community, coordinator):
    project = factories.closed_contest(community, form=EventForm.PROJECT)
    first, second = factories.entry(project), factories.entry(project)
    services.results_compute(actor=coordinator, event=project)
    assert set(ContestEntry.objects.values_list("placing", flat=True)) == {Placing.PARTICIPANT}

    changed = services.placings_set(
        actor=coordinator, event=project, placings={first.pk: "winner", second.pk: "prize_winner_3"}
    )
    assert changed == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.placing, first.degree) == (Placing.WINNER, 1)
    assert (second.placing, second.degree) == (Placing.PRIZE_WINNER, 3)
    assert AuditEvent.objects.filter(action="contest_placings_changed").count() == 1


def test_bad_placings_are_refused(community, coordinator):
    event = factories.closed_contest(community)
    entry = factories.entry(event)
    foreign = factories.entry(factories.closed_contest(community))
    withdrawn = factories.entry(event, status="withdrawn")
    for placings, message in [
        ({entry.pk: "champion"}, "from the list"),
        ({foreign.pk: "winner"}, "not among the admitted"),
        ({withdrawn.pk: "winner"}, "not among the admitted"),
        ({"x": "winner"}, "not among the admitted"),
    ]:
        with pytest.raises(ActionRefused, match=message):
            services.placings_set(actor=coordinator, event=event, placings=placings)
    assert not ContestEntry.objects.filter(placing=Placing.WINNER).exists()


# --- Publication -------------------------------------------------------------------------------


@pytest.fixture
def ready(judged, coordinator):
    """The judged contest closed, scored and computed."""
    event, seat, entry, criteria = judged
    close(event)
    services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, 8, 4))
    services.results_compute(actor=coordinator, event=event)
    return event, seat, entry, criteria


def test_publication_tells_the_authors_and_is_audited(
    ready, coordinator, django_capture_on_commit_callbacks
):
    event, seat, entry, _criteria = ready
    colleague = factories.member(event)
    entry.authors.create(user=colleague, position=1)

    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(actor=coordinator, event=event)

    event.refresh_from_db()
    assert event.results_published_at is not None
    told = Notification.objects.filter(kind="contest", url=f"/contests/{event.pk}/results/")
    assert set(told.values_list("recipient", flat=True)) == {entry.submitted_by_id, colleague.pk}
    assert AuditEvent.objects.filter(action="contest_results_published", target_id=str(event.pk))


def test_publication_needs_prepared_results(judged, coordinator):
    event, *_ = judged
    close(event)
    with pytest.raises(ActionRefused, match="Prepare the results"):
        services.results_publish(actor=coordinator, event=event)


def test_publication_needs_an_admitted_entry(community, coordinator):
    event = factories.closed_contest(community)
    with pytest.raises(ActionRefused, match="no admitted entry"):
        services.results_publish(actor=coordinator, event=event)


def test_only_managers_publish(ready, member):
    event, *_ = ready
    with pytest.raises(PermissionDenied):
        services.results_publish(actor=member, event=event)


def test_publication_freezes_scores_placings_and_entries(ready, coordinator):
    event, seat, entry, criteria = ready
    services.results_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    entry.refresh_from_db()
    before = sorted(JuryScore.objects.values_list("score", flat=True))

    with pytest.raises(ActionRefused, match="scores can no longer change"):
        services.entry_score(actor=seat.user, entry=entry, scores=scores(criteria, 1, 1))
    with pytest.raises(ActionRefused, match="already published"):
        services.results_publish(actor=coordinator, event=event)
    for write in (
        lambda: services.results_compute(actor=coordinator, event=event),
        lambda: services.placings_set(
            actor=coordinator, event=event, placings={entry.pk: "winner"}
        ),
        lambda: services.entry_disqualify(actor=coordinator, entry=entry, reason="Поздно"),
        lambda: services.criterion_add(actor=coordinator, event=event, name="Ещё", max_score=3),
    ):
        with pytest.raises(ActionRefused, match="results are published"):
            write()
    assert sorted(JuryScore.objects.values_list("score", flat=True)) == before
    entry.refresh_from_db()
    assert entry.status == "submitted"


# --- What the certificates read ----------------------------------------------------------------


def test_placed_authors_only_after_publication(ready, coordinator):
    event, seat, entry, _criteria = ready
    colleague = factories.member(event)
    entry.authors.create(user=colleague, position=1)
    assert selectors.placed_authors(event) == []

    services.results_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    rows = selectors.placed_authors(event)
    assert [(user.pk, e.pk, placing) for user, e, placing in rows] == [
        (entry.submitted_by_id, entry.pk, Placing.WINNER),
        (colleague.pk, entry.pk, Placing.WINNER),
    ]


def test_placed_authors_leave_out_entries_not_admitted(community, coordinator):
    event = factories.closed_contest(community, form=EventForm.PROJECT)
    kept = factories.entry(event)
    dropped = factories.entry(event)
    services.results_compute(actor=coordinator, event=event)
    services.entry_disqualify(actor=coordinator, entry=dropped, reason="Плагиат")
    services.results_compute(actor=coordinator, event=event)  # the refusal made them stale
    services.results_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    assert [e.pk for _u, e, _p in selectors.placed_authors(event)] == [kept.pk]

"""Reads of contests. Each page's reads cost a fixed number of queries whatever the number of
entries, jurors and scores: lists select their nominations and organisations and prefetch the
authors; the jury's progress and the totals are counted from one read of the scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, Prefetch, Q

from pedset.contests.models import (
    ContestCriterion,
    ContestEntry,
    ContestResults,
    EntryAuthor,
    EntryStatus,
    JuryMember,
    JuryScore,
    Nomination,
    Placing,
)
from pedset.core.policies import is_active_user

HUNDREDTH = Decimal("0.01")
PLACED = (Placing.WINNER, Placing.PRIZE_WINNER)


def _authors():
    return Prefetch(
        "authors",
        queryset=EntryAuthor.objects.select_related("user").order_by("position", "id"),
    )


def entry_for_page(pk) -> ContestEntry | None:
    """An entry with its event, nomination, organisation, material, authors and files."""
    return (
        ContestEntry.objects.select_related(
            "event__community", "nomination", "organisation", "submitted_by", "material"
        )
        .prefetch_related(_authors(), "files")
        .filter(pk=pk)
        .first()
    )


def criteria_of(event) -> list[ContestCriterion]:
    return list(ContestCriterion.objects.filter(event=event).order_by("position", "id"))


def nominations_of(event) -> list[Nomination]:
    return list(Nomination.objects.filter(event=event).order_by("position", "id"))


def jury_of(event) -> list[JuryMember]:
    """The jury with its users, the chair first."""
    return list(
        JuryMember.objects.filter(event=event)
        .select_related("user__organisation")
        .order_by("-is_chair", "user__last_name", "user__first_name", "id")
    )


def my_entries(user, event) -> list[ContestEntry]:
    """The entries the person wrote or co-wrote (any status), newest last."""
    if not is_active_user(user):
        return []
    return list(
        ContestEntry.objects.filter(event=event, authors__user=user)
        .select_related("nomination")
        .order_by("submitted_at", "id")
        .distinct()
    )


def entries_for_managers(event) -> list[ContestEntry]:
    """Every entry with its nomination, organisation, authors and files, each annotated with
    ``jurors_done``: how many jurors scored it fully."""
    entries = list(
        ContestEntry.objects.filter(event=event)
        .select_related("nomination", "organisation", "material")
        .prefetch_related(_authors(), "files")
        .order_by("nomination__position", "nomination_id", "submitted_at", "id")
    )
    done = Counter(entry_id for _juror_id, entry_id in _fully_scored(event))
    for entry in entries:
        entry.jurors_done = done[entry.pk]
    return entries


def _fully_scored(event) -> set[tuple[int, int]]:
    """(juror id, entry id) of every admitted entry a juror has scored on every criterion."""
    criteria = ContestCriterion.objects.filter(event=event).count()
    if not criteria:
        return set()
    rows = (
        JuryScore.objects.filter(entry__event=event, entry__status=EntryStatus.SUBMITTED)
        .values("juror_id", "entry_id")
        .annotate(n=Count("criterion_id", distinct=True))
    )
    return {(row["juror_id"], row["entry_id"]) for row in rows if row["n"] >= criteria}


def _conflicted(user, author_ids, organisation_ids) -> bool:
    return user.pk in author_ids or (
        user.organisation_id is not None and user.organisation_id in organisation_ids
    )


def judged_entries(seat: JuryMember):
    """The admitted entries the juror may judge (not their own, not co-written by them, not of
    their organisation: neither the submitter's at submission nor any author's now), with their nomination and ``my_scores``: how many criteria the juror
    has scored. Nothing here names an author or an organisation (blind review)."""
    user = seat.user
    entries = (
        ContestEntry.objects.filter(event_id=seat.event_id, status=EntryStatus.SUBMITTED)
        .exclude(authors__user_id=user.pk)
        .exclude(submitted_by_id=user.pk)
        .select_related("nomination")
        .annotate(my_scores=Count("scores", filter=Q(scores__juror=seat)))
        .order_by("nomination__position", "nomination_id", "submitted_at", "id")
    )
    if user.organisation_id is not None:
        entries = entries.filter(
            Q(organisation_id__isnull=True) | ~Q(organisation_id=user.organisation_id)
        ).exclude(authors__user__organisation_id=user.organisation_id)
    return entries


def my_scores(seat: JuryMember, entry) -> dict[int, JuryScore]:
    """The juror's scores of the entry by criterion id."""
    return {row.criterion_id: row for row in JuryScore.objects.filter(juror=seat, entry=entry)}


@dataclass
class JurorProgress:
    seat: JuryMember
    scored: int
    total: int


def jury_progress(event) -> list[JurorProgress]:
    """For each juror: how many of the entries they may judge they have scored fully."""
    seats = jury_of(event)
    entries = list(
        ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED)
        .only("id", "organisation_id", "submitted_by_id")
        .prefetch_related(
            Prefetch(
                "authors",
                queryset=EntryAuthor.objects.only("entry", "user").annotate(
                    organisation_id=F("user__organisation_id")
                ),
            )
        )
    )
    authors = {
        entry.pk: {row.user_id for row in entry.authors.all()} | {entry.submitted_by_id}
        for entry in entries
    }
    organisations = {
        entry.pk: {row.organisation_id for row in entry.authors.all()} | {entry.organisation_id}
        for entry in entries
    }
    done = _fully_scored(event) if seats else set()
    progress = []
    for seat in seats:
        mine = [
            e for e in entries if not _conflicted(seat.user, authors[e.pk], organisations[e.pk])
        ]
        scored = sum(1 for e in mine if (seat.pk, e.pk) in done)
        progress.append(JurorProgress(seat=seat, scored=scored, total=len(mine)))
    return progress


def totals(event) -> dict[int, Decimal | None]:
    """Each admitted entry's total: the mean over the jurors who scored every criterion of it
    of the sum of their scores, rounded to hundredths; None when no juror has."""
    criteria = set(ContestCriterion.objects.filter(event=event).values_list("pk", flat=True))
    entry_ids = list(
        ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    sheets: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for entry_id, juror_id, criterion_id, score in JuryScore.objects.filter(
        entry_id__in=entry_ids, criterion_id__in=criteria
    ).values_list("entry_id", "juror_id", "criterion_id", "score"):
        sheets[(entry_id, juror_id)][criterion_id] = score
    sums: dict[int, list[int]] = defaultdict(list)
    for (entry_id, _juror_id), sheet in sheets.items():
        if criteria and set(sheet) == criteria:
            sums[entry_id].append(sum(sheet.values()))
    result: dict[int, Decimal | None] = {}
    for entry_id in entry_ids:
        if sums.get(entry_id):
            mean = Fraction(sum(sums[entry_id]), len(sums[entry_id]))
            result[entry_id] = (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(
                HUNDREDTH, rounding=ROUND_HALF_UP
            )
        else:
            result[entry_id] = None
    return result


def results_stale(event) -> bool:
    """Results were prepared, and a score or an entry's status changed afterwards (a write of
    contests.services marks it; a score stored later than the preparation counts too)."""
    prepared = ContestResults.objects.filter(event_id=event.pk).first()
    if prepared is None:
        return False
    if prepared.changed_at is not None:
        return True
    return JuryScore.objects.filter(
        entry__event_id=event.pk, updated_at__gt=prepared.computed_at
    ).exists()


@dataclass
class NominationResults:
    """One nomination's published results (nomination None: entries without one)."""

    nomination: Nomination | None
    placed: list = field(default_factory=list)  # winners and prize-winners, best first
    others: int = 0  # the other admitted entries (participants), only counted


def _placed_order(entry):
    return (
        0 if entry.placing == Placing.WINNER else 1,
        entry.degree or 0,
        entry.rank or 10**6,
        entry.title.casefold(),
        entry.pk,
    )


def results_by_nomination(event) -> list[NominationResults]:
    """The admitted entries by nomination: winners and prize-winners with their authors and
    organisation (the public results), the rest counted. Three queries."""
    groups: dict[int | None, NominationResults] = {}
    for nomination in nominations_of(event):
        groups[nomination.pk] = NominationResults(nomination=nomination)
    entries = (
        ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related(_authors())
    )
    for entry in entries:
        group = groups.get(entry.nomination_id)
        if group is None:
            group = groups[entry.nomination_id] = NominationResults(nomination=None)
        if entry.placing in PLACED:
            group.placed.append(entry)
        else:
            group.others += 1
    for group in groups.values():
        group.placed.sort(key=_placed_order)
    return [group for group in groups.values() if group.placed or group.others]


def results_for_managers(event) -> list[tuple[Nomination | None, list[ContestEntry]]]:
    """The admitted entries by nomination, ranked (unranked last), for the results page of
    those who run the event."""
    entries = entries_for_managers(event)
    groups: dict[int | None, tuple] = {n.pk: (n, []) for n in nominations_of(event)}
    for entry in entries:
        if entry.status != EntryStatus.SUBMITTED:
            continue
        groups.setdefault(entry.nomination_id, (None, []))[1].append(entry)
    for _nomination, rows in groups.values():
        rows.sort(key=lambda e: (e.rank is None, e.rank or 0, e.title.casefold(), e.pk))
    return [(nomination, rows) for nomination, rows in groups.values() if rows]


def placed_authors(event) -> list[tuple]:
    """(user, entry, placing) for every author of every admitted entry with a placing, once the
    event's results are published (nothing before): what pedset.certificates issues diplomas
    and certificates from. The submitter is the first author of each entry; users come with
    their organisation, entries with their nomination."""
    if not event.accepts_submissions or event.results_published_at is None:
        return []
    entries = {
        entry.pk: entry
        for entry in ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED)
        .exclude(placing="")
        .select_related("nomination", "organisation")
    }
    links = (
        EntryAuthor.objects.filter(entry_id__in=list(entries))
        .select_related("user__organisation")
        .order_by("entry_id", "position", "id")
    )
    return [(link.user, entries[link.entry_id], entries[link.entry_id].placing) for link in links]

"""Reads of the expertise app. Every page's reads cost a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone

from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.core import workdays
from pedset.review.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Decision,
    Review,
    ReviewRound,
    Score,
)
from pedset.review.policies import IN_EXPERTISE, LIVE_ASSIGNMENT

DECIDED_ON_DESK = 30
DONE_ON_MY_PAGE = 30


# --- Deadlines ------------------------------------------------------------------------------


def deadline_state(assignment: Assignment, now: datetime.datetime) -> int | None:
    """days_left of an assignment still running («осталось N дн.», negative: overdue); None for
    one that is finished (reviewed, declined, withdrawn) or whose round is over."""
    if assignment.status not in LIVE_ASSIGNMENT:
        return None
    return workdays.days_left(assignment.deadline, now)


def annotate_deadlines(assignments, now: datetime.datetime) -> None:
    for assignment in assignments:
        assignment.days_left = deadline_state(assignment, now)
        assignment.is_overdue = assignment.days_left is not None and assignment.days_left < 0
        assignment.overdue_days = -assignment.days_left if assignment.is_overdue else 0


def deadline_year_is_provisional(deadline: datetime.datetime | None) -> bool:
    return deadline is not None and workdays.is_provisional(deadline.year)


# --- Criteria -------------------------------------------------------------------------------


def criteria_of(community: Community):
    return Criterion.objects.filter(community=community).order_by("position", "id")


def active_criteria(community: Community) -> list[Criterion]:
    return list(criteria_of(community).filter(is_active=True))


def used_criterion_ids(community: Community) -> set[int]:
    return set(
        Score.objects.filter(criterion__community=community)
        .values_list("criterion_id", flat=True)
        .distinct()
    )


# --- Rounds and assignments -----------------------------------------------------------------


def _assignments_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("expert", "review").order_by(
            "assigned_at", "id"
        ),
    )


def _scores_prefetch():
    return Prefetch(
        "assignments__review__scores",
        queryset=Score.objects.select_related("criterion").order_by(
            "criterion__position", "criterion_id"
        ),
    )


def current_round(material, *, with_scores: bool = False) -> ReviewRound | None:
    """The round of the material's current submission, with its assignments and decision (and
    the reviews' scores, for pages that show them)."""
    if not material.round_number:
        return None
    prefetch = [_assignments_prefetch()] + ([_scores_prefetch()] if with_scores else [])
    review_round = (
        ReviewRound.objects.filter(material=material, number=material.round_number)
        .select_related("decision")
        .prefetch_related(*prefetch)
        .first()
    )
    if review_round is not None:
        review_round.material = material
    return review_round


def material_rounds(material) -> list[ReviewRound]:
    """Every round of the material, oldest first, with assignments, experts, reviews, their
    scores (with criteria) and the decision: the history of its expertise."""
    rounds = list(
        ReviewRound.objects.filter(material=material)
        .select_related("decision", "decision__decided_by")
        .prefetch_related(_assignments_prefetch(), _scores_prefetch())
        .order_by("number")
    )
    for review_round in rounds:
        review_round.material = material
    return rounds


def assignment_for(pk: int) -> Assignment | None:
    return (
        Assignment.objects.select_related(
            "round", "round__material", "round__material__community", "expert"
        )
        .filter(pk=pk)
        .first()
    )


def review_with_scores(assignment: Assignment) -> Review | None:
    return (
        Review.objects.filter(assignment=assignment)
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion_id"
                ),
            )
        )
        .first()
    )


@dataclass
class RoundRow:
    """A round on the coordinator's desk with what it is waiting for."""

    round: ReviewRound
    material: object
    assignments: list = field(default_factory=list)
    live: list = field(default_factory=list)
    reviews: int = 0
    next_deadline: datetime.datetime | None = None
    overdue: bool = False


@dataclass
class Desk:
    awaiting_assignment: list[RoundRow]
    in_review: list[RoundRow]
    awaiting_decision: list[RoundRow]
    decided: list[Decision]


def open_rounds(community: Community):
    """Rounds of the community's materials in expertise that have no decision yet."""
    return (
        ReviewRound.objects.filter(
            material__community=community,
            material__status__in=IN_EXPERTISE,
            closed_at__isnull=True,
            decision__isnull=True,
        )
        .select_related("material")
        .prefetch_related(_assignments_prefetch())
        .order_by("opened_at", "id")
    )


def expertise_desk(community: Community, now: datetime.datetime, viewer=None) -> Desk:
    """The coordinator's desk: what waits for experts, what is in review (overdue first), what
    waits for the decision, and the latest decisions. A ``viewer`` who is an author of a
    material does not see its experts (authors learn nothing of them until the decision, and
    then anonymised)."""
    from django.db.models import Exists, OuterRef

    from pedset.materials.models import MaterialAuthor

    desk = Desk([], [], [], [])
    rounds = open_rounds(community)
    if getattr(viewer, "is_authenticated", False):
        rounds = rounds.annotate(
            viewer_is_author=Exists(
                MaterialAuthor.objects.filter(material_id=OuterRef("material_id"), user=viewer)
            )
        )
    for review_round in rounds:
        if review_round.number != review_round.material.round_number:
            continue  # a stale round left open by an interrupted resubmission
        review_round.material.community = community
        assignments = list(review_round.assignments.all())
        annotate_deadlines(assignments, now)
        row = RoundRow(round=review_round, material=review_round.material, assignments=assignments)
        row.live = [a for a in assignments if a.status in LIVE_ASSIGNMENT]
        row.reviews = sum(a.status == AssignmentStatus.SUBMITTED for a in assignments)
        if row.live:
            row.next_deadline = min(a.deadline for a in row.live)
            row.overdue = any(a.is_overdue for a in row.live)
            desk.in_review.append(row)
        elif row.reviews:
            desk.awaiting_decision.append(row)
        else:
            desk.awaiting_assignment.append(row)
        if getattr(review_round, "viewer_is_author", False):
            row.assignments = []  # the names of the experts of the viewer's own material
    desk.in_review.sort(key=lambda r: (not r.overdue, r.next_deadline))
    desk.decided = list(
        Decision.objects.filter(round__material__community=community)
        .select_related("round", "round__material", "decided_by")
        .order_by("-decided_at", "-id")[:DECIDED_ON_DESK]
    )
    return desk


@dataclass
class MyAssignments:
    to_answer: list[Assignment]
    in_work: list[Assignment]
    done: list[Assignment]


def my_assignments(user, now: datetime.datetime) -> MyAssignments:
    """The expert's assignments: invitations to answer and reviews to write (nearest deadline
    first) in rounds still open, and the latest finished ones."""
    base = Assignment.objects.filter(expert=user).select_related(
        "round", "round__material", "round__material__community"
    )
    running = list(
        base.filter(
            status__in=LIVE_ASSIGNMENT,
            round__closed_at__isnull=True,
            round__decision__isnull=True,
            round__material__status__in=IN_EXPERTISE,
        ).order_by("deadline", "id")
    )
    annotate_deadlines(running, now)
    done = list(
        base.filter(status=AssignmentStatus.SUBMITTED)
        .select_related("review")
        .order_by("-review__submitted_at", "-id")[:DONE_ON_MY_PAGE]
    )
    return MyAssignments(
        to_answer=[a for a in running if a.status == AssignmentStatus.INVITED],
        in_work=[a for a in running if a.status == AssignmentStatus.ACCEPTED],
        done=done,
    )


# --- Who may be assigned --------------------------------------------------------------------


@dataclass
class Candidate:
    user: object
    role_label: str
    organisation_ids: frozenset[int]
    reason: str = ""  # why the person cannot be assigned; empty when they can


def _organisations(memberships_by_user: dict, user) -> frozenset[int]:
    """Where the person works, as far as the platform knows: the profile's organisation and the
    organisation they represent in the community."""
    ids = {user.organisation_id, memberships_by_user.get(user.pk)}
    return frozenset(i for i in ids if i)


def expert_candidates(review_round: ReviewRound) -> tuple[list[Candidate], list[Candidate]]:
    """(eligible, excluded with the reason) for an assignment in this round.

    Candidates are the community's active experts and the current members of the cabinet's
    council; never an author; with the community's rule, nobody from an author's organisation;
    nobody already assigned in this round or who declined it."""
    from django.utils.translation import gettext as _

    from pedset.cabinet.models import CouncilMember

    material = review_round.material
    community = material.community
    today = timezone.localdate()
    memberships = dict(
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).values_list(
            "user_id", "organisation_id"
        )
    )
    experts = set(
        Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE, role=Role.EXPERT
        ).values_list("user_id", flat=True)
    )
    council = dict(
        CouncilMember.objects.filter(community=community, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("user_id", "role")
    )
    author_ids = list(material.authors.values_list("user_id", flat=True))
    people = {
        person.pk: person
        for person in get_user_model().objects.filter(
            pk__in=experts | set(council) | set(author_ids)
        )
    }
    author_orgs = frozenset().union(
        *(_organisations(memberships, people[pk]) for pk in author_ids if pk in people)
    )
    taken = {}
    for assignment in review_round.assignments.all():
        if assignment.status in {*LIVE_ASSIGNMENT, AssignmentStatus.SUBMITTED}:
            taken[assignment.expert_id] = _("already assigned in this round")
        elif assignment.status == AssignmentStatus.DECLINED:
            taken.setdefault(assignment.expert_id, _("declined this round"))

    from pedset.cabinet.models import CouncilRole

    council_labels = dict(CouncilRole.choices)
    eligible, excluded = [], []
    for pk in sorted(experts | set(council), key=lambda pk: people[pk].get_full_name()):
        person = people[pk]
        if not person.is_active:
            continue
        label = str(council_labels[council[pk]]) if pk in council else str(Role.EXPERT.label)
        candidate = Candidate(person, label, _organisations(memberships, person))
        if pk in author_ids:
            candidate.reason = _("an author of the material")
        elif pk in taken:
            candidate.reason = taken[pk]
        elif community.experts_from_other_organisations and author_orgs:
            if not candidate.organisation_ids:
                candidate.reason = _(
                    "the organisation is not stated in the profile, so the rule on experts "
                    "from another organisation cannot be checked"
                )
            elif candidate.organisation_ids & author_orgs:
                candidate.reason = _("works in the same organisation as an author")
        (excluded if candidate.reason else eligible).append(candidate)
    return eligible, excluded


# --- People to tell -------------------------------------------------------------------------


def managers_of(community_id: int) -> list[int]:
    """Ids of the active coordinators and administrators of the community."""
    return list(
        Membership.objects.filter(
            community_id=community_id,
            status=MembershipStatus.ACTIVE,
            role__in=[Role.COORDINATOR, Role.ADMINISTRATOR],
        ).values_list("user_id", flat=True)
    )


def author_ids(material) -> list[int]:
    return list(material.authors.values_list("user_id", flat=True))


def reminders_due(now: datetime.datetime, reminder_days: int):
    """Running assignments whose deadline is within ``reminder_days`` and not yet reminded."""
    return _running().filter(
        reminded_at__isnull=True,
        deadline__gte=now,
        deadline__lte=now + datetime.timedelta(days=reminder_days),
    )


def escalations_due(now: datetime.datetime):
    """Running assignments past their deadline whose coordinators were not yet told."""
    return _running().filter(escalated_at__isnull=True, deadline__lt=now)


def _running():
    return (
        Assignment.objects.filter(
            status__in=LIVE_ASSIGNMENT,
            round__closed_at__isnull=True,
            round__decision__isnull=True,
            round__material__status__in=IN_EXPERTISE,
        )
        .select_related("round", "round__material", "round__material__community")
        .order_by("deadline", "id")
    )


def today_in(community: Community) -> datetime.date:
    return timezone.localtime(timezone.now(), workdays.community_zone(community)).date()


def open_work_count(user) -> int:
    """Invitations to answer and reviews to write in open rounds (the header's badge)."""
    return Assignment.objects.filter(
        expert=user, status__in=LIVE_ASSIGNMENT, round__closed_at__isnull=True
    ).count()


def overdue_count(community: Community, now: datetime.datetime) -> int:
    """Experts' assignments past their deadline in the community's open rounds (the community
    page shows the number beside «Экспертиза материалов» to those who run the expertise)."""
    return Assignment.objects.filter(
        round__material__community=community,
        round__closed_at__isnull=True,
        status__in=LIVE_ASSIGNMENT,
        deadline__lt=now,
    ).count()

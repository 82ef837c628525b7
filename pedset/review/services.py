"""Every write of the expertise workflow, each in one transaction.

A submission opens a ReviewRound (round_open, called by materials.services.material_submit);
coordinators (or the chair of the cabinet's council) assign experts with a deadline counted on
the production calendar (pedset.core.workdays); experts accept or decline and submit a review
against the community's criteria; a coordinator or the council records the decision with its
reasons: inclusion goes on to pedset.cabinet (order, cabinet entry), revision returns the
material to its authors (their resubmission opens the next round), rejection ends it.

Notifications leave after commit (a rolled-back step tells nobody); stored texts name no person
— they say «эксперт», «соавтор» and link to the page. Every accountable step is audited.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pedset.communities.models import Community
from pedset.communities.services import ActionRefused
from pedset.core import workdays
from pedset.core.audit import audit_record
from pedset.core.notify import notify, notify_many
from pedset.core.timezones import zone_label
from pedset.review import policies, selectors
from pedset.review.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    DecidedAs,
    Decision,
    DecisionOutcome,
    Recommendation,
    Review,
    ReviewRound,
    Score,
)

TITLE_MAX = Criterion._meta.get_field("title").max_length
DESCRIPTION_MAX = Criterion._meta.get_field("description").max_length
MAX_SCORE_LIMIT = 10
CONCLUSION_MAX = Review._meta.get_field("conclusion").max_length
COMMENT_MAX = Score._meta.get_field("comment").max_length
REASONS_MAX = Decision._meta.get_field("reasons").max_length
DECLINE_REASON_MAX = Assignment._meta.get_field("decline_reason").max_length
MAX_EXPERTS_AT_ONCE = 10

# The default review form from the regulations' wording (003 5.2, 004 1.9): 0–3 points each.
# Stored in Russian: it is the community's own form, which its coordinators then edit.
DEFAULT_CRITERIA = (
    (
        gettext_noop("Actuality"),
        gettext_noop(
            "The material meets current requirements of education (ФГОС, ФОП) and the needs "
            "of teachers."
        ),
    ),
    (
        gettext_noop("Novelty"),
        gettext_noop("Original approaches, the author's own contribution."),
    ),
    (
        gettext_noop("Practical significance"),
        gettext_noop("Other teachers can use it in their work; the results are shown."),
    ),
    (
        gettext_noop("Methodical literacy"),
        gettext_noop(
            "Correct content, logical structure, fit for the age of the pupils, sound methods."
        ),
    ),
    (
        gettext_noop("Design and compliance with requirements"),
        gettext_noop(
            "Structure and layout; the requirements of the community for materials are met."
        ),
    ),
)
DEFAULT_MAX_SCORE = 3


# --- URLs used in notifications -------------------------------------------------------------


def desk_url(community) -> str:
    return reverse("review:desk", args=[community.slug])


def material_expertise_url(material) -> str:
    return reverse("review:material", args=[material.pk])


def assignment_url(assignment) -> str:
    return reverse("review:assignment", args=[assignment.pk])


def material_page_url(material) -> str:
    """The material's own page (materials app), or its expertise page until that exists."""
    for args in ([material.pk], [material.community.slug, material.pk]):
        try:
            return reverse("materials:detail", args=args)
        except NoReverseMatch:
            continue
    return material_expertise_url(material)


def _search_update(material) -> None:
    from pedset.search.index import schedule_update

    schedule_update("material", material.pk)


def _set_status(material, status: str) -> None:
    from pedset.materials.models import Material

    Material.objects.filter(pk=material.pk).update(status=status, updated_at=timezone.now())
    material.status = status
    _search_update(material)


# --- Rounds ---------------------------------------------------------------------------------


def _tell_managers_submitted(material_id: int) -> None:
    from pedset.materials.models import Material

    material = Material.objects.select_related("community").get(pk=material_id)
    notify_many(
        selectors.managers_of(material.community_id),
        kind="material_submitted",
        title=_("A material is submitted for expertise: %(title)s") % {"title": material.title},
        body=_("Assign experts to it on the expertise desk of the community."),
        url=material_expertise_url(material),
    )


@transaction.atomic
def round_open(*, actor, material, authors_note=""):
    """Called by materials.services.material_submit inside its transaction after it set the
    material's status to SUBMITTED and round_number to the new round: creates the ReviewRound
    and tells the people who assign experts. Returns the ReviewRound.

    Called twice for the same round (a repeated request), it returns the round already open."""
    existing = ReviewRound.objects.filter(material=material, number=material.round_number).first()
    if existing is not None:
        return existing
    now = timezone.now()
    # A previous round left open (resubmission without a decision) ends here.
    ReviewRound.objects.filter(material=material, closed_at__isnull=True).update(closed_at=now)
    review_round = ReviewRound.objects.create(
        material=material,
        number=material.round_number,
        opened_at=now,
        authors_note=(authors_note or "").strip()[:5000],
    )
    audit_record(
        "expertise_round_opened",
        actor=actor,
        community=material.community,
        target=material,
        data={"round": review_round.number, "round_id": review_round.pk},
    )
    transaction.on_commit(partial(_tell_managers_submitted, material.pk))
    return review_round


@transaction.atomic
def round_end_on_withdrawal(*, actor, material) -> int:
    """For materials.services when the authors withdraw (or a moderator removes) a material in
    expertise, in its transaction: closes the open round, withdraws the running assignments and
    tells their experts. Returns how many assignments were withdrawn."""
    now = timezone.now()
    running = list(
        Assignment.objects.filter(
            round__material=material,
            round__closed_at__isnull=True,
            status__in=policies.LIVE_ASSIGNMENT,
        )
    )
    for assignment in running:
        assignment.status = AssignmentStatus.WITHDRAWN
        assignment.responded_at = assignment.responded_at or now
        assignment.save(update_fields=["status", "responded_at", *_clear_draft(assignment)])
        audit_record(
            "expertise_assignment_withdrawn",
            actor=actor,
            community=material.community,
            target=assignment,
            subject_user=assignment.expert_id,
            reason=_("The material was withdrawn from expertise."),
            data={"material": material.pk},
        )
    ReviewRound.objects.filter(material=material, closed_at__isnull=True).update(closed_at=now)
    if running:
        transaction.on_commit(
            partial(
                notify_many,
                [a.expert_id for a in running],
                kind="expertise_assignment",
                title=_("The material is withdrawn from expertise: %(title)s")
                % {"title": material.title},
                body=_("You no longer need to review it."),
                url=material_expertise_url(material),
            )
        )
    return len(running)


# --- Criteria -------------------------------------------------------------------------------


@transaction.atomic
def criteria_ensure_default(*, community: Community) -> list[Criterion]:
    """The community's active criteria; a community that never had any gets the default set
    from the regulations (on first use: the desk, the criteria page, a review form)."""
    if Criterion.objects.filter(community=community).exists():
        return selectors.active_criteria(community)
    # Two first uses at once create the set once: the community row is the lock.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    if not Criterion.objects.filter(community=community).exists():
        with translation.override("ru"):
            Criterion.objects.bulk_create(
                Criterion(
                    community=community,
                    title=_(title),
                    description=_(description),
                    max_score=DEFAULT_MAX_SCORE,
                    position=index,
                )
                for index, (title, description) in enumerate(DEFAULT_CRITERIA)
            )
    return selectors.active_criteria(community)


def _clean_criterion(title: str, description: str, max_score) -> tuple[str, str, int]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ActionRefused(_("Enter the criterion."))
    if len(title) > TITLE_MAX:
        raise ActionRefused(
            _("The criterion is too long: at most %(n)s characters.") % {"n": TITLE_MAX}
        )
    if len(description) > DESCRIPTION_MAX:
        raise ActionRefused(
            _("The description is too long: at most %(n)s characters.") % {"n": DESCRIPTION_MAX}
        )
    try:
        max_score = int(max_score)
    except (TypeError, ValueError):
        max_score = 0
    if not 1 <= max_score <= MAX_SCORE_LIMIT:
        raise ActionRefused(
            _("The highest score is a whole number from 1 to %(n)s.") % {"n": MAX_SCORE_LIMIT}
        )
    return title, description, max_score


def _audit_criteria(actor, community, criterion, change: str) -> None:
    audit_record(
        "expertise_criteria_changed",
        actor=actor,
        community=community,
        target=criterion,
        data={"change": change, "title": criterion.title, "max_score": criterion.max_score},
    )


@transaction.atomic
def criterion_create(
    *, actor, community: Community, title: str, description: str = "", max_score=3
) -> Criterion:
    if not policies.can_manage_criteria(actor, community):
        raise PermissionDenied
    title, description, max_score = _clean_criterion(title, description, max_score)
    last = Criterion.objects.filter(community=community).aggregate(last=Max("position"))["last"]
    criterion = Criterion.objects.create(
        community=community,
        title=title,
        description=description,
        max_score=max_score,
        position=0 if last is None else last + 1,
    )
    _audit_criteria(actor, community, criterion, "created")
    return criterion


def criterion_is_used(criterion: Criterion) -> bool:
    return Score.objects.filter(criterion=criterion).exists()


@transaction.atomic
def criterion_edit(
    *, actor, criterion: Criterion, title: str, description: str = "", max_score=3
) -> Criterion:
    """Changes the wording; the highest score of a criterion already used in reviews stays (the
    scores given against it would change their meaning): add a new criterion instead."""
    if not policies.can_manage_criteria(actor, criterion.community):
        raise PermissionDenied
    title, description, max_score = _clean_criterion(title, description, max_score)
    if max_score != criterion.max_score and criterion_is_used(criterion):
        raise ActionRefused(
            _(
                "This criterion is already used in reviews, so its highest score cannot change. "
                "Take it out of use and add a new criterion."
            )
        )
    criterion.title, criterion.description, criterion.max_score = title, description, max_score
    criterion.save(update_fields=["title", "description", "max_score"])
    _audit_criteria(actor, criterion.community, criterion, "edited")
    return criterion


@transaction.atomic
def criterion_move(*, actor, criterion: Criterion, direction: str) -> None:
    """Moves the criterion one place up or down in the form."""
    community = criterion.community
    if not policies.can_manage_criteria(actor, community):
        raise PermissionDenied
    if direction not in {"up", "down"}:
        raise ActionRefused(_("Choose where to move the criterion."))
    ordered = list(selectors.criteria_of(community).select_for_update())
    index = next((i for i, c in enumerate(ordered) if c.pk == criterion.pk), None)
    other = (index - 1) if direction == "up" else (index + 1)
    if index is None or not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    _audit_criteria(actor, community, criterion, f"moved {direction}")


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> str:
    """Deletes an unused criterion; one already used in reviews is taken out of use instead,
    so the reviews keep their scores. Returns "deleted" or "deactivated"."""
    community = criterion.community
    if not policies.can_manage_criteria(actor, community):
        raise PermissionDenied
    if criterion.is_active:
        others = Criterion.objects.filter(community=community, is_active=True).exclude(
            pk=criterion.pk
        )
        if not others.exists():
            raise ActionRefused(
                _("The review form needs at least one criterion: add another one first.")
            )
    if criterion_is_used(criterion):
        criterion.is_active = False
        criterion.save(update_fields=["is_active"])
        _audit_criteria(actor, community, criterion, "deactivated")
        return "deactivated"
    _audit_criteria(actor, community, criterion, "deleted")
    criterion.delete()
    return "deleted"


@transaction.atomic
def criterion_restore(*, actor, criterion: Criterion) -> None:
    if not policies.can_manage_criteria(actor, criterion.community):
        raise PermissionDenied
    if not criterion.is_active:
        criterion.is_active = True
        criterion.save(update_fields=["is_active"])
        _audit_criteria(actor, criterion.community, criterion, "restored")


# --- Assignments ----------------------------------------------------------------------------


def _lock_round(review_round: ReviewRound) -> None:
    """Serialises writes on one round (two coordinators at once, an expert answering while the
    decision is recorded): the material row is the lock; then the state is read afresh."""
    from pedset.materials.models import Material

    material = Material.objects.select_for_update().get(pk=review_round.material_id)
    review_round.material.status = material.status
    review_round.material.round_number = material.round_number
    fresh = ReviewRound.objects.get(pk=review_round.pk)
    review_round.closed_at = fresh.closed_at
    # Forget cached assignments and decision: the policies read them again.
    getattr(review_round, "_prefetched_objects_cache", {}).pop("assignments", None)
    review_round._state.fields_cache.pop("decision", None)


def _tell_expert_assigned(assignment_id: int) -> None:
    assignment = selectors.assignment_for(assignment_id)
    material = assignment.round.material
    zone = workdays.community_zone(material.community)
    deadline = timezone.localtime(assignment.deadline, zone)
    notify(
        assignment.expert,
        kind="expertise_assignment",
        title=_("You are asked to review a material: %(title)s") % {"title": material.title},
        body=_(
            "Accept or decline the assignment on the page of the assignment. The term of the "
            "expertise ends on %(date)s at 23:59 (time zone of the community: %(zone)s)."
        )
        % {"date": deadline.strftime("%d.%m.%Y"), "zone": zone_label(material.community.time_zone)},
        url=assignment_url(assignment),
    )


@transaction.atomic
def assignment_create(*, actor, review_round: ReviewRound, experts) -> list[Assignment]:
    """Assigns one or more experts to the open round. The deadline is counted from now on the
    community's calendar; the material goes UNDER_REVIEW with its first assignment."""
    experts = list(experts)
    if not experts:
        raise ActionRefused(_("Choose at least one expert."))
    if len(experts) > MAX_EXPERTS_AT_ONCE:
        raise ActionRefused(_("Assign at most %(n)s experts at once.") % {"n": MAX_EXPERTS_AT_ONCE})
    _lock_round(review_round)
    if not policies.can_assign_experts(actor, review_round):
        raise PermissionDenied
    material = review_round.material
    community = material.community
    eligible, excluded = selectors.expert_candidates(review_round)
    allowed = {candidate.user.pk for candidate in eligible}
    reasons = {candidate.user.pk: candidate.reason for candidate in excluded}
    for expert in experts:
        if expert.pk not in allowed:
            reason = reasons.get(expert.pk) or _(
                "only active experts of the community and members of the cabinet's council "
                "can be assigned"
            )
            raise ActionRefused(
                _("%(name)s cannot be assigned: %(reason)s.")
                % {"name": expert.get_full_name(), "reason": reason}
            )
    now = timezone.now()
    deadline = workdays.term_deadline(community, now)
    created = []
    for expert in experts:
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    round=review_round,
                    expert=expert,
                    assigned_by=actor,
                    assigned_at=now,
                    deadline=deadline,
                )
        except IntegrityError:
            raise ActionRefused(
                _("%(name)s is already assigned in this round.") % {"name": expert.get_full_name()}
            ) from None
        created.append(assignment)
        audit_record(
            "expertise_expert_assigned",
            actor=actor,
            community=community,
            target=assignment,
            subject_user=expert,
            data={
                "material": material.pk,
                "round": review_round.number,
                "deadline": deadline.isoformat(),
                "day_kind": community.deadline_day_kind,
                "days": community.expertise_days,
            },
        )
        transaction.on_commit(partial(_tell_expert_assigned, assignment.pk))
    if material.status == "submitted":
        _set_status(material, "under_review")
    return created


def _tell_progress(assignment: Assignment, title: str, body: str = "") -> None:
    """Tells whoever assigned the expert (and the coordinators, if that person is gone)."""
    material = assignment.round.material
    recipients = set(selectors.managers_of(material.community_id))
    if assignment.assigned_by_id:
        recipients.add(assignment.assigned_by_id)
    recipients.discard(assignment.expert_id)
    transaction.on_commit(
        partial(
            notify_many,
            sorted(recipients),
            kind="expertise_progress",
            title=title,
            body=body,
            url=material_expertise_url(material),
        )
    )


def _lock_assignment(assignment: Assignment) -> None:
    _lock_round(assignment.round)
    fresh = Assignment.objects.get(pk=assignment.pk)
    assignment.status = fresh.status
    assignment._state.fields_cache.pop("review", None)


@transaction.atomic
def assignment_accept(*, actor, assignment: Assignment) -> Assignment:
    _lock_assignment(assignment)
    if not policies.can_respond_assignment(actor, assignment):
        raise PermissionDenied
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["status", "responded_at"])
    material = assignment.round.material
    audit_record(
        "expertise_assignment_accepted",
        actor=actor,
        community=material.community,
        target=assignment,
        subject_user=actor,
        data={"material": material.pk, "round": assignment.round.number},
    )
    _tell_progress(
        assignment,
        _("An expert accepted the assignment: %(title)s") % {"title": material.title},
    )
    return assignment


@transaction.atomic
def assignment_decline(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """The expert declines with a reason; the coordinators are told to assign someone else."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why you decline: the coordinator will assign someone else."))
    if len(reason) > DECLINE_REASON_MAX:
        raise ActionRefused(
            _("The reason is too long: at most %(n)s characters.") % {"n": DECLINE_REASON_MAX}
        )
    _lock_assignment(assignment)
    if not policies.can_respond_assignment(actor, assignment):
        raise PermissionDenied
    assignment.status = AssignmentStatus.DECLINED
    assignment.responded_at = timezone.now()
    assignment.decline_reason = reason
    assignment.save(
        update_fields=["status", "responded_at", "decline_reason", *_clear_draft(assignment)]
    )
    material = assignment.round.material
    audit_record(
        "expertise_assignment_declined",
        actor=actor,
        community=material.community,
        target=assignment,
        subject_user=actor,
        reason=reason,
        data={"material": material.pk, "round": assignment.round.number},
    )
    _tell_progress(
        assignment,
        _("An expert declined the assignment: %(title)s") % {"title": material.title},
        _("Assign another expert. The reason is on the expertise page of the material."),
    )
    return assignment


@transaction.atomic
def assignment_withdraw(*, actor, assignment: Assignment, reason: str = "") -> Assignment:
    """The coordinator takes an invitation or an unfinished review back from the expert."""
    reason = (reason or "").strip()[:2000]
    _lock_assignment(assignment)
    if not policies.can_assign_experts(actor, assignment.round):
        raise PermissionDenied
    if assignment.status not in policies.LIVE_ASSIGNMENT:
        raise ActionRefused(_("This assignment is already finished."))
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.responded_at = assignment.responded_at or timezone.now()
    assignment.save(update_fields=["status", "responded_at", *_clear_draft(assignment)])
    material = assignment.round.material
    audit_record(
        "expertise_assignment_withdrawn",
        actor=actor,
        community=material.community,
        target=assignment,
        subject_user=assignment.expert_id,
        reason=reason,
        data={"material": material.pk, "round": assignment.round.number},
    )
    expert_id = assignment.expert_id
    transaction.on_commit(
        partial(
            notify_many,
            [expert_id],
            kind="expertise_assignment",
            title=_("The assignment to review a material is withdrawn: %(title)s")
            % {"title": material.title},
            body=reason,
            url=assignment_url(assignment),
        )
    )
    return assignment


# --- Reviews --------------------------------------------------------------------------------


def _clean_score(criterion: Criterion, raw, comment, *, required: bool) -> tuple[int | None, str]:
    """A whole score from 0 to the criterion's highest (None when empty and not required) and
    the comment within its limit; refuses with the message the expert reads."""
    comment = (comment or "").strip()
    text = "" if raw is None else str(raw).strip()
    value = None
    if text == "":
        if required:
            raise ActionRefused(
                _("Give a score for «%(criterion)s».") % {"criterion": criterion.title}
            )
    else:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if not 0 <= value <= criterion.max_score:
            raise ActionRefused(
                _("The score for «%(criterion)s» is a whole number from 0 to %(max)s.")
                % {"criterion": criterion.title, "max": criterion.max_score}
            )
    if len(comment) > COMMENT_MAX:
        raise ActionRefused(
            _("The comment on «%(criterion)s» is too long: at most %(n)s characters.")
            % {"criterion": criterion.title, "n": COMMENT_MAX}
        )
    return value, comment


def _clean_scores(criteria: list[Criterion], scores: dict) -> list[tuple[Criterion, int, str]]:
    """A whole score from 0 to the criterion's highest for every criterion of the form."""
    cleaned = []
    for criterion in criteria:
        raw, comment = scores.get(criterion.pk, (None, ""))
        value, comment = _clean_score(criterion, raw, comment, required=True)
        cleaned.append((criterion, value, comment))
    return cleaned


def _clean_conclusion(conclusion) -> str:
    conclusion = (conclusion or "").strip()
    if len(conclusion) > CONCLUSION_MAX:
        raise ActionRefused(
            _("The conclusion is too long: at most %(n)s characters.") % {"n": CONCLUSION_MAX}
        )
    return conclusion


def _clear_draft(assignment: Assignment) -> list[str]:
    """Forgets the unsent review; returns the fields to add to the caller's save()."""
    assignment.draft = {}
    assignment.draft_saved_at = None
    return ["draft", "draft_saved_at"]


@transaction.atomic
def review_submit(
    *, actor, assignment: Assignment, scores: dict, conclusion: str, recommendation: str
) -> Review:
    """The expert's conclusion: a score (and a comment) per criterion in use, the conclusion and
    the recommendation. ``scores`` maps a criterion id to (score, comment). Final once sent."""
    if recommendation not in Recommendation.values:
        raise ActionRefused(_("Choose the recommendation."))
    if not (conclusion or "").strip():
        raise ActionRefused(_("Write the conclusion."))
    conclusion = _clean_conclusion(conclusion)
    _lock_assignment(assignment)
    if not policies.can_review(actor, assignment):
        raise PermissionDenied
    material = assignment.round.material
    criteria = criteria_ensure_default(community=material.community)
    cleaned = _clean_scores(criteria, scores)
    now = timezone.now()
    review = Review.objects.create(
        assignment=assignment,
        recommendation=recommendation,
        conclusion=conclusion,
        submitted_at=now,
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, score=value, comment=comment)
        for criterion, value, comment in cleaned
    )
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.save(update_fields=["status", *_clear_draft(assignment)])
    audit_record(
        "expertise_review_submitted",
        actor=actor,
        community=material.community,
        target=assignment,
        subject_user=actor,
        data={
            "material": material.pk,
            "round": assignment.round.number,
            "recommendation": recommendation,
            "total": sum(value for _c, value, _t in cleaned),
            "late": now > assignment.deadline,
        },
    )
    _tell_progress(
        assignment,
        _("An expert submitted the review: %(title)s") % {"title": material.title},
    )
    return review


@transaction.atomic
def review_draft_save(*, actor, assignment: Assignment, data: dict) -> Assignment:
    """Keeps what the expert has typed so far, on the server, so that a lost connection or a
    closed tab loses nothing. ``data`` is shaped like review_submit's arguments: "scores" maps a
    criterion id to (score, comment), plus "conclusion" and "recommendation"; anything may be
    empty, but what is there must be valid (the same checks and messages as the submission),
    else nothing is saved. Not a Review and not an act: no audit, nobody is told. Saving an
    empty form forgets the draft."""
    scores = data.get("scores") or {}
    conclusion = _clean_conclusion(data.get("conclusion"))
    recommendation = (data.get("recommendation") or "").strip()
    if recommendation and recommendation not in Recommendation.values:
        raise ActionRefused(_("Choose the recommendation from the list."))
    _lock_assignment(assignment)
    if not policies.can_review(actor, assignment):
        raise PermissionDenied
    criteria = criteria_ensure_default(community=assignment.round.material.community)
    stored_scores = {}
    for criterion in criteria:
        raw, comment = scores.get(criterion.pk, scores.get(str(criterion.pk), (None, "")))
        value, comment = _clean_score(criterion, raw, comment, required=False)
        if value is not None or comment:
            stored_scores[str(criterion.pk)] = {"score": value, "comment": comment}
    draft = {
        key: value
        for key, value in (
            ("scores", stored_scores),
            ("conclusion", conclusion),
            ("recommendation", recommendation),
        )
        if value
    }
    if draft:
        assignment.draft, assignment.draft_saved_at = draft, timezone.now()
        assignment.save(update_fields=["draft", "draft_saved_at"])
    else:
        assignment.save(update_fields=_clear_draft(assignment))
    return assignment


# --- Decisions ------------------------------------------------------------------------------


def _tell_authors_decided(decision_id: int) -> None:
    decision = Decision.objects.select_related("round__material").get(pk=decision_id)
    material = decision.round.material
    outcome = DecisionOutcome(decision.outcome).label
    notify_many(
        selectors.author_ids(material),
        kind="expertise_decision",
        title=_("Decision on your material «%(title)s»: %(outcome)s")
        % {"title": material.title, "outcome": outcome},
        body=decision.reasons,
        url=material_expertise_url(material),
    )


@transaction.atomic
def decision_record(
    *,
    actor,
    review_round: ReviewRound,
    outcome: str,
    reasons: str,
    recommend_for_publication: bool = False,
    override: bool = False,
) -> Decision:
    """Records the decision on the round with its reasons (always required).

    Taken while experts still work (or with no review at all, allowed once an expert is overdue)
    it needs ``override``: their assignments are then withdrawn. Include → the cabinet issues
    the order and the entry (pedset.cabinet.services.material_include); revise → the material
    returns to its authors, who may resubmit (a new round); reject → the material is rejected.
    The authors are told with the reasons."""
    reasons = (reasons or "").strip()
    if outcome not in DecisionOutcome.values:
        raise ActionRefused(_("Choose the decision."))
    if not reasons:
        raise ActionRefused(_("Write the reasons for the decision: the authors will read them."))
    if len(reasons) > REASONS_MAX:
        raise ActionRefused(
            _("The reasons are too long: at most %(n)s characters.") % {"n": REASONS_MAX}
        )
    if recommend_for_publication and outcome != DecisionOutcome.INCLUDE:
        raise ActionRefused(
            _("Only a material included in the cabinet can be recommended for publication.")
        )
    _lock_round(review_round)
    if not policies.can_decide_round(actor, review_round):
        raise PermissionDenied
    material = review_round.material
    community = material.community
    assignments = list(review_round.assignments.all())
    unfinished = [a for a in assignments if a.status in policies.LIVE_ASSIGNMENT]
    if unfinished and not override:
        raise ActionRefused(
            _(
                "Not every expert has submitted a review. To decide now, confirm that the "
                "decision does not wait for them and say why in the reasons."
            )
        )
    now = timezone.now()
    decided_as = (
        DecidedAs.COORDINATOR if policies.is_manager(actor, community) else DecidedAs.COUNCIL
    )
    decision = Decision.objects.create(
        round=review_round,
        outcome=outcome,
        recommend_for_publication=recommend_for_publication,
        reasons=reasons,
        decided_by=actor,
        decided_as=decided_as,
        decided_at=now,
    )
    for assignment in unfinished:
        assignment.status = AssignmentStatus.WITHDRAWN
        assignment.responded_at = assignment.responded_at or now
        assignment.save(update_fields=["status", "responded_at", *_clear_draft(assignment)])
        audit_record(
            "expertise_assignment_withdrawn",
            actor=actor,
            community=community,
            target=assignment,
            subject_user=assignment.expert_id,
            reason=_("The decision was made without this review."),
            data={"material": material.pk, "round": review_round.number},
        )
    ReviewRound.objects.filter(pk=review_round.pk).update(closed_at=now)
    review_round.closed_at = now
    audit_record(
        "expertise_decision_recorded",
        actor=actor,
        community=community,
        target=material,
        reason=reasons,
        data={
            "round": review_round.number,
            "decision": decision.pk,
            "outcome": outcome,
            "recommend_for_publication": recommend_for_publication,
            "decided_as": decided_as,
            "reviews": sum(a.status == AssignmentStatus.SUBMITTED for a in assignments),
            "without_waiting_for": len(unfinished),
        },
    )
    if outcome == DecisionOutcome.INCLUDE:
        from pedset.cabinet.services import material_include

        material_include(actor=actor, decision=decision)
    elif outcome == DecisionOutcome.REVISE:
        _set_status(material, "revision")
    else:
        _set_status(material, "rejected")
    if outcome != DecisionOutcome.INCLUDE:
        # (an inclusion is told by the cabinet, with the reasons, the order and the certificate)
        transaction.on_commit(partial(_tell_authors_decided, decision.pk))
    return decision


# --- Deadlines (the periodic command) -------------------------------------------------------


def _remind(assignment_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        claimed = Assignment.objects.filter(pk=assignment_id, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            return False
        assignment = selectors.assignment_for(assignment_id)
        material = assignment.round.material
        left = workdays.days_left(assignment.deadline, now)
        notify(
            assignment.expert,
            kind="expertise_assignment",
            title=_("Reminder: the term of the expertise of «%(title)s» ends in %(days)s d.")
            % {"title": material.title, "days": left},
            body=_("Submit the review on the page of the assignment."),
            url=assignment_url(assignment),
        )
    return True


def _escalate(assignment_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        claimed = Assignment.objects.filter(pk=assignment_id, escalated_at__isnull=True).update(
            escalated_at=now
        )
        if not claimed:
            return False
        assignment = selectors.assignment_for(assignment_id)
        material = assignment.round.material
        overdue = -workdays.days_left(assignment.deadline, now)
        audit_record(
            "expertise_overdue_escalated",
            community=material.community,
            target=assignment,
            subject_user=assignment.expert_id,
            data={"material": material.pk, "round": assignment.round.number, "days": overdue},
        )
        _tell_progress(
            assignment,
            _("The expertise of «%(title)s» is overdue by %(days)s d.")
            % {"title": material.title, "days": overdue},
            _(
                "An expert has not submitted the review in time. Remind them, assign another "
                "expert or decide without waiting, giving the reasons."
            ),
        )
    return True


def deadlines_process(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Sends the due reminders and escalations, each once. Returns (reminded, escalated)."""
    now = now or timezone.now()
    reminded = escalated = 0
    with translation.override(settings.LANGUAGE_CODE):
        for pk in list(
            selectors.reminders_due(now, settings.EXPERTISE_REMINDER_DAYS).values_list(
                "pk", flat=True
            )
        ):
            reminded += _remind(pk, now)
        for pk in list(selectors.escalations_due(now).values_list("pk", flat=True)):
            escalated += _escalate(pk, now)
    return reminded, escalated

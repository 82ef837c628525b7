"""Personal-data hooks of the expertise: the person's assignments, reviews and decisions.

Found by pedset.privacy.registry. Reviews and decisions are the community's record of the
expertise (the order on inclusion rests on them), so erasure keeps them, signed «Бывший
участник» once the account is anonymised. The reasons a person gave for declining an
assignment may be about their health or family: those are erased, and so are the drafts of
reviews never sent (the person's own unfinished text, not the community's record).
"""

from django.utils.translation import pgettext_lazy

from pedset.review.models import Assignment, Decision

DECLINE_REASONS = pgettext_lazy(
    "personal data category", "reasons given for declining an expertise"
)
REVIEW_DRAFTS = pgettext_lazy("personal data category", "drafts of expert reviews not sent")


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    assignments = (
        Assignment.objects.filter(expert=user)
        .select_related("round__material__community", "review")
        .prefetch_related("review__scores__criterion")
        .order_by("assigned_at", "id")
    )
    rows = []
    for assignment in assignments:
        material = assignment.round.material
        row = {
            "id": assignment.pk,
            "community": material.community.slug,
            "material": {"id": material.pk, "title": material.title},
            "round": assignment.round.number,
            "assigned_at": _iso(assignment.assigned_at),
            "deadline": _iso(assignment.deadline),
            "status": assignment.status,
            "responded_at": _iso(assignment.responded_at),
            "decline_reason": assignment.decline_reason,
            "draft": assignment.draft or None,
            "draft_saved_at": _iso(assignment.draft_saved_at),
            "review": None,
        }
        review = getattr(assignment, "review", None) if assignment.status == "submitted" else None
        if review is not None:
            row["review"] = {
                "submitted_at": _iso(review.submitted_at),
                "recommendation": review.recommendation,
                "conclusion": review.conclusion,
                "scores": [
                    {"criterion": s.criterion.title, "score": s.score, "comment": s.comment}
                    for s in review.scores.all()
                ],
            }
        rows.append(row)
    decisions = [
        {
            "id": decision.pk,
            "material": {"id": decision.round.material_id, "title": decision.round.material.title},
            "round": decision.round.number,
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "decided_at": _iso(decision.decided_at),
        }
        for decision in Decision.objects.filter(decided_by=user)
        .select_related("round__material")
        .order_by("decided_at", "id")
    ]
    return {"expertise_assignments": rows, "expertise_decisions": decisions}


def erase(user) -> list[str]:
    own = Assignment.objects.filter(expert=user)
    erased = []
    if own.exclude(decline_reason="").update(decline_reason=""):
        erased.append(str(DECLINE_REASONS))
    if own.filter(draft_saved_at__isnull=False).update(draft={}, draft_saved_at=None):
        erased.append(str(REVIEW_DRAFTS))
    return erased

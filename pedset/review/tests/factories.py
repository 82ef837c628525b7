"""Factories of the expertise app: rounds, assignments and reviews built directly (for tests that
need a position the services would build step by step)."""

import datetime

from django.utils import timezone

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.review.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Recommendation,
    Review,
    ReviewRound,
    Score,
)


def submitted_material(*, community=None, author=None, **fields):
    """A material of an ordinary member, submitted: round 1 is open, nobody assigned yet."""
    community = community or CommunityFactory()
    material = material_with_author(
        community=community, author=author, status=MaterialStatus.SUBMITTED, **fields
    )
    ReviewRound.objects.create(material=material, number=1, opened_at=timezone.now())
    return material


def open_round(material) -> ReviewRound:
    return ReviewRound.objects.get(material=material, number=material.round_number)


def expert_in(community, **fields):
    return MembershipFactory(community=community, role=Role.EXPERT, **fields).user


def assignment(review_round, expert=None, *, status=AssignmentStatus.INVITED, days=10, **fields):
    """An assignment with a deadline ``days`` days from now."""
    material = review_round.material
    if expert is None:
        expert = expert_in(material.community)
    now = timezone.now()
    if material.status == MaterialStatus.SUBMITTED:
        material.status = MaterialStatus.UNDER_REVIEW
        material.save(update_fields=["status"])
    return Assignment.objects.create(
        round=review_round,
        expert=expert,
        assigned_at=now,
        deadline=now + datetime.timedelta(days=days),
        status=status,
        responded_at=now if status != AssignmentStatus.INVITED else None,
        **fields,
    )


def criterion(community, **fields):
    fields.setdefault("title", "Актуальность")
    fields.setdefault("max_score", 3)
    return Criterion.objects.create(community=community, **fields)


def submitted_review(assignment_obj, *, recommendation=Recommendation.INCLUDE, score=3):
    """A review of every active criterion of the community (a default one if it has none)."""
    community = assignment_obj.round.material.community
    criteria = list(Criterion.objects.filter(community=community, is_active=True))
    if not criteria:
        criteria = [criterion(community)]
    review = Review.objects.create(
        assignment=assignment_obj,
        recommendation=recommendation,
        conclusion="Материал актуален, методически грамотен.",
        submitted_at=timezone.now(),
    )
    for item in criteria:
        Score.objects.create(review=review, criterion=item, score=min(score, item.max_score))
    assignment_obj.status = AssignmentStatus.SUBMITTED
    assignment_obj.save(update_fields=["status"])
    return review

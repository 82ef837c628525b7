"""Targets of the expertise policies for the role × action table (pedset/core/permission_table.py,
targets named "expertise_<name>"). Each takes the table's fresh community and the person in the
actor's position (AnonymousUser for "anonymous"). The material is an ordinary member's; the
experts are separate people unless the target is the actor's own."""

from pedset.review.models import AssignmentStatus
from pedset.review.tests import factories


def _round(community):
    return factories.open_round(factories.submitted_material(community=community))


def open_round(community, user=None):
    """An open round of a submitted material, no expert assigned yet."""
    return _round(community)


def reviewed_round(community, user=None):
    """An open round where a separate expert has submitted a review."""
    review_round = _round(community)
    done = factories.assignment(review_round, status=AssignmentStatus.ACCEPTED)
    factories.submitted_review(done)
    return review_round


def material(community, user=None):
    """The material of reviewed_round."""
    return reviewed_round(community).material


def _own(community, user, status):
    review_round = _round(community)
    expert = user if getattr(user, "is_authenticated", False) else None
    return factories.assignment(review_round, expert, status=status)


def own_invitation(community, user):
    """An invitation of the actor (the anonymous visitor cannot hold one: another expert's)."""
    return _own(community, user, AssignmentStatus.INVITED)


def own_accepted(community, user):
    """An accepted assignment of the actor, no review yet."""
    return _own(community, user, AssignmentStatus.ACCEPTED)


def others_invitation(community, user=None):
    return factories.assignment(_round(community), status=AssignmentStatus.INVITED)


def others_accepted(community, user=None):
    return factories.assignment(_round(community), status=AssignmentStatus.ACCEPTED)

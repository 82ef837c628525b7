"""Who may do what in the expertise of materials (regulations 003 5.2, 004 1.9).

- The community's coordinators and administrators run the expertise: the review form (criteria),
  assignments, decisions. The chair of the cabinet's council («совет ВМК») may assign experts and
  decide too; any member of the council sees the desk and the reviews.
- An expert answers an invitation and writes the review of their own assignment, while an active
  member of the community (or a member of the council) and while the round is open.
- Authors see the reviews of a round once it is decided, with the experts anonymised.

The permission table in pedset/core/permission_table.py declares every answer for every role.
"""

from __future__ import annotations

from django.utils import timezone

from pedset.communities.models import Community, Role
from pedset.core.policies import community_role, is_active_user

MANAGERS = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
# A material's expertise runs while it is in one of these statuses.
IN_EXPERTISE = frozenset({"submitted", "under_review"})
LIVE_ASSIGNMENT = frozenset({"invited", "accepted"})


def council_role(user, community: Community) -> str | None:
    """The person's current seat on the community's cabinet council (the cabinet app's rule:
    a seat counts on the community's calendar days and while its holder is an active member)."""
    from pedset.cabinet.models import CouncilRole
    from pedset.cabinet.policies import council_seat_roles

    roles = council_seat_roles(user, community)
    for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER):
        if role in roles:
            return role
    return None


def is_council_chair(user, community: Community) -> bool:
    from pedset.cabinet.models import CouncilRole

    return council_role(user, community) == CouncilRole.CHAIR


def desk_communities(user):
    """The communities whose expertise desk the person may open (they run its expertise or sit
    on its council): «Моя экспертиза» links to them, the header shows «Экспертиза» for them."""
    from django.db.models import Q

    from pedset.cabinet.models import CouncilMember
    from pedset.communities.models import MembershipStatus

    if not is_active_user(user):
        return Community.objects.none()
    today = timezone.localdate()
    seats = CouncilMember.objects.filter(user=user, since__lte=today).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    return Community.objects.filter(
        Q(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=MANAGERS,
        )
        | Q(pk__in=seats.values("community_id")),
        closed_at__isnull=True,
    ).distinct()


def is_manager(user, community: Community) -> bool:
    return community_role(user, community) in MANAGERS


def may_be_expert(user, community: Community) -> bool:
    """Who may be assigned: an active member with the expert role, or a member of the council."""
    return (
        community_role(user, community) == Role.EXPERT or council_role(user, community) is not None
    )


def _runs_expertise(user, community: Community) -> bool:
    """Coordinators, administrators and the council's chair."""
    return is_manager(user, community) or is_council_chair(user, community)


def _round_is_open(review_round) -> bool:
    material = review_round.material
    return (
        review_round.closed_at is None
        and review_round.number == material.round_number
        and material.status in IN_EXPERTISE
        and not round_has_decision(review_round)
    )


def round_has_decision(review_round) -> bool:
    """Whether the round has a decision (a cached reverse one-to-one, or one query)."""
    from pedset.review.models import Decision

    try:
        return review_round.decision is not None
    except Decision.DoesNotExist:
        return False


def can_view_expertise_desk(user, community: Community) -> bool:
    """Coordinators, administrators and members of the cabinet's council."""
    return is_manager(user, community) or council_role(user, community) is not None


def can_manage_criteria(user, community: Community) -> bool:
    """Coordinators and administrators of an open community."""
    return not community.is_closed and is_manager(user, community)


def can_assign_experts(user, review_round) -> bool:
    """Coordinators, administrators and the council's chair, while the round is open, unless
    they are an author of the material (nobody runs the expertise of their own work). The same
    people withdraw an assignment."""
    community = review_round.material.community
    return (
        not community.is_closed
        and _round_is_open(review_round)
        and _runs_expertise(user, community)
        and not is_author(user, review_round.material)
    )


def _is_own_live(user, assignment, status: str) -> bool:
    community = assignment.round.material.community
    return (
        is_active_user(user)
        and assignment.expert_id == user.pk
        and assignment.status == status
        and not community.is_closed
        and _round_is_open(assignment.round)
        and (
            community_role(user, community) is not None or council_role(user, community) is not None
        )
    )


def can_respond_assignment(user, assignment) -> bool:
    """The invited expert, while the invitation is open: accept or decline."""
    return _is_own_live(user, assignment, "invited")


def can_review(user, assignment) -> bool:
    """The expert of an accepted assignment writes its review, once."""
    from pedset.review.models import Review

    if not _is_own_live(user, assignment, "accepted"):
        return False
    try:
        return assignment.review is None
    except Review.DoesNotExist:
        return True


def can_decide_round(user, review_round) -> bool:
    """Coordinators, administrators and the council's chair, once a review is in, or earlier
    when an expert is overdue (the decision then says why it did not wait)."""
    if not can_assign_experts(user, review_round):
        return False
    assignments = list(review_round.assignments.all())
    if any(a.status == "submitted" for a in assignments):
        return True
    now = timezone.now()
    return any(a.status in LIVE_ASSIGNMENT and a.deadline < now for a in assignments)


def can_view_reviews(user, review_round) -> bool:
    """Coordinators, administrators and council members see every review of the round (not of
    their own material); an expert assigned to it sees their own; the authors see them
    (anonymised) once the round is decided."""
    community = review_round.material.community
    if can_view_expertise_desk(user, community) and not is_author(user, review_round.material):
        return True
    if not is_active_user(user):
        return False
    if any(a.expert_id == user.pk for a in review_round.assignments.all()):
        return True
    return round_has_decision(review_round) and is_author(user, review_round.material)


def can_view_material_expertise(user, material) -> bool:
    """The expertise page of a material (rounds, status, deadlines): those who run the expertise
    and the council, the experts ever assigned to it, and its authors. A draft: only its
    authors (drafts are never shown to anyone else)."""
    if material.status == "draft":
        return is_author(user, material)
    if can_view_expertise_desk(user, material.community):
        return True
    if not is_active_user(user):
        return False
    if is_author(user, material):
        return True
    from pedset.review.models import Assignment

    return Assignment.objects.filter(round__material=material, expert=user).exists()


def is_author(user, material) -> bool:
    if not is_active_user(user):
        return False
    authors = getattr(material, "_pedset_author_ids", None)
    if authors is None:
        authors = set(material.authors.values_list("user_id", flat=True))
        material._pedset_author_ids = authors
    return user.pk in authors

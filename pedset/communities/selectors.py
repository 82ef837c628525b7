from django.db.models import Count, Q

from pedset.communities.models import Community, MembershipStatus


def community_catalogue():
    """Communities with their active member count and operator, for list pages (one query)."""
    return (
        Community.objects.select_related("operator")
        .annotate(
            active_members=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)
            )
        )
        .order_by("closed_at", "name")
    )

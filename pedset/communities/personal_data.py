"""Personal-data hooks of communities: the person's memberships and join requests.

Found by pedset.privacy.registry. Memberships stay (a community's history and counts), their
free text about the person goes.
"""

from pedset.communities.models import Membership


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    memberships = [
        {
            "id": m.pk,
            "community": {"id": m.community_id, "slug": m.community.slug, "name": m.community.name},
            "organisation": m.organisation.short_name if m.organisation_id else None,
            "role": m.role,
            "role_display": str(m.get_role_display()),
            "status": m.status,
            "status_display": str(m.get_status_display()),
            "motivation": m.motivation,
            "rules_accepted_at": _iso(m.rules_accepted_at),
            "consent_id": m.consent_id,
            "requested_at": _iso(m.requested_at),
            "decided_at": _iso(m.decided_at),
            "rejection_reason": m.rejection_reason,
            "left_at": _iso(m.left_at),
        }
        for m in Membership.objects.filter(user=user)
        .select_related("community", "organisation")
        .order_by("requested_at", "id")
    ]
    return {"memberships": memberships}


def erase(user) -> list[str]:
    from pedset.privacy import categories

    erased = []
    if Membership.objects.filter(user=user).exclude(motivation="").update(motivation=""):
        erased.append(str(categories.JOIN_MESSAGES))
    if (
        Membership.objects.filter(user=user)
        .exclude(rejection_reason="")
        .update(rejection_reason="")
    ):
        erased.append(str(categories.REJECTION_REASONS))
    return erased

"""Personal-data hooks of announcements: what the person published.

Found by pedset.privacy.registry. Announcements are the community's record (members were told
of them), so erasure keeps them: the author is shown as a former participant once the account
is anonymised. Nothing here is erased.
"""

from pedset.announcements.selectors import authored_by


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    return {
        "announcements": [
            {
                "id": a.pk,
                "community": {
                    "id": a.community_id,
                    "slug": a.community.slug,
                    "name": a.community.name,
                },
                "title": a.title,
                "text": a.body,
                "published_at": _iso(a.created_at),
                "pinned_until": _iso(a.pinned_until),
                "edited_at": _iso(a.updated_at),
                "deleted_at": _iso(a.deleted_at),
            }
            for a in authored_by(user)
        ]
    }

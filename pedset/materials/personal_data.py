"""Personal-data hooks of the bank of materials: the person's materials (with the names of their
files and links), comments and ratings.

Found by pedset.privacy.registry. On withdrawal the authorship stays — submitted materials are
the community's record and, once included, fixed by an order — and is shown as «Бывший
участник» by User.get_full_name once the account is anonymised, as the forum signs its posts.
Comments stay the same way (public expertise is the community's discussion); ratings stay as
numbers in the material's total, tied to an account that no longer names anybody. What is
erased are the drafts the person wrote alone: nobody else could ever see them, and they may
carry the person's own data.
"""

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils.translation import pgettext_lazy

from pedset.materials.models import (
    Material,
    MaterialAuthor,
    MaterialComment,
    MaterialFile,
    MaterialLink,
    MaterialRating,
    MaterialStatus,
)
from pedset.search.index import schedule_remove

DRAFTS = pgettext_lazy("personal data category", "unsubmitted drafts of methodical materials")


def _iso(value):
    return value.isoformat() if value is not None else None


def _community(material) -> dict:
    community = material.community
    return {"id": community.pk, "slug": community.slug, "name": community.name}


def export(user) -> dict:
    authorships = (
        MaterialAuthor.objects.filter(user=user)
        .select_related("material__community", "material__subject")
        .prefetch_related(
            Prefetch("material__files", queryset=MaterialFile.objects.order_by("id")),
            Prefetch("material__links", queryset=MaterialLink.objects.order_by("id")),
            "material__tags",
        )
        .order_by("material__created_at", "material_id")
    )
    materials = [
        {
            "id": row.material_id,
            "community": _community(row.material),
            "title": row.material.title,
            "annotation": row.material.summary,
            "type": row.material.material_type,
            "level": row.material.level,
            "subject": row.material.subject.name if row.material.subject else None,
            "licence": row.material.licence,
            "tags": [tag.name for tag in row.material.tags.all()],
            "status": row.material.status,
            "i_am_first_author": row.position == 0,
            "created_by_me": row.material.created_by_id == user.pk,
            "created_at": _iso(row.material.created_at),
            "submitted_at": _iso(row.material.submitted_at),
            "authorship_consent_at": _iso(row.material.authorship_consent_at),
            # When I confirmed my own authorship and the publication of my name (152-FZ).
            "my_authorship_confirmed_at": _iso(row.confirmed_at),
            "files": [
                {
                    "name": f.original_name,
                    "size": f.size,
                    "uploaded_at": _iso(f.uploaded_at),
                    "uploaded_by_me": f.uploaded_by_id == user.pk,
                    "replaced_at": _iso(f.replaced_at),
                }
                for f in row.material.files.all()
            ],
            "links": [
                {"url": link.url, "title": link.title, "replaced_at": _iso(link.replaced_at)}
                for link in row.material.links.all()
            ],
        }
        for row in authorships
    ]
    comments = [
        {
            "id": comment.pk,
            "material": {"id": comment.material_id, "title": comment.material.title},
            "community": _community(comment.material),
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
            "text": comment.body,
            "hidden_by_moderator": comment.is_hidden,
            "hidden_reason": comment.hidden_reason,
        }
        for comment in MaterialComment.objects.filter(author=user)
        .select_related("material__community")
        .order_by("created_at", "id")
    ]
    ratings = [
        {
            "material": {"id": rating.material_id, "title": rating.material.title},
            "score": rating.score,
            "updated_at": _iso(rating.updated_at),
        }
        for rating in MaterialRating.objects.filter(user=user)
        .select_related("material")
        .order_by("updated_at", "id")
    ]
    return {"materials": materials, "material_comments": comments, "material_ratings": ratings}


def erase(user) -> list[str]:
    """Drafts written alone go with their files; everything else stays (see the module)."""
    drafts = (
        Material.objects.filter(
            status=MaterialStatus.DRAFT,
            round_number=0,
            pk__in=MaterialAuthor.objects.filter(user=user).values("material_id"),
        )
        .annotate(authors_total=Count("authors", distinct=True))
        .filter(authors_total=1)
    )
    ids = list(drafts.values_list("pk", flat=True))
    if not ids:
        return []
    names = []
    for row in MaterialFile.objects.filter(material_id__in=ids):
        names += [row.file.name, row.preview.name]
    Material.objects.filter(pk__in=ids).delete()
    for pk in ids:
        schedule_remove("material", pk)

    def delete_files():
        from django.core.files.storage import default_storage

        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete_files)
    return [str(DRAFTS)]

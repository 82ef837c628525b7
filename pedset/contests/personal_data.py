"""Personal-data hooks of contests: the person's entries (with the names of their files), seats
on juries and the scores they gave.

Found by pedset.privacy.registry. On withdrawal the entries that stayed in a contest stay — the
results, the ranks and the diplomas issued rest on them — and name nobody once the account is
anonymised (User.get_full_name shows «Бывший участник», initials_name too); the jury's seats and
scores stay the same way, as the record of how the results were reached. What is erased are the
entries the person withdrew and wrote alone, with their files: they take part in nothing.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils.translation import pgettext_lazy

from pedset.contests.models import ContestEntry, EntryAuthor, EntryFile, EntryStatus, JuryMember

WITHDRAWN = pgettext_lazy("personal data category", "contest entries withdrawn by their author")


def _iso(value):
    return value.isoformat() if value is not None else None


def _event(event) -> dict:
    return {"id": event.pk, "title": event.title, "form": event.form}


def export(user) -> dict:
    entries = [
        {
            "event": _event(link.entry.event),
            "title": link.entry.title,
            "annotation": link.entry.summary,
            "nomination": link.entry.nomination.name if link.entry.nomination else None,
            "submitted_by_me": link.entry.submitted_by_id == user.pk,
            "author_position": link.position + 1,
            "organisation": link.entry.organisation.short_name if link.entry.organisation else None,
            "material_id": link.entry.material_id,
            "status": link.entry.status,
            "reason": link.entry.status_reason,
            "submitted_at": _iso(link.entry.submitted_at),
            "files": [f.original_name for f in link.entry.files.all()],
            "placing": link.entry.placing
            if link.entry.event.results_published_at is not None
            else "",
        }
        for link in EntryAuthor.objects.filter(user=user)
        .select_related("entry__event", "entry__nomination", "entry__organisation")
        .prefetch_related("entry__files")
        .order_by("entry__submitted_at", "id")
    ]
    seats = [
        {
            "event": _event(seat.event),
            "chair": seat.is_chair,
            "added_at": _iso(seat.added_at),
            "scores": [
                {
                    "entry": score.entry.title,
                    "criterion": score.criterion.name,
                    "score": score.score,
                    "comment": score.comment,
                    "updated_at": _iso(score.updated_at),
                }
                for score in seat.scores.all()
            ],
        }
        for seat in JuryMember.objects.filter(user=user)
        .select_related("event")
        .prefetch_related("scores__entry", "scores__criterion")
        .order_by("added_at", "id")
    ]
    return {"contest_entries": entries, "jury_seats": seats}


def erase(user) -> list[str]:
    """Withdrawn entries written alone go with their files; everything else stays."""
    ids = list(
        ContestEntry.objects.filter(submitted_by=user, status=EntryStatus.WITHDRAWN)
        .annotate(authors_total=Count("authors", distinct=True))
        .filter(authors_total__lte=1)
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    names = list(EntryFile.objects.filter(entry_id__in=ids).values_list("file", flat=True))
    ContestEntry.objects.filter(pk__in=ids).delete()

    def delete_files():
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete_files)
    return [str(WITHDRAWN)]

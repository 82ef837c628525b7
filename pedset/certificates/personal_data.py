"""Personal-data hooks of the certificates app (found by pedset.privacy.registry).

The documents themselves belong to the registry (pedset.documents.personal_data keeps them as
official records and cuts them from the account). Here only the link of the account to the
events' awards is kept: the export lists them; erasure clears ``EventAward.user``, so the award
stays with its document (the event's list shows the printed name) but no longer says which
account it was."""

from django.utils.translation import pgettext_lazy

from pedset.certificates.models import EventAward

LINK_TO_AWARDS = pgettext_lazy(
    "personal data category",
    "link of the account to the certificates and diplomas of events",
)


def export(user) -> dict:
    return {
        "event_awards": [
            {
                "event": award.event_id,
                "event_title": award.event.title,
                "ground": award.ground,
                "document_number": award.document.number,
                "issued_at": award.created_at.isoformat(),
                "revoked": award.document.is_revoked,
            }
            for award in EventAward.objects.filter(user=user)
            .select_related("event", "document")
            .order_by("created_at", "id")
        ]
    }


def erase(user) -> list[str]:
    cleared = EventAward.objects.filter(user=user).update(user=None)
    return [str(LINK_TO_AWARDS)] if cleared else []

"""Personal-data hooks of the documents registry.

Found by pedset.privacy.registry. An issued document is an official record: it was numbered,
hashed and handed over, its holder may still present it on paper, and anyone may check it by its
code. Erasure therefore keeps the document (its printed name too — it is part of the hashed text
and of what the paper says) but cuts it from the account: `recipient` is cleared, so it leaves
«Мои документы», and the public /verify page keeps showing only what was printed, the holder as
initials and surname. docs/architecture.md says so.
"""

from django.utils.translation import pgettext_lazy

from pedset.documents.models import Document

LINK_TO_DOCUMENTS = pgettext_lazy(
    "personal data category",
    "link of the account to the documents issued to the person (the documents are kept as "
    "official records)",
)


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    return {
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "number": d.number,
                "date": d.content.get("date") if isinstance(d.content, dict) else None,
                "title": d.title,
                "issued_to": d.recipient_name,
                "community": d.community.name if d.community_id else None,
                "issued_at": _iso(d.issued_at),
                "verification_code": d.verification_code,
                "content_hash": d.content_hash,
                "revoked_at": _iso(d.revoked_at),
                "revocation_reason": d.revocation_reason,
                "content": d.content,
            }
            for d in Document.objects.filter(recipient=user)
            .select_related("community")
            .order_by("issued_at", "id")
        ]
    }


def erase(user) -> list[str]:
    cleared = Document.objects.filter(recipient=user).update(recipient=None)
    return [str(LINK_TO_DOCUMENTS)] if cleared else []

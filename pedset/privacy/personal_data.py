"""Personal-data hooks of privacy: the person's consents.

Consent records are kept after revocation: they are the operator's proof that processing was
lawful while it lasted (152-FZ art. 9 p. 3). The person's row they point to is anonymised.
"""

from pedset.privacy.models import Consent


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    consents = [
        {
            "id": c.pk,
            "operator": {"id": c.operator_id, "name": c.operator.full_name},
            "kind": c.kind,
            "kind_display": str(c.get_kind_display()),
            "field": c.field,
            "version": c.version,
            "text_title": c.consent_text.title,
            "text_hash": c.text_hash,
            "source": c.source,
            "source_display": str(c.get_source_display()),
            "given_at": _iso(c.given_at),
            "ip_address": c.ip_address,
            "revoked_at": _iso(c.revoked_at),
            "is_active": c.is_active,
        }
        for c in Consent.objects.filter(user=user)
        .select_related("operator", "consent_text")
        .order_by("given_at", "id")
    ]
    return {"consents": consents}

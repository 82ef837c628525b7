"""Consent to personal-data processing (152-FZ) — every write about consent lives here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from pedset.core.audit import audit_record, client_ip
from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation
from pedset.privacy.models import Consent, ConsentKind, ConsentText


class ConsentUnavailable(Exception):
    """The operator has published no consent text of that kind: nothing can be agreed to."""


def platform_operator() -> Organisation | None:
    return Organisation.objects.filter(operates_platform=True).first()


def current_consent_text(operator: Organisation, kind: str = ConsentKind.PROCESSING):
    return ConsentText.objects.filter(operator=operator, kind=kind).order_by("-version").first()


def active_consent(user, operator: Organisation, kind: str = ConsentKind.PROCESSING, field=""):
    return Consent.objects.filter(
        user=user, operator=operator, kind=kind, field=field, revoked_at__isnull=True
    ).first()


@transaction.atomic
def consent_give(
    *,
    user,
    operator: Organisation,
    source: str,
    kind: str = ConsentKind.PROCESSING,
    field: str = "",
    request=None,
) -> Consent:
    """Record the person's consent to the operator's current text. Idempotent per version."""
    text = current_consent_text(operator, kind)
    if text is None:
        raise ConsentUnavailable(operator)
    existing = active_consent(user, operator, kind, field)
    if existing is not None and existing.consent_text_id == text.pk:
        return existing
    if existing is not None:  # agreeing to a newer version supersedes the older one
        existing.revoked_at = timezone.now()
        existing.save(update_fields=["revoked_at"])

    consent = Consent.objects.create(
        user=user,
        consent_text=text,
        operator=operator,
        kind=kind,
        field=field,
        version=text.version,
        text_hash=text.text_hash,
        source=source,
        ip_address=client_ip(request),
    )
    audit_record(
        AuditEvent.Action.CONSENT_GIVEN
        if kind == ConsentKind.PROCESSING
        else AuditEvent.Action.PUBLICATION_CONSENT_GIVEN,
        actor=user,
        target=consent,
        subject_user=user,
        data={
            "operator": operator.pk,
            "version": text.version,
            "text_hash": text.text_hash,
            "field": field,
            "source": source,
        },
        request=request,
    )
    return consent


@transaction.atomic
def publication_consent_revoke(*, user, field: str, request=None) -> int:
    """Withdraw consent to making one profile field public. Returns how many were active."""
    revoked = 0
    for consent in Consent.objects.select_for_update().filter(
        user=user, kind=ConsentKind.PUBLICATION, field=field, revoked_at__isnull=True
    ):
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
        audit_record(
            AuditEvent.Action.PUBLICATION_CONSENT_REVOKED,
            actor=user,
            target=consent,
            subject_user=user,
            data={"field": field, "version": consent.version},
            request=request,
        )
        revoked += 1
    return revoked

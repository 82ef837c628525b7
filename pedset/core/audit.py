"""Writing to the append-only audit log. Every accountable service calls audit_record()."""

from __future__ import annotations

from django.db import models

from pedset.core.models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    # Behind nginx the real address comes in X-Real-IP (docs/deployment.md sets it).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


def audit_record(
    action: str,
    *,
    actor=None,
    community=None,
    target: models.Model | None = None,
    subject_user=None,
    reason: str = "",
    data: dict | None = None,
    request=None,
) -> AuditEvent:
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        community=community,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        subject_user_id=getattr(subject_user, "pk", subject_user),
        reason=reason,
        data=data or {},
        ip_address=client_ip(request),
    )

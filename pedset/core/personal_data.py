"""Personal-data hooks of core: notifications and the audit events about the person.

Found by pedset.privacy.registry. The audit log is append-only and is the operator's proof of
lawful processing, so it is exported but never erased (the act of destruction quotes it).
"""

from pedset.core.models import AuditEvent, Notification


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    notifications = [
        {
            "created_at": _iso(n.created_at),
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "read_at": _iso(n.read_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
    ]
    audit_events = [
        {
            "id": event.pk,
            "time": _iso(event.created_at),
            "action": event.action,
            "action_display": str(event.get_action_display()),
            "actor_id": event.actor_id,
            "by_me": event.actor_id == user.pk,
            "community_id": event.community_id,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "reason": event.reason,
            "data": event.data,
            # An address is the actor's: shown only when the actor is the person themselves.
            "ip_address": event.ip_address if event.actor_id == user.pk else None,
        }
        for event in AuditEvent.objects.filter(subject_user_id=user.pk).order_by("created_at", "id")
    ]
    return {"notifications": notifications, "audit_events": audit_events}


def erase(user) -> list[str]:
    from pedset.privacy import categories

    deleted, _ = Notification.objects.filter(recipient=user).delete()
    return [str(categories.NOTIFICATIONS)] if deleted else []

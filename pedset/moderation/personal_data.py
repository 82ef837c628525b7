"""Personal-data hooks of moderation: the person's reports, the warnings and suspensions they
received, and the moderation log entries about them.

Found by pedset.privacy.registry. Warnings, suspensions and the log are the community's record
of how its rules were applied (G2) and stay; the moderators who acted are not named in the
export (their data is theirs). The free text the person wrote in their reports goes on erasure.
"""

from django.utils.translation import pgettext_lazy

from pedset.moderation.models import Flag, MemberWarning, ModerationAction, Suspension

REPORT_COMMENTS = pgettext_lazy("personal data category", "comments in reports to moderators")


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    reports = [
        {
            "id": flag.pk,
            "community_id": flag.community_id,
            "post_id": flag.post_id,
            "message_id": flag.message_id,
            "reason": flag.reason,
            "reason_display": str(flag.get_reason_display()),
            "comment": flag.comment,
            "status": flag.status,
            "status_display": str(flag.get_status_display()),
            "created_at": _iso(flag.created_at),
            "resolved_at": _iso(flag.resolved_at),
        }
        for flag in Flag.objects.filter(reporter=user).order_by("created_at", "id")
    ]
    warnings = [
        {
            "community_id": w.community_id,
            "reason": w.reason,
            "post_id": w.post_id,
            "created_at": _iso(w.created_at),
        }
        for w in MemberWarning.objects.filter(user=user).order_by("created_at", "id")
    ]
    suspensions = [
        {
            "community_id": s.community_id,
            "reason": s.reason,
            "starts_at": _iso(s.starts_at),
            "ends_at": _iso(s.ends_at),
            "lifted_at": _iso(s.lifted_at),
        }
        for s in Suspension.objects.filter(user=user).order_by("starts_at", "id")
    ]
    actions = [
        {
            "community_id": a.community_id,
            "action": a.action,
            "action_display": str(a.get_action_display()),
            "reason": a.reason,
            "post_id": a.post_id,
            "topic_id": a.topic_id,
            "message_id": a.message_id,
            "created_at": _iso(a.created_at),
        }
        for a in ModerationAction.objects.filter(target_user=user).order_by("created_at", "id")
    ]
    return {
        "moderation_reports": reports,
        "moderation_warnings": warnings,
        "moderation_suspensions": suspensions,
        "moderation_actions_about_me": actions,
    }


def erase(user) -> list[str]:
    if Flag.objects.filter(reporter=user).exclude(comment="").update(comment=""):
        return [str(REPORT_COMMENTS)]
    return []

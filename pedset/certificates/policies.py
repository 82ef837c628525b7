"""Who may issue and revoke the documents of an event. The permission table in
pedset/core/permission_table.py declares the expected answer of each function for every role.

Running an event — certificates included — is for its organisers, the community's coordinators
and administrators and platform administrators (pedset.events.policies.can_manage_event), not
while suspended in the community. When the documents may be issued (the event ended, the results
of a contest are published) is a question of state, not of role: services.issue_refusal.
Everyone sees their own documents; the list of everybody's is for those who run the event."""

from __future__ import annotations

from pedset.certificates.models import EventAward
from pedset.events.models import EventStatus
from pedset.events.policies import can_manage_event
from pedset.moderation.policies import is_suspended


def _runs(user, event) -> bool:
    return can_manage_event(user, event) and not is_suspended(user, event.community)


def can_issue_certificates(user, event) -> bool:
    """Those who run an announced event of an open community."""
    if event.status != EventStatus.PUBLISHED or event.community.closed_at is not None:
        return False
    return _runs(user, event)


def can_see_awards(user, event) -> bool:
    """The list of everyone's documents of the event (names: personal data)."""
    return can_manage_event(user, event)


def can_revoke_award(user, award: EventAward) -> bool:
    """Those who run the event, while the document is not revoked yet."""
    if award.document.is_revoked:
        return False
    return _runs(user, award.event)

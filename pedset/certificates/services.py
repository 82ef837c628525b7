"""Issuing and revoking the documents of an event: participants', speakers' and organisers'
certificates, winners' and prize-winners' diplomas, the jury's letters of thanks.

`certificates_issue_for_event` issues one document of the registry (documents.services.
document_issue: the next number, the PDF with the verification code and QR) to everyone who
qualifies (selectors.qualifying) and has not got theirs yet. Each document is issued in a
transaction of its own, so a run of 150 holds the register's number lock for one document at a
time, a failure midway keeps what was issued, and a repeated run issues only what is missing
(EventAward is unique per event, person and ground; concurrent runs are serialised on the
event's row and lose nothing). Each holder gets one notice per document (kind document_issued,
e-mailed at once by default). DOCX is not made for these documents: the PDF is what a holder
prints, and skipping DOCX saves a third of the time (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pedset.certificates import policies, selectors, wording
from pedset.certificates.models import EventAward
from pedset.communities.services import ActionRefused
from pedset.core.audit import audit_record
from pedset.core.notify import notify
from pedset.events.models import Event, EventStatus

ACTION_ISSUED = "event_certificates_issued"
ACTION_REVOKED = "event_award_revoked"


@dataclass
class IssueResult:
    issued: list[EventAward] = field(default_factory=list)
    # People who qualify and already had their document (from an earlier or concurrent run).
    skipped: int = 0


def issue_refusal(event, now=None) -> str | None:
    """Why the documents of the event cannot be issued now, or None when they can."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("Documents are issued only for announced events.")
    if event.community.closed_at is not None:
        return _("The community is closed: no documents are issued for its events.")
    if event.ends_at > now:
        return _("The event has not ended yet: documents are issued once it is over.")
    if event.has_jury and event.results_published_at is None:
        return _(
            "The results of the contest are not published yet: its documents are issued "
            "after the results."
        )
    return None


def certificates_issue_for_event(*, actor, event, limit: int | None = None) -> IssueResult:
    """Issue every document of the event that is due and not issued yet (at most ``limit``).

    ``actor=None`` is the platform itself (the periodic command); a person must be allowed
    (policies.can_issue_certificates). Refuses an event that is not over, not announced, or a
    contest whose results are not published."""
    if actor is not None and not policies.can_issue_certificates(actor, event):
        raise PermissionDenied
    refusal = issue_refusal(event)
    if refusal:
        raise ActionRefused(refusal)
    rows = selectors.qualifying(event)
    done = selectors.issued_keys(event)
    details = selectors.award_details(event)
    signer = selectors.signer_of(event.community)
    result = IssueResult()
    for user, ground, entry in rows:
        if (user.pk, str(ground)) in done:
            result.skipped += 1
            continue
        if limit is not None and len(result.issued) >= limit:
            break
        award = _issue_one(
            actor=actor,
            event=event,
            user=user,
            ground=ground,
            entry=entry,
            topic=details.topics.get(user.pk, ""),
            is_chair=user.pk in details.chairs,
            signer=signer,
        )
        if award is None:
            result.skipped += 1
        else:
            result.issued.append(award)
    with transaction.atomic():
        now = timezone.now()
        if Event.objects.filter(pk=event.pk, certificates_issued_at__isnull=True).update(
            certificates_issued_at=now
        ):
            event.certificates_issued_at = now
        audit_record(
            ACTION_ISSUED,
            actor=actor,
            community=event.community,
            target=event,
            data={
                "qualifying": len(rows),
                "issued": len(result.issued),
                "skipped": result.skipped,
                "documents": [award.document.number for award in result.issued][:500],
            },
        )
    return result


def _issue_one(*, actor, event, user, ground, entry, topic, is_chair, signer) -> EventAward | None:
    """One document in its own transaction; None when it exists already (another run)."""
    from pedset.documents.services import document_issue

    text = wording.award_text(
        event=event,
        user=user,
        ground=ground,
        entry=entry,
        signer=signer,
        topic=topic,
        is_chair=is_chair,
    )
    try:
        with transaction.atomic():
            # Concurrent runs for one event take turns here, then see each other's awards.
            Event.objects.select_for_update().filter(pk=event.pk).values_list("pk").first()
            if EventAward.objects.filter(event=event, user=user, ground=ground).exists():
                return None
            document = document_issue(
                actor=actor,
                community=event.community,
                kind=text.kind,
                title=text.title,
                content=text.content,
                recipient=user,
                recipient_name=text.recipient_name,
                source=event,
                with_docx=False,
                notify_recipient=False,  # told below, in the holder's language, with the event
            )
            award = EventAward.objects.create(
                event=event, user=user, ground=ground, document=document, entry=entry
            )
            _tell_holder(user, document, event)
    except IntegrityError:
        return None
    return award


def _tell_holder(user, document, event) -> None:
    from pedset.documents.services import verify_path

    with translation.override(user.language or settings.LANGUAGE_CODE):
        notify(
            user,
            kind="document_issued",
            title=_("A document is issued to you: %(kind)s № %(number)s, «%(event)s»")
            % {
                "kind": document.get_kind_display(),
                "number": document.number,
                "event": event.title,
            },
            body=_(
                "It is kept in «My documents»; anyone can check it by its QR code or at the "
                "address printed under it."
            ),
            url=verify_path(document.verification_code),
        )


@transaction.atomic
def certificate_revoke(*, actor, award: EventAward, reason, reissue: bool = False):
    """Revoke the document of an award (documents.services.document_revoke: the registry
    records the revocation, the holder is told). Allowed to those who run the event.

    ``reissue``: the document was wrong (a misspelt name, the wrong gender) rather than
    undeserved — the award is let go (the revoked document stays in the registry and in the
    holder's documents) and, if the person still qualifies, a new document is issued with
    today's data. Returns the new award, else the revoked one."""
    from pedset.documents.policies import can_revoke_document
    from pedset.documents.services import document_revoke

    if not policies.can_revoke_award(actor, award):
        raise PermissionDenied
    # An organiser who is not a coordinator runs the event but does not keep the registry:
    # the registry records the revocation as the platform's, this app's audit names them.
    registry_actor = actor if can_revoke_document(actor, award.document) else None
    document_revoke(actor=registry_actor, document=award.document, reason=reason)
    audit_record(
        ACTION_REVOKED,
        actor=actor,
        community=award.event.community,
        target=award,
        subject_user=award.user_id,
        reason=str(reason).strip(),
        data={
            "event": award.event_id,
            "ground": award.ground,
            "document": award.document_id,
            "number": award.document.number,
            "reissue": bool(reissue),
        },
    )
    if not reissue:
        return award
    event, user, ground = award.event, award.user, award.ground
    award.delete()
    if user is None or issue_refusal(event):
        return award
    for person, qualified_ground, entry in selectors.qualifying(event):
        if person.pk == user.pk and str(qualified_ground) == str(ground):
            details = selectors.award_details(event)
            new = _issue_one(
                actor=actor,
                event=event,
                user=person,
                ground=qualified_ground,
                entry=entry,
                topic=details.topics.get(person.pk, ""),
                is_chair=person.pk in details.chairs,
                signer=selectors.signer_of(event.community),
            )
            return new or award
    return award

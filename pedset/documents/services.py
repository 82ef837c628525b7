"""Issuing and revoking documents of the registry.

`document_issue` runs inside the caller's transaction: it takes the next number under a row lock
on NumberSequence, renders PDF (+ DOCX), stores both under random names and writes the Document.
If the caller's transaction rolls back, the stored files are deleted again (see
`_delete_unless_committed`). Issued documents never change: no service edits them;
`document_revoke` records a revocation beside the document.

Printed numbers (unique within a community, a kind and a year):

    order                     «15-ВМК»       (the order register of the cabinet; content.extra
                                              ["register_index"] names another register)
    extract from the protocol «В-2026/0007»
    certificate of publication «С-2026/0015»
    certificate               «СТ-2026/0003»
    diploma                   «Д-2026/0001»
    letter of thanks          «БП-2026/0002»
    report                    «О-2026/0001»
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import weakref
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pedset.communities.services import ActionRefused
from pedset.core.audit import audit_record
from pedset.core.notify import notify
from pedset.documents import policies
from pedset.documents.content import DocumentContent
from pedset.documents.models import Document, DocumentKind, NumberSequence
from pedset.documents.rendering import PrintedDocument, render_docx, render_pdf

logger = logging.getLogger(__name__)

# Unambiguous: no 0/O, 1/I/L; 31 symbols ** 12 ≈ 8·10^17 codes, read aloud or typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12

ACTION_ISSUED = "document_issued"
ACTION_REVOKED = "document_revoked"

_YEARLY_PREFIX = {
    DocumentKind.PROTOCOL_EXTRACT: "В",
    DocumentKind.PUBLICATION_CERTIFICATE: "С",
    DocumentKind.CERTIFICATE: "СТ",
    DocumentKind.DIPLOMA: "Д",
    DocumentKind.LETTER_OF_THANKS: "БП",
    DocumentKind.REPORT: "О",
}
ORDER_REGISTER_INDEX = "ВМК"


def format_number(kind: str, year: int, sequence: int, content: DocumentContent | None = None):
    """The number as printed on the document (see the module docstring)."""
    if kind == DocumentKind.ORDER:
        index = (content.extra.get("register_index") if content else "") or ORDER_REGISTER_INDEX
        return f"{sequence}-{index}"
    return f"{_YEARLY_PREFIX.get(kind, 'Д')}-{year}/{sequence:04d}"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """What a person typed (lower case, spaces, dashes, a Cyrillic look-alike) → a stored code."""
    lookalikes = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
    return "".join(ch for ch in value.upper().translate(lookalikes) if ch.isalnum())[:32]


def canonical_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(*, kind, number, date, title, recipient_name, content) -> str:
    """SHA-256 of the canonical JSON of what the document says."""
    payload = {
        "kind": str(kind),
        "number": number,
        "date": date,
        "title": title,
        "recipient_name": recipient_name,
        "content": content,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def document_hash(document: Document) -> str:
    """The hash recomputed from the stored row (the /verify page compares it)."""
    return content_hash(
        kind=document.kind,
        number=document.number,
        date=document.content.get("date", ""),
        title=document.title,
        recipient_name=document.recipient_name,
        content=document.content,
    )


def issuing_organisation(community):
    """Who issues: the community's operator; for platform documents the platform operator."""
    from pedset.organisations.models import Organisation

    if community is not None:
        return community.operator
    organisation = Organisation.objects.filter(operates_platform=True).first()
    if organisation is None:
        raise ActionRefused(_("The platform operator organisation is not set."))
    return organisation


def zone_of(community):
    return zoneinfo.ZoneInfo(community.time_zone if community else settings.TIME_ZONE)


def verify_path(code: str) -> str:
    return reverse("documents:verify", args=[code])


def _next_sequence(community, kind: str, year: int) -> int:
    """The next number of the register, taken under a row lock (SQLite serialises by
    IMMEDIATE transactions, PostgreSQL by SELECT … FOR UPDATE)."""
    # get_or_create in a savepoint: when two first issues of a year both insert, the loser's
    # INSERT waits for the winner's commit, fails on the unique index and re-reads (locked).
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        community=community, kind=kind, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _unused_code() -> str:
    while True:
        code = new_verification_code()
        if not Document.objects.filter(verification_code=code).exists():
            return code


class _StoredFiles:
    """Files written during a transaction, deleted unless the transaction commits.

    Django has no on-rollback hook, but it drops the pending on_commit callbacks of a rolled
    back transaction (or savepoint): this object is held only by its callback, so when the
    callback is dropped unrun, the finaliser deletes the files; when it runs, it marks them
    kept first. The finaliser also runs at interpreter exit for a transaction never finished."""

    def __init__(self, names: list[str]):
        self.committed = {"value": False}
        weakref.finalize(self, _delete_unless_committed, list(names), self.committed)

    def __call__(self):
        self.committed["value"] = True


def _delete_unless_committed(names: list[str], committed: dict) -> None:
    if committed["value"]:
        return
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - cleanup must never raise from a finaliser
            logger.exception("Could not delete the file %s of a rolled back document", name)


def _store(data: bytes, year: int, extension: str) -> str:
    name = f"documents/{year}/{secrets.token_hex(16)}.{extension}"
    return default_storage.save(name, ContentFile(data))


def document_issue(
    *,
    actor,
    community,
    kind,
    title,
    content: DocumentContent,
    recipient=None,
    recipient_name="",
    source=None,
    with_docx=True,
    notify_recipient=True,
) -> Document:
    """Take the next number, render PDF (+ DOCX), store both, return the Document.

    Runs inside the caller's transaction; the files are removed again if it rolls back. The
    recipient is told (kind document_issued) unless the caller tells them itself in a notice
    of its own (``notify_recipient=False``), so that one event makes one notice."""
    if kind not in DocumentKind.values:
        raise ActionRefused(_("Unknown document type."))
    title = " ".join(str(title).split())
    if not title:
        raise ActionRefused(_("A document needs a title."))
    if recipient is not None and not recipient_name:
        recipient_name = recipient.get_full_name()
    recipient_name = " ".join(str(recipient_name).split())
    if len(recipient_name) > Document._meta.get_field("recipient_name").max_length:
        raise ActionRefused(_("The name of the recipient is too long."))
    organisation = issuing_organisation(community)

    issued_at = timezone.now()
    local_day = timezone.localtime(issued_at, zone_of(community)).date()
    stored: list[str] = []
    try:
        with transaction.atomic():
            sequence = _next_sequence(community, kind, local_day.year)
            number = format_number(kind, local_day.year, sequence, content)
            code = _unused_code()
            printed = PrintedDocument(
                kind=kind,
                number=number,
                date=local_day,
                organisation=organisation.full_name,
                community=community.name if community else "",
                recipient_name=recipient_name,
                verify_url=f"{settings.SITE_URL}{verify_path(code)}",
                content=json.loads(canonical_json(content.as_dict())),
            )
            stored_content = {
                **printed.content,
                "date": local_day.isoformat(),
                "organisation": printed.organisation,
                "community": printed.community,
                "verify_url": printed.verify_url,
            }
            pdf_name = _store(render_pdf(printed), local_day.year, "pdf")
            stored.append(pdf_name)
            docx_name = ""
            if with_docx:
                docx_name = _store(render_docx(printed), local_day.year, "docx")
                stored.append(docx_name)
            document = Document(
                community=community,
                kind=kind,
                year=local_day.year,
                sequence=sequence,
                number=number,
                title=title[:500],
                recipient=recipient,
                recipient_name=recipient_name,
                content=stored_content,
                verification_code=code,
                source_type=source._meta.label_lower if source is not None else "",
                source_id=str(source.pk) if source is not None else "",
                issued_at=issued_at,
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            document.content_hash = document_hash(document)
            document.pdf.name = pdf_name
            document.docx.name = docx_name
            document.save()
            audit_record(
                ACTION_ISSUED,
                actor=actor,
                community=community,
                target=document,
                subject_user=recipient,
                data={"kind": kind, "number": number, "code": code},
            )
            if recipient is not None and notify_recipient:
                notify(
                    recipient,
                    kind="document_issued",
                    title=_("A document is issued to you: %(kind)s № %(number)s")
                    % {"kind": document.get_kind_display(), "number": number},
                    url=verify_path(code),
                )
            transaction.on_commit(_StoredFiles(stored))
    except BaseException:
        _delete_unless_committed(stored, {"value": False})
        raise
    return document


@transaction.atomic
def document_revoke(*, actor, document: Document, reason) -> Document:
    """Record that the document is revoked. The document itself stays as issued. ``actor=None``
    is the platform itself (a later app revoking by its own rule); a person must be allowed."""
    if actor is not None and not policies.can_revoke_document(actor, document):
        raise PermissionDenied
    reason = str(reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the document is revoked."))
    if len(reason) > 2000:
        raise ActionRefused(
            _("The reason is too long: at most %(max)s characters (now %(n)s).")
            % {"max": 2000, "n": len(reason)}
        )
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.is_revoked:
        raise ActionRefused(_("The document is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        ACTION_REVOKED,
        actor=actor,
        community=locked.community,
        target=locked,
        subject_user=locked.recipient_id,
        reason=reason,
        data={"kind": locked.kind, "number": locked.number},
    )
    if locked.recipient_id is not None:
        notify(
            locked.recipient,
            kind="document_issued",
            title=_("A document issued to you is revoked: %(kind)s № %(number)s")
            % {"kind": locked.get_kind_display(), "number": locked.number},
            url=verify_path(locked.verification_code),
        )
    document.revoked_at = locked.revoked_at
    document.revoked_by = locked.revoked_by
    document.revocation_reason = locked.revocation_reason
    return locked

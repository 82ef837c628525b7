"""Consent to personal-data processing (152-FZ) — every write about consent lives here."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pedset.core import ratelimit
from pedset.core.audit import audit_record, client_ip
from pedset.core.models import AuditEvent
from pedset.core.notify import send_email_after_commit
from pedset.core.policies import forget_cached_roles
from pedset.organisations.models import Organisation
from pedset.privacy.models import (
    Consent,
    ConsentKind,
    ConsentText,
    DestructionAct,
    DestructionActCounter,
    normalise_text,
)
from pedset.privacy.registry import erase_hooks


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


# --- Consent texts ---------------------------------------------------------------------------


class ConsentTextUnchanged(Exception):
    """The new version would repeat the current one word for word."""


@transaction.atomic
def consent_text_publish(
    *, actor, operator: Organisation, kind: str, title: str, text: str, request=None
) -> ConsentText:
    """Publish version N+1 of the operator's text. Earlier versions are never touched."""
    # Lock the operator: two administrators publishing at once get N+1 and N+2, not a clash.
    Organisation.objects.select_for_update().filter(pk=operator.pk).first()
    text = normalise_text(text)
    title = title.strip()
    current = current_consent_text(operator, kind)
    if current is not None and current.text_hash == ConsentText.hash_text(text):
        raise ConsentTextUnchanged(current)
    consent_text = ConsentText.objects.create(
        operator=operator,
        kind=kind,
        version=(current.version + 1) if current is not None else 1,
        title=title,
        text=text,
    )
    audit_record(
        AuditEvent.Action.CONSENT_TEXT_PUBLISHED,
        actor=actor,
        target=consent_text,
        data={
            "operator": operator.pk,
            "kind": kind,
            "version": consent_text.version,
            "text_hash": consent_text.text_hash,
        },
        request=request,
    )
    return consent_text


# --- Revocation ------------------------------------------------------------------------------


class WithdrawalRequired(Exception):
    """The platform operator's processing consent is revoked only by leaving the platform."""


class AlreadyWithdrawn(Exception):
    """The person's data has been destroyed already."""


def _official(message) -> str:
    """A text stored in records (audit reasons, acts): always in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def is_platform_processing(consent: Consent) -> bool:
    operator = platform_operator()
    return (
        consent.kind == ConsentKind.PROCESSING
        and operator is not None
        and consent.operator_id == operator.pk
    )


def _leave_communities(user, memberships, *, reason: str, request=None) -> list:
    """Every open membership (active or pending) in the given queryset ends: status LEFT."""
    from pedset.communities.models import MembershipStatus

    now = timezone.now()
    left = list(
        # Lock the memberships only: the community rows belong to the member-cap logic.
        memberships.select_for_update(of=("self",))
        .filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING])
        .select_related("community")
    )
    for membership in left:
        previous = membership.status
        membership.status = MembershipStatus.LEFT
        membership.left_at = now
        membership.save(update_fields=["status", "left_at"])
        audit_record(
            AuditEvent.Action.MEMBERSHIP_LEFT,
            actor=user,
            community=membership.community,
            target=membership,
            subject_user=user,
            reason=reason,
            data={
                "previous_status": previous,
                "role": membership.role,
                "withdrawn_request": previous == MembershipStatus.PENDING,
            },
            request=request,
        )
    forget_cached_roles(user)
    return left


def communities_left_on_revocation(user, consent: Consent):
    """The open memberships that revoking this consent ends (shown before the person confirms)."""
    from pedset.communities.models import Membership, MembershipStatus

    if consent.kind != ConsentKind.PROCESSING:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=user,
        community__operator_id=consent.operator_id,
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING],
    ).select_related("community")


@transaction.atomic
def consent_revoke(*, user, consent: Consent, request=None) -> list:
    """Revoke one consent. A community operator's processing consent takes the person out of
    every community that operator runs. Returns the memberships that ended."""
    from pedset.communities.models import Membership

    if is_platform_processing(consent):
        raise WithdrawalRequired(consent)
    if consent.kind == ConsentKind.PUBLICATION:
        publication_consent_revoke(user=user, field=consent.field, request=request)
        return []

    now = timezone.now()
    # Every active consent given to this operator goes: processing stops as a whole.
    revoked = list(
        Consent.objects.select_for_update().filter(
            user=user, operator_id=consent.operator_id, revoked_at__isnull=True
        )
    )
    if not revoked:
        return []
    Consent.objects.filter(pk__in=[c.pk for c in revoked]).update(revoked_at=now)
    reason = _official(
        gettext_lazy("Consent to the processing of personal data revoked by the person")
    )
    left = _leave_communities(
        user,
        Membership.objects.filter(user=user, community__operator_id=consent.operator_id),
        reason=reason,
        request=request,
    )
    audit_record(
        AuditEvent.Action.CONSENT_REVOKED,
        actor=user,
        target=consent,
        subject_user=user,
        reason=reason,
        data={
            "operator": consent.operator_id,
            "consents": [c.pk for c in revoked],
            "versions": sorted({c.version for c in revoked}),
            "communities_left": [m.community_id for m in left],
        },
        request=request,
    )
    return left


# --- Destruction acts ------------------------------------------------------------------------


def _act_year(now=None) -> int:
    return timezone.localdate(now or timezone.now(), timezone.get_default_timezone()).year


def destruction_act_number_next(now=None) -> str:
    """«АУ-2026-0001»: sequential per year. Call inside a transaction: the year's counter row
    stays locked until it commits, so concurrent acts queue for their numbers."""
    year = _act_year(now)
    counter, _created = DestructionActCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{DestructionAct.NUMBER_PREFIX}-{year}-{counter.last_number:04d}"


@transaction.atomic
def destruction_act_create(
    *, subject_user_id: int, operator, reason: str, destroyed: list, audit_extract: list
) -> DestructionAct:
    return DestructionAct.objects.create(
        number=destruction_act_number_next(),
        subject_user_id=subject_user_id,
        operator=operator,
        reason=reason,
        destroyed=destroyed,
        audit_extract=audit_extract,
    )


def audit_extract(subject_user_id: int) -> list[dict]:
    """The audit log about one person, as the act quotes it: no data, only who did what when."""
    return [
        {
            "event_id": event.pk,
            "time": event.created_at.isoformat(),
            "action": event.action,
            "actor_id": event.actor_id,
            "reason": event.reason,
        }
        for event in AuditEvent.objects.filter(subject_user_id=subject_user_id).order_by(
            "created_at", "id"
        )
    ]


def consent_revoke_all(*, user, request=None) -> DestructionAct:
    """The person withdraws from the platform (revokes the platform operator's consent).

    In one transaction: every consent revoked, every community left, every session ended, the
    account deactivated, personal data erased or anonymised by every app's personal_data hook,
    and an act of destruction written with the audit extract that backs it.
    """
    from pedset.accounts.models import User
    from pedset.accounts.services import user_deactivate, user_sessions_end
    from pedset.communities.models import Membership

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_former:
            raise AlreadyWithdrawn(user)
        email = user.email
        reason = _official(
            gettext_lazy(
                "Revocation by the personal data subject of the consent to the processing of "
                "personal data (Federal Law of 27.07.2006 No. 152-FZ, art. 9 p. 2, art. 21 p. 5)"
            )
        )
        now = timezone.now()
        revoked = list(
            Consent.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        )
        Consent.objects.filter(pk__in=[c.pk for c in revoked]).update(revoked_at=now)
        left = _leave_communities(
            user, Membership.objects.filter(user=user), reason=reason, request=request
        )
        user_sessions_end(user)
        user_deactivate(actor=user, user=user, reason=reason, request=request)

        destroyed: list[str] = []
        with translation.override(settings.LANGUAGE_CODE):
            for hook in erase_hooks():
                for category in hook.erase(user) or []:
                    if str(category) not in destroyed:
                        destroyed.append(str(category))
        User.objects.filter(pk=user.pk).update(anonymised_at=now, is_active=False)
        user.anonymised_at, user.is_active = now, False

        act = destruction_act_create(
            subject_user_id=user.pk,
            operator=platform_operator(),
            reason=reason,
            destroyed=destroyed,
            audit_extract=audit_extract(user.pk),
        )
        audit_record(
            AuditEvent.Action.CONSENT_REVOKED,
            actor=user,
            subject_user=user,
            target=user,
            reason=reason,
            data={
                "consents": [c.pk for c in revoked],
                "communities_left": [m.community_id for m in left],
                "act": act.number,
            },
            request=request,
        )
        audit_record(
            AuditEvent.Action.DATA_DESTROYED,
            actor=user,
            subject_user=user,
            target=act,
            reason=reason,
            data={"act": act.number, "destroyed": destroyed},
            request=request,
        )
        # The last message to the address being destroyed: the request has been carried out.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("your personal data has been destroyed")
            send_email_after_commit(
                to=email,
                subject=f"{settings.SITE_NAME}: {subject}",
                body=_(
                    "You revoked your consent to the processing of personal data. Your account "
                    "has been closed and your personal data destroyed; act No. %(number)s."
                )
                % {"number": act.number},
            )
    return act


# --- Export ----------------------------------------------------------------------------------

EXPORT_SCOPE = "privacy-export"


class ExportLimitReached(Exception):
    """The person downloaded their data too often in the current hour."""


def export_limit() -> int:
    return settings.PRIVACY_EXPORT_LIMIT


def personal_data_export(*, user, request=None) -> tuple[str, bytes]:
    """The ZIP of everything the platform holds about the person: (file name, bytes)."""
    from pedset.privacy.selectors import personal_data_collect

    limit = export_limit()
    window = settings.PRIVACY_EXPORT_WINDOW
    if ratelimit.is_limited(EXPORT_SCOPE, str(user.pk), limit):
        raise ExportLimitReached(user)

    now = timezone.now()
    data = personal_data_collect(user, now=now)
    avatar_name, avatar_bytes = _avatar_file(user)
    with translation.override(settings.LANGUAGE_CODE):
        readme = render_to_string(
            "privacy/export_readme.txt",
            {
                "data": data,
                "extra_sections": [
                    key
                    for key in data
                    if key not in EXPORT_META_KEYS and key not in DESCRIBED_SECTIONS
                ],
                "my_consents_url": settings.SITE_URL + reverse("privacy:my_consents"),
                "avatar_name": avatar_name,
                "avatar_missing": bool(user.avatar) and avatar_bytes is None,
                "site_name": settings.SITE_NAME,
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("README.txt", readme)
        if avatar_bytes is not None:
            archive.writestr(avatar_name, avatar_bytes)

    with transaction.atomic():
        audit_record(
            AuditEvent.Action.DATA_EXPORTED,
            actor=user,
            target=user,
            subject_user=user,
            data={"sections": sorted(k for k in data if k not in EXPORT_META_KEYS)},
            request=request,
        )
    ratelimit.hit(EXPORT_SCOPE, str(user.pk), window)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return f"pedset-my-data-{user.pk}-{stamp}.zip", buffer.getvalue()


EXPORT_META_KEYS = ("format", "generated_at", "site", "user_id")
# Sections README.txt describes in words; any other (a later app's) is listed by name.
DESCRIBED_SECTIONS = (
    "profile",
    "platform_roles",
    "sessions_count",
    "consents",
    "memberships",
    "notifications",
    "audit_events",
)


def _avatar_file(user) -> tuple[str | None, bytes | None]:
    if not user.avatar:
        return None, None
    extension = Path(user.avatar.name).suffix.lower()[:10]
    try:
        with user.avatar.storage.open(user.avatar.name, "rb") as handle:
            return f"avatar{extension}", handle.read()
    except OSError:  # the file is gone from storage: say so in README, do not fail the export
        return f"avatar{extension}", None

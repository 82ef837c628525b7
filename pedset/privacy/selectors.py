"""Reads about consent and personal data, with their prefetching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation
from pedset.privacy.categories import profile_field_label
from pedset.privacy.models import Consent, ConsentKind, ConsentText, DestructionAct
from pedset.privacy.registry import export_hooks


def _with_texts(organisations):
    """Operators with every version of their texts, newest first, in ``texts_desc``."""
    from pedset.communities.models import Community

    return organisations.prefetch_related(
        Prefetch(
            "consent_texts",
            queryset=ConsentText.objects.order_by("kind", "-version"),
            to_attr="texts_desc",
        ),
        Prefetch(
            "operated_communities",
            queryset=Community.objects.only("id", "name", "slug", "operator_id", "closed_at"),
            to_attr="communities",
        ),
    )


def current_text_of(operator, kind: str) -> ConsentText | None:
    """The current version from the prefetched ``texts_desc``."""
    return next((t for t in operator.texts_desc if t.kind == kind), None)


def consent_operators():
    """Organisations that operate the platform or run a community, platform operator first."""
    from pedset.communities.models import Community

    operators = Organisation.objects.filter(
        Q(operates_platform=True) | Q(pk__in=Community.objects.values("operator_id"))
    ).order_by("-operates_platform", "short_name", "id")
    return _with_texts(operators)


@dataclass
class OperatorTexts:
    operator: Organisation
    processing: ConsentText | None
    publication: ConsentText | None
    communities: list

    @property
    def texts(self) -> list[ConsentText]:
        return [t for t in (self.processing, self.publication) if t is not None]

    @property
    def cells(self) -> list[tuple[ConsentText | None, str]]:
        return [
            (self.processing, ConsentKind.PROCESSING.value),
            (self.publication, ConsentKind.PUBLICATION.value),
        ]


def operators_with_current_texts() -> list[OperatorTexts]:
    return [
        OperatorTexts(
            operator=operator,
            processing=current_text_of(operator, ConsentKind.PROCESSING),
            publication=current_text_of(operator, ConsentKind.PUBLICATION),
            communities=operator.communities,
        )
        for operator in consent_operators()
    ]


def consent_text_versions(operator, kind: str):
    return ConsentText.objects.filter(operator=operator, kind=kind).order_by("-version")


def consents_of(user):
    """Every consent the person gave, active and revoked, newest first."""
    return Consent.objects.filter(user=user).select_related("operator", "consent_text")


def consents_for_page(user) -> list[Consent]:
    """consents_of() loaded, each with ``field_label`` for a publication consent's field."""
    consents = list(consents_of(user))
    for consent in consents:
        consent.field_label = profile_field_label(consent.field) if consent.field else ""
    return consents


@dataclass
class PublicationRow:
    field: str
    label: str
    consent: Consent | None


def publication_rows(consents, fields) -> list[PublicationRow]:
    """One row per publishable field, with its active consent (from the loaded consents)."""
    active = {
        c.field: c for c in consents if c.kind == ConsentKind.PUBLICATION and c.revoked_at is None
    }
    return [PublicationRow(f, profile_field_label(f), active.get(f)) for f in fields]


def destruction_acts():
    return DestructionAct.objects.select_related("operator").order_by("-created_at", "-id")


@dataclass
class ExtractRow:
    event_id: int | None
    time: dt.datetime | None
    action: str
    action_display: str
    actor_id: int | None
    reason: str


def act_extract_rows(act: DestructionAct) -> list[ExtractRow]:
    labels = dict(AuditEvent.Action.choices)
    rows = []
    for item in act.audit_extract:
        try:
            time = dt.datetime.fromisoformat(item.get("time") or "")
        except ValueError:
            time = None
        action = item.get("action", "")
        rows.append(
            ExtractRow(
                event_id=item.get("event_id"),
                time=time,
                action=action,
                action_display=str(labels.get(action, action)),
                actor_id=item.get("actor_id"),
                reason=item.get("reason", ""),
            )
        )
    return rows


def personal_data_collect(user, now=None) -> dict:
    """Everything the platform holds about the person, from every app's export hook."""
    now = now or timezone.now()
    data = {
        "format": "pedset-personal-data/1",
        "generated_at": now.isoformat(),
        "site": {"name": settings.SITE_NAME, "url": settings.SITE_URL},
        "user_id": user.pk,
    }
    for hook in export_hooks():
        for key, value in (hook.export(user) or {}).items():
            data[key if key not in data else f"{hook.app_label}.{key}"] = value
    return data

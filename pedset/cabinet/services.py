"""Every write of the virtual methodical cabinet, each in one transaction.

material_include (called by review.services when a decision to include is recorded) issues the
order on inclusion (regulation 004 1.9: a positive expert conclusion is formalised by an order,
which secures the authors' rights), fixes the authorship in a CabinetEntry, issues a
publication certificate to each author and tells them. The council of the cabinet (004 1.8) is
kept per community; its chair and secretary, like the coordinators, may recommend entries for
publication (004 1.10); coordinators and administrators may withdraw an entry.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pedset.cabinet import policies, wording
from pedset.cabinet.models import CabinetEntry, CouncilMember, CouncilRole
from pedset.communities.services import ActionRefused
from pedset.core.audit import audit_record
from pedset.core.notify import notify
from pedset.materials.models import MaterialStatus
from pedset.search.index import schedule_update

REASON_MAX = CabinetEntry._meta.get_field("withdrawal_reason").max_length
NOTE_MAX = CabinetEntry._meta.get_field("recommendation_note").max_length
BASIS_DOCUMENT_MAX = CouncilMember._meta.get_field("basis_document").max_length


def material_url(material) -> str:
    try:
        return reverse("materials:detail", args=[material.pk])
    except NoReverseMatch:  # the materials pages are built alongside; the address is agreed
        return f"/materials/{material.pk}/"


def verify_url(document) -> str:
    try:
        return reverse("documents:verify", args=[document.verification_code])
    except NoReverseMatch:  # the documents pages are built alongside; the address is agreed
        return f"/verify/{document.verification_code}/"


def _positive_conclusion_days(decision, community) -> list[datetime.date]:
    """The day of each expert's conclusion of the round that recommends inclusion."""
    from pedset.review.models import Recommendation, Review

    moments = Review.objects.filter(
        assignment__round_id=decision.round_id,
        recommendation__in=[Recommendation.INCLUDE, Recommendation.RECOMMEND_PUBLICATION],
    ).values_list("submitted_at", flat=True)
    return sorted(wording.local_date(community, moment) for moment in moments)


@transaction.atomic
def material_include(*, actor, decision):
    """Called by review.services when a decision to include is recorded, in its transaction:
    issues the numbered order (documents registry), creates the CabinetEntry with the authorship
    fixed, issues a publication certificate to each author, sets decision.order and the
    material's status INCLUDED, tells the authors. Returns the CabinetEntry."""
    from pedset.documents.models import DocumentKind
    from pedset.documents.services import document_issue
    from pedset.materials.models import Material, MaterialAuthor, MaterialStatus
    from pedset.review.models import DecisionOutcome

    if decision.outcome != DecisionOutcome.INCLUDE:
        raise ActionRefused(_("Only a decision to include puts a material into the cabinet."))
    # The material's row is locked so that two decisions cannot include it twice.
    material = (
        Material.objects.select_for_update()
        .select_related("community")
        .get(pk=decision.round.material_id)
    )
    community = material.community
    if (
        material.status in (MaterialStatus.INCLUDED, MaterialStatus.DRAFT, MaterialStatus.WITHDRAWN)
        or CabinetEntry.objects.filter(material=material).exists()
    ):
        raise ActionRefused(_("This material cannot be included in the cabinet now."))
    authors = [
        link.user
        for link in MaterialAuthor.objects.filter(material=material)
        .select_related("user__organisation")
        .order_by("position", "id")
    ]
    if not authors:
        raise ActionRefused(_("The material has no authors: there is nobody to fix it to."))

    order = document_issue(
        actor=actor,
        community=community,
        kind=DocumentKind.ORDER,
        title=wording.order_title(),
        content=wording.order_content(
            community=community,
            material=material,
            authors=authors,
            decision=decision,
            conclusion_days=_positive_conclusion_days(decision, community),
        ),
        source=material,
    )
    now = timezone.now()
    entry = CabinetEntry.objects.create(
        material=material,
        community=community,
        order=order,
        included_at=now,
        year=wording.local_date(community, order.issued_at).year,
        authors_text=", ".join(user.get_full_name() for user in authors)[:2000],
        recommended_for_publication=bool(decision.recommend_for_publication),
    )
    link = settings.SITE_URL + material_url(material)
    certificates = {}
    for author in authors:
        certificates[author.pk] = document_issue(
            actor=actor,
            community=community,
            kind=DocumentKind.PUBLICATION_CERTIFICATE,
            title=wording.certificate_title(material),
            content=wording.certificate_content(
                community=community,
                material=material,
                author=author,
                authors=authors,
                order=order,
                decision=decision,
                material_link=link,
            ),
            recipient=author,
            recipient_name=author.get_full_name(),
            source=material,
            # the authors' notice of the decision below links to the certificate
            notify_recipient=False,
        )
    decision.order = order
    decision.save(update_fields=["order"])
    material.status = MaterialStatus.INCLUDED
    material.save(update_fields=["status", "updated_at"])
    schedule_update("material", material.pk)
    audit_record(
        "cabinet_material_included",
        actor=actor,
        community=community,
        target=entry,
        data={
            "material": material.pk,
            "order": order.pk,
            "order_number": order.number,
            "certificates": [doc.pk for doc in certificates.values()],
            "recommended_for_publication": entry.recommended_for_publication,
        },
    )
    for author in authors:
        _tell_author_included(author, material, order, certificates[author.pk], decision.reasons)
    return entry


def _tell_author_included(author, material, order, certificate, reasons: str) -> None:
    # The notice is written with the inclusion (a rollback takes it away too); its e-mail
    # leaves after commit (pedset.core.notify).
    with translation.override(author.language or settings.LANGUAGE_CODE):
        notify(
            author,
            kind="expertise_decision",
            title=_("Your material «%(title)s» is included in the virtual methodical cabinet")
            % {"title": material.title},
            body=_(
                "Reasons of the decision: %(reasons)s\n\nThe order No. %(number)s is issued. "
                "Your certificate of publication: [%(certificate)s](%(url)s)."
            )
            % {
                "reasons": reasons,
                "number": order.number,
                "certificate": certificate.number,
                "url": verify_url(certificate),
            },
            url=material_url(material),
        )


def _tell_authors(entry, *, title: str, body: str) -> None:
    from pedset.materials.models import MaterialAuthor

    authors = [
        link.user
        for link in MaterialAuthor.objects.filter(material_id=entry.material_id).select_related(
            "user"
        )
    ]
    for author in authors:
        with translation.override(author.language or settings.LANGUAGE_CODE):
            notify(
                author,
                kind="expertise_decision",
                title=_(title) % {"title": entry.material.title},
                body=_(body)
                % {"reason": entry.withdrawal_reason, "note": entry.recommendation_note},
                url=material_url(entry.material),
            )


def _locked_entry(entry) -> CabinetEntry:
    return (
        CabinetEntry.objects.select_for_update()
        .select_related("community", "material")
        .get(pk=entry.pk)
    )


@transaction.atomic
def entry_recommend(*, actor, entry, recommended: bool, note: str = "") -> CabinetEntry:
    """Marks (or unmarks) an entry as recommended for publication (regulation 004 1.10); the
    note says where: regional or federal editions, conferences."""
    if not policies.can_recommend_entry(actor, entry):
        raise PermissionDenied
    entry = _locked_entry(entry)
    if not policies.can_recommend_entry(actor, entry):  # withdrawn meanwhile
        raise ActionRefused(_("The entry is withdrawn from the cabinet."))
    note = (note or "").strip()
    if recommended and not note:
        raise ActionRefused(_("Say where the material is recommended: an edition, a conference."))
    if len(note) > NOTE_MAX:
        raise ActionRefused(_("The note is too long: at most %(n)s characters.") % {"n": NOTE_MAX})
    entry.recommended_for_publication = bool(recommended)
    entry.recommendation_note = note if recommended else ""
    entry.save(update_fields=["recommended_for_publication", "recommendation_note"])
    audit_record(
        "cabinet_entry_recommended" if recommended else "cabinet_entry_unrecommended",
        actor=actor,
        community=entry.community,
        target=entry,
        reason=entry.recommendation_note,
        data={"material": entry.material_id},
    )
    schedule_update("material", entry.material_id)
    if recommended:
        _tell_authors(
            entry,
            title=gettext_noop("Your material «%(title)s» is recommended for publication"),
            body=gettext_noop("Recommended: %(note)s"),
        )
    return entry


@transaction.atomic
def entry_withdraw(*, actor, entry, reason: str) -> CabinetEntry:
    """Takes an entry out of the catalogue with the reasons, and the material out of public view.
    The order and the certificates stay as issued (revoking them is a separate act in the
    documents registry)."""
    if not policies.can_withdraw_entry(actor, entry):
        raise PermissionDenied
    entry = _locked_entry(entry)
    if entry.withdrawn_at is not None:
        raise ActionRefused(_("The entry is already withdrawn from the cabinet."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Give the reasons for the withdrawal."))
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("The reasons for the withdrawal are too long: at most %(n)s characters.")
            % {"n": REASON_MAX}
        )
    entry.withdrawn_at = timezone.now()
    entry.withdrawal_reason = reason
    entry.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    # Withdrawn from the cabinet (say, for a copyright claim), the material is no longer public:
    # as a withdrawn material only its authors and those who run the community see it.
    material = entry.material
    material.status = MaterialStatus.WITHDRAWN
    material.withdrawn_at = entry.withdrawn_at
    material.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(
        "cabinet_entry_withdrawn",
        actor=actor,
        community=entry.community,
        target=entry,
        reason=reason,
        data={"material": entry.material_id, "order": entry.order_id},
    )
    schedule_update("material", entry.material_id)
    _tell_authors(
        entry,
        title=gettext_noop("Your material «%(title)s» is withdrawn from the methodical cabinet"),
        body=gettext_noop("Reasons: %(reason)s"),
    )
    return entry


def _is_active_member(user, community) -> bool:
    from pedset.communities.models import Membership, MembershipStatus

    return Membership.objects.filter(
        community=community, user=user, status=MembershipStatus.ACTIVE
    ).exists()


@transaction.atomic
def council_seat_add(
    *,
    actor,
    community,
    user,
    role: str,
    basis: str,
    since: datetime.date,
    basis_document: str = "",
) -> CouncilMember:
    """Seats an active member of the community on the cabinet's council (elected at a meeting
    of the methodical cabinet or appointed by an order, regulation 004 1.8). One chair at a
    time; one seat per person at a time."""
    from pedset.cabinet.models import CouncilBasis
    from pedset.communities.models import Community

    if not policies.can_manage_council(actor, community):
        raise PermissionDenied
    if role not in CouncilRole.values or basis not in CouncilBasis.values:
        raise ActionRefused(_("Choose the role and the basis from the list."))
    basis_document = " ".join((basis_document or "").split())
    if len(basis_document) > BASIS_DOCUMENT_MAX:
        raise ActionRefused(
            _("The protocol or order is too long: at most %(n)s characters.")
            % {"n": BASIS_DOCUMENT_MAX}
        )
    if since is None:
        raise ActionRefused(_("Enter the date since which the person sits on the council."))
    # The community's row is locked so that two chairs cannot be seated at once.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    if not (user.is_active and not user.is_former and _is_active_member(user, community)):
        raise ActionRefused(_("Only an active member of the community can sit on its council."))
    # Seats that overlap a seat open from `since` on: not ended, or ending on or after it.
    overlapping = CouncilMember.objects.filter(community=community).filter(
        Q(until__isnull=True) | Q(until__gte=since)
    )
    if overlapping.filter(user=user).exists():
        raise ActionRefused(_("This person already sits on the council."))
    if role == CouncilRole.CHAIR and overlapping.filter(role=CouncilRole.CHAIR).exists():
        raise ActionRefused(_("The council already has a chair: end the chair's seat first."))
    seat = CouncilMember.objects.create(
        community=community,
        user=user,
        role=role,
        basis=basis,
        basis_document=basis_document,
        since=since,
        added_by=actor,
    )
    audit_record(
        "cabinet_council_seat_added",
        actor=actor,
        community=community,
        target=seat,
        subject_user=user,
        data={"role": role, "basis": basis, "since": since.isoformat()},
    )
    policies.forget_cached_seats(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        notify(
            user,
            kind="membership",
            title=_("You are on the council of the methodical cabinet of «%(community)s»")
            % {"community": community.name},
            body=_("Your role: %(role)s.") % {"role": CouncilRole(role).label},
            url=community_cabinet_url(community),
            email=False,
        )
    return seat


@transaction.atomic
def council_seat_end(*, actor, seat, until: datetime.date | None = None, reason: str = ""):
    """Ends a seat on the council (the term ended, the person resigned or left)."""
    if actor is not None and not policies.can_manage_council(actor, seat.community):
        raise PermissionDenied
    seat = CouncilMember.objects.select_for_update().select_related("community").get(pk=seat.pk)
    policies.forget_cached_seats(seat.user)
    if seat.until is not None:
        raise ActionRefused(_("This seat has already ended."))
    until = until or wording.local_date(seat.community, timezone.now())
    if until < seat.since:
        raise ActionRefused(_("The seat cannot end before it began."))
    seat.until = until
    seat.save(update_fields=["until"])
    audit_record(
        "cabinet_council_seat_ended",
        actor=actor,
        community=seat.community,
        target=seat,
        subject_user=seat.user_id,
        reason=(reason or "").strip(),
        data={"role": seat.role, "until": until.isoformat()},
    )
    return seat


def community_cabinet_url(community) -> str:
    return reverse("cabinet:community", args=[community.slug])

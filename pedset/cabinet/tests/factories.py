"""Factories of the cabinet. Other apps' tests may use include_decision() (a recorded decision to
include a submitted material, ready for services.material_include) and cabinet_entry() (an entry
made without rendering documents: fast, for lists and permissions)."""

from __future__ import annotations

import datetime
import secrets

import factory
from django.utils import timezone

from pedset.cabinet.models import CabinetEntry, CouncilBasis, CouncilMember, CouncilRole
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import MaterialAuthor, MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.organisations.tests.factories import OrganisationFactory


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    """A seat on the council; the person is made an active member of the community."""

    class Meta:
        model = CouncilMember

    community = factory.SubFactory(CommunityFactory)
    user = factory.LazyAttribute(lambda o: MembershipFactory(community=o.community).user)
    role = CouncilRole.MEMBER
    basis = CouncilBasis.ELECTED
    basis_document = "Протокол заседания районного методического кабинета № 1"
    since = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


def include_decision(
    *,
    community=None,
    authors: int = 1,
    recommend_for_publication: bool = False,
    decided_as: str = "coordinator",
    decider=None,
    experts: int = 1,
    **material_fields,
):
    """A material under expertise with `authors` authors (each with an organisation), the
    experts' positive conclusions and a recorded decision to include it (not yet carried out)."""
    from pedset.review.models import (
        Assignment,
        AssignmentStatus,
        DecidedAs,
        Decision,
        DecisionOutcome,
        Recommendation,
        Review,
        ReviewRound,
    )

    community = community or CommunityFactory()
    first = MembershipFactory(community=community).user
    first.organisation = OrganisationFactory()
    first.save(update_fields=["organisation"])
    material = material_with_author(
        community=community, author=first, status=MaterialStatus.UNDER_REVIEW, **material_fields
    )
    for position in range(1, authors):
        coauthor = MembershipFactory(community=community).user
        coauthor.organisation = OrganisationFactory()
        coauthor.save(update_fields=["organisation"])
        MaterialAuthor.objects.create(material=material, user=coauthor, position=position)
    now = timezone.now()
    review_round = ReviewRound.objects.create(material=material, number=1, opened_at=now)
    for _ in range(experts):
        expert = MembershipFactory(community=community, role=Role.EXPERT).user
        assignment = Assignment.objects.create(
            round=review_round,
            expert=expert,
            assigned_at=now,
            deadline=now + datetime.timedelta(days=10),
            status=AssignmentStatus.SUBMITTED,
        )
        Review.objects.create(
            assignment=assignment,
            recommendation=Recommendation.RECOMMEND_PUBLICATION
            if recommend_for_publication
            else Recommendation.INCLUDE,
            conclusion="Материал соответствует требованиям, рекомендуется к включению.",
            submitted_at=now,
        )
    if decider is None:
        decider = MembershipFactory(community=community, role=Role.COORDINATOR).user
    return Decision.objects.create(
        round=review_round,
        outcome=DecisionOutcome.INCLUDE,
        recommend_for_publication=recommend_for_publication,
        reasons="Положительные экспертные заключения.",
        decided_by=decider,
        decided_as=DecidedAs(decided_as),
        decided_at=now,
    )


def order_document(community, *, number: str = "1-ВМК", issued_at=None):
    """A registry row of an order, without files (rendering is the documents app's test)."""
    from pedset.documents.models import Document, DocumentKind

    issued_at = issued_at or timezone.now()
    sequence = Document.objects.filter(community=community, kind=DocumentKind.ORDER).count() + 1
    return Document.objects.create(
        community=community,
        kind=DocumentKind.ORDER,
        year=issued_at.year,
        sequence=sequence,
        number=number if sequence == 1 else f"{sequence}-ВМК",
        title="О включении материалов в виртуальный методический кабинет",
        content={},
        content_hash="0" * 64,
        verification_code=secrets.token_hex(8),
        issued_at=issued_at,
    )


def cabinet_entry(
    *,
    community=None,
    material=None,
    authors: int = 1,
    included_at=None,
    recommended: bool = False,
    **material_fields,
) -> CabinetEntry:
    """An INCLUDED material with its entry and a bare order row (fast: no PDF)."""
    community = community or CommunityFactory()
    included_at = included_at or timezone.now()
    if material is None:
        first = MembershipFactory(community=community).user
        first.organisation = OrganisationFactory()
        first.save(update_fields=["organisation"])
        material = material_with_author(
            community=community, author=first, status=MaterialStatus.INCLUDED, **material_fields
        )
        for position in range(1, authors):
            coauthor = MembershipFactory(community=community).user
            coauthor.organisation = OrganisationFactory()
            coauthor.save(update_fields=["organisation"])
            MaterialAuthor.objects.create(material=material, user=coauthor, position=position)
    names = [
        link.user.get_full_name()
        for link in material.authors.select_related("user").order_by("position", "id")
    ]
    return CabinetEntry.objects.create(
        material=material,
        community=community,
        order=order_document(community, issued_at=included_at),
        included_at=included_at,
        year=included_at.year,
        authors_text=", ".join(names),
        recommended_for_publication=recommended,
    )

"""Helpers of the search tests: index what the factories made, search as a person, publish a
profile field."""

from __future__ import annotations

from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory
from pedset.search import selectors
from pedset.search.services import index_rebuild
from pedset.search.text import parse_query


def reindex() -> dict[str, int]:
    """Index everything the factories created (factories bypass the services)."""
    return index_rebuild()


def found(viewer, query: str, *, kind: str = "", community=None, now=None):
    """[(kind, object id), …] in the order the search ranks them."""
    outcome = selectors.search(viewer, parse_query(query), kind=kind, community=community, now=now)
    return [(hit.kind, hit.object_id) for hit in outcome.hits]


def found_ids(viewer, query: str, kind: str, **options) -> list[int]:
    return [pk for k, pk in found(viewer, query, kind=kind, **options) if k == kind]


def publish(person, *fields: str) -> None:
    """The person's consent to distribution of these profile fields (made public)."""
    operator = OrganisationFactory()
    text = ConsentTextFactory(operator=operator, kind=ConsentKind.PUBLICATION)
    for field in fields:
        Consent.objects.create(
            user=person,
            consent_text=text,
            operator=operator,
            kind=ConsentKind.PUBLICATION,
            field=field,
            version=text.version,
            text_hash=text.text_hash,
            source="profile",
        )

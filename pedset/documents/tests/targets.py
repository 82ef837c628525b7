"""Targets of the permission table (pedset/core/permission_table.py) for the documents app."""

from pedset.communities.tests.factories import MembershipFactory
from pedset.documents.models import DocumentKind
from pedset.documents.tests.factories import DocumentFactory


def community_order(community):
    """An order of the community (no holder)."""
    return DocumentFactory(community=community, kind=DocumentKind.ORDER, number="1-ВМК")


def colleague_certificate(community):
    """A certificate of publication issued to an ordinary member of the community."""
    holder = MembershipFactory(community=community).user
    return DocumentFactory(community=community, recipient=holder)

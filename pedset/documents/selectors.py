"""Reads of the documents registry."""

from __future__ import annotations

from django.db.models import QuerySet

from pedset.documents.models import Document


def document_by_code(code: str) -> Document | None:
    """The document a verification code names (the /verify page), or None."""
    if not code:
        return None
    return Document.objects.select_related("community").filter(verification_code=code).first()


def document_by_pk(pk: int) -> Document | None:
    return Document.objects.select_related("community").filter(pk=pk).first()


def documents_for_source(obj) -> QuerySet[Document]:
    """The documents issued about one object (a material, a cabinet entry, an event …)."""
    return Document.objects.filter(
        source_type=obj._meta.label_lower, source_id=str(obj.pk)
    ).select_related("community")


def documents_of_person(user) -> QuerySet[Document]:
    """The documents issued to the person, newest first («Мои документы»)."""
    return Document.objects.filter(recipient=user).select_related("community")


def registry_documents(community, *, kind: str = "", year: int | None = None):
    """The community's registry, newest first, filtered by type and year of registration."""
    documents = Document.objects.filter(community=community)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(year=year)
    return documents.select_related("community")


def registry_years(community) -> list[int]:
    return list(
        Document.objects.filter(community=community)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )

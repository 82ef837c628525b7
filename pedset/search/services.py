"""Writes to the search index. Other apps do not call these directly: they call
pedset.search.index.schedule_update / schedule_remove from their services, which run these after
the transaction commits. The full rebuild is ``manage.py search_reindex``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import translation

from pedset.search import registry
from pedset.search.backends import backend
from pedset.search.models import SearchDocument
from pedset.search.registry import Entry, Provider
from pedset.search.text import stems

logger = logging.getLogger(__name__)

# Longer texts are indexed by their beginning only (a 100-page PDF's summary is not that long).
MAX_INDEXED_CHARS = 100_000
REBUILD_BATCH = 500


def _fields(provider: Provider, entry: Entry) -> dict:
    title = stems(entry.title[:MAX_INDEXED_CHARS])
    body: list[str] = []
    per_field: dict[str, str] = {}
    budget = MAX_INDEXED_CHARS
    for name, text in entry.sections:
        part = stems((text or "")[:budget])
        budget = max(0, budget - len(text or ""))
        body.extend(part)
        if provider.field_level:
            per_field[name] = " ".join(part)
    return {
        "community_id": entry.community_id,
        "date": entry.date,
        "title_stems": " ".join(title),
        "body_stems": " ".join(body),
        "length": len(title) + len(body),
        "field_stems": per_field,
    }


def _entries(provider: Provider, ids: Iterable[int]) -> tuple[dict[int, dict], list[int]]:
    """(fields of the documents to write by object id, ids to drop from the index)."""
    ids = list(ids)
    # Labels (types of materials, qualification categories) are indexed in Russian whatever
    # the language of the request that changed the object.
    with translation.override("ru"):
        objects = provider.load(ids)
        found, gone = {}, []
        for pk in ids:
            obj = objects.get(pk)
            entry = provider.entry(obj) if obj is not None else None
            if entry is None:
                gone.append(pk)
            else:
                found[pk] = _fields(provider, entry)
    return found, gone


def _drop(kind: str, object_ids: Iterable[int]) -> int:
    doomed = list(
        SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).values_list(
            "id", flat=True
        )
    )
    if doomed:
        SearchDocument.objects.filter(id__in=doomed).delete()
        backend().forget(doomed)
    return len(doomed)


def _provider_or_none(kind: str) -> Provider | None:
    found = registry.provider(kind)
    if found is None:
        logger.warning("search: no provider for the kind %r", kind)
    return found


def index_update(kind: str, pk) -> None:
    """Index (or re-index) one object; removes it when it no longer exists or is not searchable."""
    provider = _provider_or_none(kind)
    if provider is None:
        return
    pk = int(pk)
    with transaction.atomic():
        found, gone = _entries(provider, [pk])
        if gone:
            _drop(kind, gone)
            return
        try:
            with transaction.atomic():
                document, _created = SearchDocument.objects.update_or_create(
                    kind=kind, object_id=pk, defaults=found[pk]
                )
        except IntegrityError:  # written by a parallel update in between: write over it
            document = SearchDocument.objects.get(kind=kind, object_id=pk)
            for name, value in found[pk].items():
                setattr(document, name, value)
            document.save()
        backend().sync([document])


def index_remove(kind: str, pk) -> None:
    """Drop one object from the index."""
    if _provider_or_none(kind) is None:
        return
    with transaction.atomic():
        _drop(kind, [int(pk)])


def index_rebuild(
    kinds: Iterable[str] | None = None,
    *,
    batch_size: int = REBUILD_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Re-index every object of the given kinds (all by default), batch by batch, each batch in
    its own transaction so that searching goes on meanwhile; then drop the documents of objects
    that are gone. Returns the number of indexed documents per kind."""
    chosen = [p for p in registry.providers() if kinds is None or p.kind in set(kinds)]
    counts: dict[str, int] = {}
    for provider in chosen:
        indexed: set[int] = set()
        ids = list(provider.searchable_ids())
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            with transaction.atomic():
                found, gone = _entries(provider, batch)
                _drop(provider.kind, batch)
                documents = SearchDocument.objects.bulk_create(
                    SearchDocument(kind=provider.kind, object_id=pk, **fields)
                    for pk, fields in found.items()
                )
                backend().sync(documents)
            indexed.update(found)
            if progress is not None:
                progress(provider.kind, len(indexed))
        stale = (
            set(
                SearchDocument.objects.filter(kind=provider.kind).values_list(
                    "object_id", flat=True
                )
            )
            - indexed
        )
        stale_ids = sorted(stale)
        for start in range(0, len(stale_ids), batch_size):
            with transaction.atomic():
                _drop(provider.kind, stale_ids[start : start + batch_size])
        counts[provider.kind] = len(indexed)
    with transaction.atomic():
        # SQLite: the FTS table refilled (leftovers of deleted rows gone); PostgreSQL: ANALYZE
        backend().rebuild()
    return counts

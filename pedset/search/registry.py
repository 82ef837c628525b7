"""The kinds of things search finds, each described by a provider.

A provider tells the core how to index one kind (``load``, ``entry``, ``searchable_ids``), who
may find it (``visible`` — a filter on the index rows, built from the owning app's policies)
and how to show a result (``show``). The core (services, selectors, the page) knows no kind by
name. Every module in ``pedset/search/providers/`` is imported once and registers its provider,
so adding a kind — events with issue 5 — is one new module there:

    class EventProvider(Provider):
        kind = "event"
        label = _("Events")
        ...

    register(EventProvider())
"""

from __future__ import annotations

import datetime
import pkgutil
import threading
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db.models import Q


@dataclass
class Entry:
    """What is indexed of one object, and what its snippet is made from."""

    title: str
    # (field name, text) in the order a snippet should prefer them. Field names matter only
    # for providers with ``field_level`` visibility (they are the names visible_fields returns).
    sections: list[tuple[str, str]]
    date: datetime.datetime
    community_id: int | None = None

    def text(self, fields: frozenset[str] | None = None) -> str:
        return " · ".join(
            t.strip() for name, t in self.sections if t and (fields is None or name in fields)
        )


@dataclass
class Shown:
    """One result as the page shows it (plain text; the template escapes it)."""

    url: str
    title: str
    entry: Entry
    meta: list[str] = field(default_factory=list)
    # A short state worth a badge («черновик», «на экспертизе»), or "".
    badge: str = ""
    # The fields of entry the snippet is made from: those the reader may see, and worth showing
    # (None: all of them).
    fields: frozenset[str] | None = None


class Provider:
    kind: str = ""
    label: Any = ""  # plural, for the tabs of the results page («Материалы»)
    item_label: Any = ""  # one result's kind, shown beside it («материал»)
    order: int = 100
    # Newer things rank a little higher (materials, posts); people do not age.
    recency: bool = True
    # Fields of one object are visible to different readers (profiles): the index keeps stems
    # per field and a match counts only in the fields visible_fields() returns for the reader.
    field_level: bool = False

    def searchable_ids(self):
        """Ids of every object to index, for the full rebuild (a values_list query)."""
        raise NotImplementedError

    def load(self, ids) -> dict[int, Any]:
        """The objects with everything entry() reads, by id (batched: one or a few queries)."""
        raise NotImplementedError

    def entry(self, obj) -> Entry | None:
        """What to index, or None when the object must not be found by anyone (a hidden post)."""
        raise NotImplementedError

    def visible(self, viewer) -> Q:
        """A filter on SearchDocument rows of this kind: those the viewer may find."""
        raise NotImplementedError

    def in_community(self, community) -> Q:
        return Q(community=community)

    def visible_fields(self, viewer, ids) -> dict[int, frozenset[str]]:
        """For field_level providers: the fields each object shows to the viewer."""
        raise NotImplementedError

    def show(self, viewer, ids) -> dict[int, Shown]:
        """The results of one page, by id; objects gone or no longer visible are left out."""
        raise NotImplementedError


_providers: dict[str, Provider] = {}
_discovered = False
_lock = threading.Lock()


def register(provider: Provider) -> Provider:
    if not provider.kind:
        raise ValueError("A search provider needs a kind.")
    _providers[provider.kind] = provider
    return provider


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        from pedset.search import providers as package

        for module in pkgutil.iter_modules(package.__path__):
            import_module(f"{package.__name__}.{module.name}")
        _discovered = True


def providers() -> list[Provider]:
    _discover()
    return sorted(_providers.values(), key=lambda p: (p.order, p.kind))


def provider(kind: str) -> Provider | None:
    _discover()
    return _providers.get(kind)


def kinds() -> list[str]:
    return [p.kind for p in providers()]

"""Searching: the backend finds the index rows that contain every word and that the reader may
find (each provider's filter); Python then ranks them (pedset.search.ranking) and the page's
results are shown from the live objects with highlighted snippets.

The number of queries does not depend on the size of the index: one for the corpus size, one
per word for its document frequency, one per kind for the candidates (at most
CANDIDATES_PER_KIND, the most recent first), and a few per kind on the page for showing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.safestring import SafeString

from pedset.search import registry
from pedset.search.backends import backend
from pedset.search.models import SearchDocument
from pedset.search.ranking import CorpusStats, score
from pedset.search.text import Term, highlight, snippet

PAGE_SIZE = 20
# Of more matches per kind, the most recent ones are ranked (the page says so).
CANDIDATES_PER_KIND = 500


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    score: float
    date: datetime.datetime


@dataclass
class Outcome:
    terms: tuple[Term, ...]
    hits: list[Hit] = field(default_factory=list)  # ranked; only the chosen kind if any
    counts: dict[str, int] = field(default_factory=dict)  # per kind, whatever was chosen
    # Kinds with more matches than CANDIDATES_PER_KIND.
    truncated: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Result:
    kind: str
    kind_label: str
    url: str
    title: SafeString
    snippet: SafeString
    meta: list[SafeString]
    badge: str


def corpus_stats(terms: tuple[Term, ...]) -> CorpusStats:
    """Size of the whole index and how many documents contain each term (whoever may see
    them: the statistics describe the language of the corpus, not what one reader finds)."""
    match = backend().match
    # One pass over the index for all of it (COUNT … FILTER on both databases).
    per_term = {f"df{n}": Count("id", filter=Q(match((t,)))) for n, t in enumerate(terms)}
    totals = SearchDocument.objects.aggregate(
        documents=Count("id"), length=Sum("length"), **per_term
    )
    frequency = {t: totals[f"df{n}"] or 0 for n, t in enumerate(terms)}
    return CorpusStats(totals["documents"] or 0, totals["length"] or 0, frequency)


def _sort_key(hit: Hit, order: dict[str, int]):
    return (-hit.score, -hit.date.timestamp(), order[hit.kind], hit.object_id)


def search(viewer, terms: tuple[Term, ...], *, kind: str = "", community=None, now=None):
    """Every result the viewer may find for the terms, ranked; ``kind`` keeps one kind in
    ``hits`` (``counts`` still has every kind, for the tabs)."""
    outcome = Outcome(terms=terms)
    providers = registry.providers()
    stats = corpus_stats(terms)
    now = now or timezone.now()
    match = backend().match(terms)
    for provider in providers:
        rows = SearchDocument.objects.filter(kind=provider.kind).filter(match)
        rows = rows.filter(provider.visible(viewer))
        if community is not None:
            rows = rows.filter(provider.in_community(community))
        rows = list(
            rows.order_by("-date", "-id").values(
                "object_id", "date", "title_stems", "body_stems", "field_stems"
            )[:CANDIDATES_PER_KIND]
        )
        if len(rows) == CANDIDATES_PER_KIND:
            outcome.truncated.append(provider.kind)
        visible = (
            provider.visible_fields(viewer, [r["object_id"] for r in rows])
            if provider.field_level and rows
            else {}
        )
        found = 0
        for row in rows:
            if provider.field_level:
                # Only the fields this reader may see count (the title — a person's name — is
                # shown to whoever may find the object at all).
                fields = visible.get(row["object_id"])
                if fields is None:
                    continue
                body = " ".join(row["field_stems"].get(name, "") for name in sorted(fields))
            else:
                body = row["body_stems"]
            value = score(
                title=row["title_stems"].split(),
                body=body.split(),
                terms=terms,
                stats=stats,
                date=row["date"] if provider.recency else None,
                now=now,
            )
            if value is None:
                continue
            found += 1
            if not kind or kind == provider.kind:
                outcome.hits.append(Hit(provider.kind, row["object_id"], value, row["date"]))
        outcome.counts[provider.kind] = found
    order = {p.kind: n for n, p in enumerate(providers)}
    outcome.hits.sort(key=lambda hit: _sort_key(hit, order))
    return outcome


def present(viewer, hits: list[Hit], terms: tuple[Term, ...]) -> list[Result]:
    """The results of one page, from the live objects, in the order of ``hits``."""
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.object_id)
    shown = {}
    for kind, ids in by_kind.items():
        provider = registry.provider(kind)
        for pk, item in provider.show(viewer, ids).items():
            shown[(kind, pk)] = (provider, item)
    results = []
    for hit in hits:
        if (hit.kind, hit.object_id) not in shown:
            continue  # gone or hidden since it was indexed
        provider, item = shown[(hit.kind, hit.object_id)]
        results.append(
            Result(
                kind=hit.kind,
                kind_label=str(provider.item_label),
                url=item.url,
                title=highlight(item.title, terms),
                snippet=snippet(item.entry.text(item.fields), terms),
                # a person is often found by their position: the match is marked there too
                meta=[highlight(part, terms) for part in item.meta],
                badge=item.badge,
            )
        )
    return results

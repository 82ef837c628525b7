"""Ranking: BM25 over the stored stems, the title counted three times, a mild bonus for recent
things. Computed in Python from what both databases return identically (the stems, the dates,
integer counts), so the order of results is the same on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from pedset.search.text import Term

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3
# A thing published today gets +25 %, one a year old +12.5 %, and so on.
RECENCY_BONUS = 0.25
RECENCY_HALF_LIFE_DAYS = 365


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    total_length: int
    # How many documents contain each term (prefix terms: any word starting with it).
    document_frequency: dict[Term, int]

    @property
    def average_length(self) -> float:
        return self.total_length / self.documents if self.documents else 1.0

    def idf(self, term: Term) -> float:
        n, df = self.documents, self.document_frequency.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


def term_frequency(tokens: list[str], term: Term) -> float:
    return sum(term.matches(token) for token in tokens)


def score(
    *,
    title: list[str],
    body: list[str],
    terms: tuple[Term, ...],
    stats: CorpusStats,
    date: datetime.datetime | None,
    now: datetime.datetime,
) -> float | None:
    """The document's score, or None when one of the terms does not occur in it (every word of
    the query must match)."""
    length = len(title) + len(body)
    norm = K1 * (1 - B + B * length / stats.average_length)
    total = 0.0
    for term in terms:
        tf = TITLE_WEIGHT * term_frequency(title, term) + term_frequency(body, term)
        if not tf:
            return None
        total += stats.idf(term) * tf * (K1 + 1) / (tf + norm)
    if date is not None:
        age_days = max(0.0, (now - date).total_seconds() / 86400)
        total *= 1 + RECENCY_BONUS * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)
    # Rounded, so that the last bits of floating point never decide an order.
    return round(total, 9)

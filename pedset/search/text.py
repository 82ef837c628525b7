"""Words → stems, queries → terms, and highlighted snippets. Pure Python, no database.

Both backends search the stems made here (never their own tokenisation), so «учителей» and
«учителя» meet as «учител» on PostgreSQL and SQLite alike. Text is NFKC-normalised, lowercased,
«ё» becomes «е», and split into runs of letters and digits; each run is stemmed with Snowball
(Russian, or English for Latin-only words). Common function words (и, в, на …) are neither
indexed nor searched for.

Known limit of Snowball: a few forms with a fleeting vowel keep it in the stem — «разработок»
(genitive plural) stems to «разработок», not «разработк», so «разработка» does not find it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+")
LATIN = re.compile(r"[a-z0-9]+")
# Longer runs are not words (hashes, base64, keyboard mashing): neither indexed nor searched.
MAX_WORD_LENGTH = 40
# A prefix shorter than this would match half the dictionary.
MIN_PREFIX_LENGTH = 4

# Snowball's Russian stop list (ё written as е) and a few English ones.
_STOP_WORDS = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни
    быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где
    есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж
    тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
    сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше
    тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой
    перед иногда лучше чуть том нельзя такой им более всегда конечно всю между
    the a an and or of to in on for is are be by with at from as
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_local = threading.local()


def _stemmers():
    # Snowball stemmer objects keep state between calls: one pair per thread.
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english"))
        _local.stemmers = pair
    return pair


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of one already normalised word (lowercase, «е» for «ё»)."""
    russian, english = _stemmers()
    if LATIN.fullmatch(word):
        return english.stemWord(word) if not word.isdigit() else word
    return russian.stemWord(word)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """The normalised words of a text, in order (stop words included)."""
    return [w for w in WORD.findall(normalise(text)) if len(w) <= MAX_WORD_LENGTH]


def stems(text: str) -> list[str]:
    """The stems of a text, in order, without stop words: what the index stores."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def word_key(word: str) -> str | None:
    """The stem one word of the original text is matched by, or None for stop words and the
    rest (used by the highlighter)."""
    normal = words(word)
    if len(normal) != 1 or normal[0] in STOP_WORDS:
        return None
    return stem(normal[0])


# --- Queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    stem: str
    # The last word of the query also matches longer words that start with it («педагог» →
    # «педагогика»), at half the weight of an exact match.
    prefix: bool = False

    def matches(self, token: str) -> float:
        if token == self.stem:
            return 1.0
        if self.prefix and token.startswith(self.stem):
            return 0.5
        return 0.0


class QueryError(ValueError):
    """Why a query cannot be searched; ``code`` picks the Russian message (forms.py)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 6


def parse_query(query: str) -> tuple[Term, ...]:
    """The terms every result must contain. Raises QueryError for empty, too long, too wordy
    queries and for those without a searchable word («!!!», «и в на»)."""
    query = (query or "").strip()
    if not query:
        raise QueryError("empty")
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    found = words(query)
    if not found:
        raise QueryError("no_words")
    meaningful = [w for w in found if w not in STOP_WORDS]
    if not meaningful:
        raise QueryError("only_common_words")
    unique: list[str] = []
    for word in meaningful:
        key = stem(word)
        if key not in unique:
            unique.append(key)
    if len(unique) > MAX_QUERY_WORDS:
        raise QueryError("too_many_words")
    last = unique[-1]
    return tuple(
        Term(s, prefix=(s == last and len(s) >= MIN_PREFIX_LENGTH and not s.isdigit()))
        for s in unique
    )


def matches_any(token: str, terms: tuple[Term, ...]) -> bool:
    return any(term.matches(token) for term in terms)


# --- Highlighting -----------------------------------------------------------------------------


def highlight(text: str, terms: tuple[Term, ...]) -> SafeString:
    """The text, HTML-escaped, with the words whose stems match wrapped in <mark>."""
    return _render(text or "", 0, len(text or ""), terms)


def _render(text: str, start: int, end: int, terms: tuple[Term, ...]) -> SafeString:
    parts: list[str] = []
    position = start
    for match in WORD.finditer(text, start, end):
        key = word_key(match.group())
        if key is None or not matches_any(key, terms):
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text escaped above


def snippet(text: str, terms: tuple[Term, ...], length: int = 240) -> SafeString:
    """About ``length`` characters of the text around the place where most of the query's
    words occur, escaped, matches marked, «…» where text was cut."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    if len(text) <= length:
        return highlight(text, terms)
    hits: list[tuple[int, int, str]] = []  # (start, end, stem) of each matching word
    for match in WORD.finditer(text):
        key = word_key(match.group())
        if key is not None:
            for term in terms:
                if term.matches(key):
                    hits.append((match.start(), match.end(), term.stem))
                    break
    start = 0
    if hits:
        best = (-1, 0)
        for first, _end, _stem in hits:
            window = {s for b, e, s in hits if first <= b and e <= first + length}
            if len(window) > best[0]:
                best = (len(window), first)
        # A little context before the first match, cut at a word's start.
        start = max(0, best[1] - length // 5)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < best[1] else best[1]
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    body = _render(text, start, end, terms)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - _render escaped the text

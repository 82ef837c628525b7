"""The two full-text backends behind one interface. Both only answer "which index rows contain
every term" (exact stems, or stems starting with a prefix term); ranking and snippets are the
same Python code for both (pedset.search.ranking, pedset.search.text), so results are identical.

- PostgreSQL: the generated column search_vector = to_tsvector('simple', title_stems || ' ' ||
  body_stems) with a GIN index (migration 0002); the 'simple' configuration only lowercases, so
  the lexemes are our stems.
- SQLite: the FTS5 table ``search_fts`` (migration 0002, tokenizer unicode61 without removing
  diacritics, so «й» stays «й»); its rows carry the SearchDocument id as rowid and are written
  by sync() whenever services write documents.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from pedset.search.models import SearchDocument
from pedset.search.text import Term

FTS_TABLE = "search_fts"
# Constant SQL (no value is ever formatted into it: values go as parameters).
FTS_MATCH = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
FTS_DELETE = f"DELETE FROM {FTS_TABLE} WHERE rowid = %s"  # noqa: S608
FTS_INSERT = f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)"  # noqa: S608
FTS_CLEAR = f"DELETE FROM {FTS_TABLE}"  # noqa: S608
FTS_REFILL = (
    f"INSERT INTO {FTS_TABLE} (rowid, title, body) "  # noqa: S608
    "SELECT id, title_stems, body_stems FROM search_searchdocument"
)
PG_MATCH = "{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)"


class PostgresBackend:
    vendor = "postgresql"

    def match(self, terms: tuple[Term, ...]):
        table = connection.ops.quote_name(SearchDocument._meta.db_table)
        query = " & ".join(f"'{t.stem}'" + (":*" if t.prefix else "") for t in terms)
        # Stems are runs of letters and digits (text.WORD): nothing in them needs quoting, and
        # the query text is passed as a parameter anyway.
        condition = PG_MATCH.format(table=table)
        return RawSQL(condition, [query], output_field=BooleanField())  # noqa: S611 - constant SQL

    def sync(self, documents) -> None:
        """Nothing to do: the database computes the vector column and its index."""

    def forget(self, ids) -> None:
        pass

    def rebuild(self) -> None:
        """Fresh statistics after a bulk rebuild, so the planner knows how common words are."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


class SqliteBackend:
    vendor = "sqlite"

    def match(self, terms: tuple[Term, ...]):
        query = " AND ".join(f'"{t.stem}"' + ("*" if t.prefix else "") for t in terms)
        return Q(id__in=RawSQL(FTS_MATCH, [query]))  # noqa: S611 - constant SQL

    def sync(self, documents) -> None:
        """Write the FTS rows of these (saved) documents, replacing older ones."""
        rows = [(d.pk, d.title_stems, d.body_stems) for d in documents]
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(FTS_DELETE, [(r[0],) for r in rows])
            cursor.executemany(FTS_INSERT, rows)

    def forget(self, ids) -> None:
        ids = list(ids)
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany(FTS_DELETE, [(i,) for i in ids])

    def rebuild(self) -> None:
        """Refill the FTS table from the documents (after a bulk rebuild)."""
        with connection.cursor() as cursor:
            cursor.execute(FTS_CLEAR)
            cursor.execute(FTS_REFILL)


_BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SqliteBackend()}


def backend():
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise RuntimeError(
            f"Search supports PostgreSQL and SQLite, not {connection.vendor}."
        ) from None

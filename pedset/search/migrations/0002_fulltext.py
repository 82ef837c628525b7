"""The full-text index of the database in use. Each operation runs its SQL only on its own
database (see backends.py):

- PostgreSQL: a generated column ``search_vector`` = to_tsvector('simple', title_stems || ' ' ||
  body_stems), kept by the database itself, with a GIN index. Stored rather than an expression
  index, so that a plan which filters rows instead of using the index (frequent words, ordered
  by date) compares ready vectors instead of parsing the text of every row. Django's model does
  not know the column: nothing writes it, queries read it through backends.PostgresBackend.
- SQLite: the FTS5 table ``search_fts``, written by the services.
"""

from django.db import migrations

PG_INDEX = "search_document_fulltext"
PG_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, title_stems || ' ' || body_stems)) STORED",
    f"CREATE INDEX {PG_INDEX} ON search_searchdocument USING GIN (search_vector)",
]
PG_DROP = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]
# unicode61 without removing diacritics: «й» must stay «й», as on PostgreSQL.
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)


def _run_on(vendor, statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for sql in [statements] if isinstance(statements, str) else statements:
                schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run_on("postgresql", PG_CREATE),
            _run_on("postgresql", PG_DROP),
            elidable=False,
        ),
        migrations.RunPython(
            _run_on("sqlite", SQLITE_CREATE),
            _run_on("sqlite", "DROP TABLE IF EXISTS search_fts"),
            elidable=False,
        ),
    ]

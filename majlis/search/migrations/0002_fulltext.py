"""The backend-specific full-text structures (see majlis.search.backends).

SQLite: an FTS5 table with the ``ascii`` tokenizer, which only splits on ASCII
punctuation and spaces and leaves every other character alone, so the Arabic folding
and stemming are Majlis's own (the analyzer writes space-joined terms into it).
PostgreSQL: a ``tsv`` tsvector column filled with ``to_tsvector('simple', terms)`` and a
GIN index. Other vendors get nothing and search falls back to a LIKE scan.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, tokenize='ascii', prefix='2 3')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_UP = [
    "ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_entry USING GIN (tsv)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS search_entry_tsv", "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]

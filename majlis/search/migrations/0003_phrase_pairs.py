"""PostgreSQL: `search_entry.pairs`, every two consecutive analysed terms of an entry's
title and of its text as one lexeme (`a b`), with a GIN index, so that a phrase is an
index lookup instead of a recheck of every row holding its words (see
majlis.search.backends.postgres).

The column is filled here, before its index is built, from the entries' stored title,
text and language through the analyzer and `backend.write`, as indexing does, so an
existing index keeps finding phrases the moment the new code runs (about 1,500 entries
a second; `tsv` is rewritten with the same terms). SQLite has nothing to do: FTS5 keeps
positions in its own index. The table's storage changes with it (see
`majlis.search.backends.postgres.STORAGE`).
"""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from majlis.search.backends.postgres import STORAGE, PostgresBackend
    from majlis.search.index import full_text_row

    schema_editor.execute("ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS pairs tsvector")
    for sql in STORAGE:  # before the rows are rewritten below, so that they take it
        schema_editor.execute(sql)
    backend = PostgresBackend(connection)
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT id, title, text, language FROM search_entry WHERE id > %s ORDER BY id LIMIT %s",
                           [last, BATCH])
            rows = cursor.fetchall()
            if not rows:
                break
            backend.write([full_text_row(*row) for row in rows])
            last = rows[-1][0]
    schema_editor.execute("CREATE INDEX IF NOT EXISTS search_entry_pairs ON search_entry USING GIN (pairs)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_pairs")
        schema_editor.execute("ALTER TABLE search_entry DROP COLUMN IF EXISTS pairs")
        schema_editor.execute("ALTER TABLE search_entry RESET (toast_tuple_target), "
                              "ALTER COLUMN tsv SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, backwards)]

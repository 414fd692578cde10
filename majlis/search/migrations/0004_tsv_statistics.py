"""PostgreSQL: a deeper statistics target on `search_entry.tsv`, so that the planner's
row estimate, from which the backend chooses how to find the newest matches, knows the
words and prefixes below the top thousand lexemes (see
`majlis.search.backends.postgres.PLANNER_STATISTICS`). ANALYZE runs here so the new
estimates hold from the first search, not from autovacuum's next pass. SQLite has
nothing to do: FTS5 plans nothing from statistics.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from majlis.search.backends.postgres import PLANNER_STATISTICS

    schema_editor.execute(PLANNER_STATISTICS)
    schema_editor.execute("ANALYZE search_entry")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_entry ALTER COLUMN tsv SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_phrase_pairs")]

    operations = [migrations.RunPython(forwards, backwards)]

"""PostgreSQL answers a phrase from `search_entry.pairs` (two consecutive terms of the
title, or of the text, as one lexeme) instead of rechecking every row that holds its
words. The rows found must stay the ones FTS5 finds: adjacent terms inside one column,
and the column must follow every write, replacement and removal."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from majlis.search import index
from majlis.search.backends import get_backend, postgres
from majlis.search.backends.base import Filters
from majlis.search.backends.postgres import PostgresBackend, pairs_of
from majlis.search.query import compile_query
from majlis.search.registry import Document

from .conftest import index_both

# Entry 3's title ends with "council" and its text starts with "papers": adjacent in
# `tsv` (`||` shifts the text's positions past the title's), but in two FTS5 columns.
# Entry 5 holds "green council" and "council papers", yet not "green council papers".
DOCS = {
    1: ("quarterly report", "green council papers blue tablet"),
    2: ("annual report", "blue council papers green tablet"),
    3: ("green council", "papers tablets archive"),
    4: ("minutes", "green tablet council papers blue"),
    5: ("budget", "green council archive council papers"),
}

EXPECTED = {
    '"green council"': {1, 3, 5},
    '"council papers"': {1, 2, 4, 5},  # not 3: the two words are in two columns
    '"papers green"': {2},
    '"papers council"': set(),  # both words in 1, 2, 4 and 5, never in this order
    '"green council papers"': {1},  # not 5 (both pairs, apart), not 3 (across columns)
    '"blue council papers green"': {2},
    'minutes "green council"': {1, 3, 4, 5},  # no entry has both: any of them
    '"council papers" blue': {1, 2, 4},
}


@pytest.fixture(scope="module")
def both(django_db_setup, django_db_blocker):
    docs = [(i, Document(title=t, text=x, url="", language="en")) for i, (t, x) in DOCS.items()]
    with django_db_blocker.unblock():
        lite, pg, _conn, drop = index_both(docs, "search_pairs")
    yield lite, pg
    drop()


@pytest.mark.parametrize("query", EXPECTED)
def test_a_phrase_finds_what_fts5_finds(both, query):
    lite, pg = both
    assert {i for i, _ in lite.search(query, limit=50)} == EXPECTED[query]
    assert {i for i, _ in pg.search(query, limit=50)} == EXPECTED[query]


def test_a_two_word_phrase_is_one_index_lookup():
    """No recheck of `tsv`: the GIN index on `pairs` answers it alone."""
    match = PostgresBackend(object()).match(compile_query('"green council"').clauses)
    assert match.where == "e.pairs @@ %s::tsquery" and match.where_params == ["'green council'"]
    longer = PostgresBackend(object()).match(compile_query('"green council papers" blue').clauses)
    assert longer.where == ("(e.tsv @@ to_tsquery('simple', %s) AND "
                            "(e.pairs @@ %s::tsquery AND e.tsv @@ to_tsquery('simple', %s)))")
    assert longer.where_params == ["'blue'", "'green council' & 'council paper'", "'green' <-> 'council' <-> 'paper'"]


def test_pairs_stay_inside_each_text_once_each_and_under_the_cap(monkeypatch):
    assert pairs_of("a b a b", "c d") == ["a b", "b a", "c d"]  # no "b c"
    assert pairs_of("a", "") == []
    monkeypatch.setattr(postgres, "MAX_PAIR_BYTES", 7)
    assert pairs_of("a b c d") == ["a b", "b c"]  # 3 + 3 bytes; a third would pass 7


# -- the Django path: index, replace, remove, migrate ------------------------------------

def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the `pairs` column exists on PostgreSQL only")


def _pairs(type_key, object_id) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(pairs) FROM search_entry WHERE type_key = %s AND object_id = %s",
                       [type_key, str(object_id)])
        return sorted(cursor.fetchone()[0])


def _count(query: str) -> int:
    return get_backend(connection).count(compile_query(query).clauses, Filters(include_private=True), cap=100)


def _index(test_type, object_id, title, text):
    index.index_documents(test_type, [(object_id, Document(title=title, text=text, url="", language="en"))])


def _expected_pairs(title, text) -> list[str]:
    _id, title_terms, text_terms = index.full_text_row(0, title, text, "en")
    return sorted(pairs_of(title_terms, text_terms))


def test_indexing_replacing_and_removing_keep_pairs_current(db, test_type):
    _postgres_only()
    _index(test_type, 7, "annual report", "green council papers")
    assert _pairs(test_type, 7) == _expected_pairs("annual report", "green council papers")
    assert _count('"green council"') == 1
    _index(test_type, 7, "annual report", "council green papers")  # the object changed
    assert _pairs(test_type, 7) == _expected_pairs("annual report", "council green papers")
    assert _count('"green council"') == 0 and _count('"council green"') == 1
    index.remove_object(test_type, 7)
    assert _count('"council green"') == 0


def test_the_migration_fills_an_existing_index(db, test_type):
    _postgres_only()
    _index(test_type, 8, "annual report", "green council papers")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_entry SET pairs = NULL")  # as before the migration
    assert _count('"green council"') == 0
    migration = importlib.import_module("majlis.search.migrations.0003_phrase_pairs")
    with connection.schema_editor() as schema_editor:
        migration.forwards(None, schema_editor)
    assert _pairs(test_type, 8) == _expected_pairs("annual report", "green council papers")
    assert _count('"green council"') == 1


def test_the_migrated_table_keeps_tsv_in_line_and_the_rest_out(db):
    _postgres_only()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'search_entry'::regclass")
        assert "toast_tuple_target=128" in (cursor.fetchone()[0] or [])
        cursor.execute("SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_entry'::regclass "
                       "AND attname IN ('tsv', 'pairs', 'text')")
        assert dict(cursor.fetchall()) == {"tsv": "m", "pairs": "x", "text": "x"}

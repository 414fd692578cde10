"""PostgreSQL finds "the newest N matches" (the rank window, the capped count) by one of
three plans chosen from the planner's estimate: a GIN bitmap, a primary-key walk, or a
GIN bitmap ANDed with a primary-key range that widens until it holds N. Whatever plan
runs and however wrong the estimate, the rows must be exactly the ones FTS5 finds
walking its doclists backwards, and the planner settings must not outlive the query."""

from __future__ import annotations

import pytest

from majlis.search.backends import postgres
from majlis.search.backends.base import Filters
from majlis.search.index import terms_of
from majlis.search.query import compile_query
from majlis.search.registry import Document

from .conftest import index_both

N_DOCS = 400
WINDOW = 25


def _docs():
    """Every text has "alpha"; "beta" every 7th, "gamma" every 40th, "delta" every 3rd.
    Every 9th entry is staff-only, so the public filter takes part in every plan."""
    out = []
    for i in range(1, N_DOCS + 1):
        words = ["alpha", "council"]
        if i % 7 == 0:
            words.append("beta")
        if i % 40 == 0:
            words.append("gamma")
        if i % 3 == 0:
            words.insert(0, "delta")
        text = " ".join(words) + f" sitting number {i}"
        out.append((i, Document(title=f"item {i}", text=text, url="", language="en", public=i % 9 != 4)))
    return out


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    docs = _docs()
    with django_db_blocker.unblock():
        lite, pg, pg_conn, drop = index_both(docs, "search_window")
    pg_conn.execute("ANALYZE search_entry")  # the estimates the plan choice reads
    yield lite, pg, docs
    drop()


def _expected(docs, word: str, *, public_only: bool = True) -> list[int]:
    return sorted((i for i, d in docs if word in d.text.split() and (d.public or not public_only)), reverse=True)


# Force each plan by making the others look expensive (the choice is by cost).
PLANS = {
    "as chosen": {},
    "every match": {"WALK_ROW_US": 1e6, "KEY_RANGE_US": 1e6},
    "walk": {"WALK_ROW_US": 1e-6},
    "range": {"WALK_ROW_US": 1e6, "GIN_POSTING_US": 0.0, "KEY_RANGE_US": 0.0},
}


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("word", ["alpha", "delta", "beta", "gamma"])
def test_newest_matches_are_the_same_rows_as_fts5(pair, monkeypatch, plan, word):
    lite, pg, docs = pair
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(postgres, name, value)
    pg.backend.forget()
    clauses = compile_query(word).clauses
    filters = Filters()
    expected = _expected(docs, word)
    cap = WINDOW + 1
    assert pg.backend.count(clauses, filters, cap=cap) == lite.backend.count(clauses, filters, cap=cap) \
        == min(cap, len(expected))
    a = lite.backend.search(clauses, filters, limit=100, window=WINDOW)
    b = pg.backend.search(clauses, filters, limit=100, window=WINDOW)
    assert {i for i, _ in b} == {i for i, _ in a} == set(expected[:WINDOW])


@pytest.mark.parametrize("estimate", [1.0, 200.0, 10_000.0])
def test_a_wrong_estimate_costs_time_not_rows(pair, monkeypatch, estimate):
    """Too high an estimate makes the first id range too narrow (it must widen); too low
    a one takes every match from the bitmap."""
    lite, pg, docs = pair
    monkeypatch.setattr(postgres.PostgresBackend, "_estimate", lambda self, where, params: estimate)
    pg.backend.forget()
    for word in ("alpha", "beta", "gamma"):
        clauses = compile_query(word).clauses
        got = pg.backend.search(clauses, Filters(), limit=100, window=WINDOW)
        assert {i for i, _ in got} == set(_expected(docs, word)[:WINDOW])


def test_facets_and_phrases_cut_the_same_way(pair):
    lite, pg, _docs_ = pair
    pg.backend.forget()
    for query in ("alpha", '"delta alpha"', "alpha beta", "council*"):
        clauses = compile_query(query).clauses
        for include_private in (False, True):
            filters = Filters(include_private=include_private)
            assert pg.backend.facet("language", clauses, filters, window=WINDOW) == \
                lite.backend.facet("language", clauses, filters, window=WINDOW)
            a = lite.backend.search(clauses, filters, limit=100, window=WINDOW)
            b = pg.backend.search(clauses, filters, limit=100, window=WINDOW)
            assert {i for i, _ in a} == {i for i, _ in b}, query


def test_a_write_forgets_the_matches_it_found(pair):
    lite, pg, docs = pair
    clauses = compile_query("gamma").clauses
    before = pg.backend.count(clauses, Filters(), cap=1000)
    doc = dict(docs)[80]
    pg.backend.write([(80, terms_of(doc.title, "en"), terms_of("alpha council", "en"))])  # entry 80 no longer says gamma
    try:
        assert pg.backend.count(clauses, Filters(), cap=1000) == before - 1
    finally:
        pg.backend.write([(80, terms_of(doc.title, "en"), terms_of(doc.text, "en"))])


def test_planner_settings_do_not_outlive_the_query(pair):
    _lite, pg, _docs_ = pair
    conn = pg.backend.connection
    clauses = compile_query("beta").clauses
    with conn.transaction():  # a caller's transaction: our settings sit in a savepoint of it
        pg.backend.forget()
        pg.backend.search(clauses, Filters(), window=WINDOW)
        settings = conn.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                                "current_setting('enable_bitmapscan')").fetchone()
        assert settings == ("on", "on", "on")
    pg.backend.forget()
    pg.backend.search(clauses, Filters(), window=WINDOW)
    assert conn.execute("SELECT current_setting('enable_seqscan')").fetchone() == ("on",)


def _word(head: str, j: int) -> str:
    """A made-up English word per number (letters only, ending so that no stemmer trims it)."""
    letters = "bcdfghjklmnpqrstvwz"
    return head + letters[j // 361 % 19] + letters[j // 19 % 19] + letters[j % 19] + "ax"


def test_the_planner_knows_prefixes_below_the_top_thousand_lexemes(db):
    """`_newest` plans from the planner's estimate. A thousand words in 10% of the entries
    fill the default list of most common lexemes; a prefix whose fifty words each hold
    0.5% was then estimated at PostgreSQL's floor (0.5% of rows: 6 here, for 300), and
    planned as if rare. The statistics target of `tsv` (PLANNER_STATISTICS) keeps them."""
    heads = [_word("h", j) for j in range(1000)]
    docs = []
    for i in range(1, 1201):
        words = heads[i % 10::10]
        if i % 4 == 0:
            words = words + [_word("zq", i // 4 % 50)]
        docs.append((i, Document(title="item", text=" ".join(words), url="", language="en")))
    _lite, pg, pg_conn, drop = index_both(docs, "search_stats")
    try:
        pg_conn.execute("ANALYZE search_entry")
        _m, where, params = pg.backend._parts(compile_query("zq*").clauses, "and", Filters(include_private=True))
        truth = pg.backend._run(f"SELECT COUNT(*) FROM search_entry e WHERE {where}", params)[0][0]
        assert truth == 300
        assert truth / 2 <= pg.backend._estimate(where, params) <= truth * 2
    finally:
        drop()


def test_the_migration_deepens_the_statistics_of_tsv(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite plans nothing from statistics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'search_entry'::regclass "
                       "AND attname = 'tsv'")
        assert cursor.fetchone()[0] == 1000


def test_sqlite_takes_the_window_from_its_count_and_forgets_it_on_write():
    """FTS5's capped count walks from the newest end and keeps the ids: the ranking's
    window then starts where the count's walk says, the same rows a fresh walk finds,
    and a write in between is not answered from the ids counted before it."""
    import sqlite3

    from majlis.search.standalone import StandaloneIndex

    docs = _docs()
    lite = StandaloneIndex(sqlite3.connect(":memory:"))
    lite.add(docs)
    backend = lite.backend
    for word in ("alpha", "delta", "beta", "gamma"):
        clauses = compile_query(word).clauses
        backend.forget()
        fresh = backend.search(clauses, Filters(), limit=100, window=WINDOW)
        assert backend.count(clauses, Filters(), cap=WINDOW + 1) == min(WINDOW + 1, len(_expected(docs, word)))
        assert backend.search(clauses, Filters(), limit=100, window=WINDOW) == fresh
        assert {i for i, _ in fresh} == set(_expected(docs, word)[:WINDOW])
    clauses = compile_query("alpha").clauses
    backend.count(clauses, Filters(), cap=WINDOW + 1)
    newest = _expected(docs, "alpha")[0]
    backend.write([(newest, terms_of("item", "en"), terms_of("council", "en"))])  # no longer says alpha
    got = backend.search(clauses, Filters(), limit=100, window=WINDOW)
    assert {i for i, _ in got} == set(_expected(docs, "alpha")[1:WINDOW + 1])

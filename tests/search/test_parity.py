"""One fixture indexed into SQLite FTS5 and PostgreSQL tsvector: the same documents
match, and the top results agree, for Arabic and English queries."""

from __future__ import annotations

import os
import sqlite3
import uuid

import pytest
from django.db import connection

from majlis.search.standalone import StandaloneIndex

QUERIES = [
    "بالمجلس", "المجلس", "الأمين العام", "البحرين وأذربيجان", "التحول الرقمي", "الذكاء الاصطناعي", "المضبطة الإلكترونية",
    "البرلماني", "الموارد البشرية", "التعاون", '"الأمين العام"', "البرلما*", "حاجييف", "غفاروفا",
    "budget", "parliament", "Hajiyev", "electronic Hansard", '"general budget"', "artificial intelligence",
    "legislat*", "delegation visit", "Secretary-General", "green parliament",
]


def _pg_connection():
    """A raw connection to the PostgreSQL the suite runs on, or the one named by
    MAJLIS_SEARCH_PARITY_PG_URL; None when there is none."""
    import psycopg

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        with connection.cursor() as cursor:  # the test database's real name
            cursor.execute("SELECT current_database()")
            name = cursor.fetchone()[0]
        return psycopg.connect(dbname=name, user=s["USER"] or None, password=s["PASSWORD"] or None,
                               host=s["HOST"] or None, port=s["PORT"] or None, autocommit=True)
    url = os.environ.get("MAJLIS_SEARCH_PARITY_PG_URL")
    return psycopg.connect(url, autocommit=True) if url else None


def index_both(pg_conn, docs, name: str):
    """`docs` indexed into an in-memory SQLite and into a scratch schema (`name_…`) of
    `pg_conn`: (lite, pg, drop), where drop() removes the schema and closes both."""
    sqlite_conn = sqlite3.connect(":memory:")
    lite = StandaloneIndex(sqlite_conn)
    lite.add(docs)
    schema = f"{name}_{uuid.uuid4().hex[:8]}"
    pg_conn.execute(f"CREATE SCHEMA {schema}")
    pg_conn.execute(f"SET search_path TO {schema}")
    pg = StandaloneIndex(pg_conn)
    pg.add(docs)

    def drop():
        pg_conn.execute(f"DROP SCHEMA {schema} CASCADE")
        pg_conn.close()
        sqlite_conn.close()

    return lite, pg, drop


_STATE: dict = {}


@pytest.fixture(scope="module")
def _pair_cleanup():
    yield
    pair = _STATE.pop("pair", None)
    if pair:
        pair[2]()  # drop


@pytest.fixture
def both(db, _pair_cleanup):
    """The corpus in an in-memory SQLite and in a scratch schema of the PostgreSQL."""
    if "pair" in _STATE:
        return _STATE["pair"][:2]
    from .conftest import corpus_documents

    pg_conn = _pg_connection()
    if pg_conn is None:
        pytest.skip("backend parity needs PostgreSQL: it runs in the PostgreSQL run of the suite "
                    "(MAJLIS_TEST_DATABASE_URL) or with MAJLIS_SEARCH_PARITY_PG_URL")
    docs = [(i, doc) for i, (_key, doc) in enumerate(corpus_documents(), start=1)]
    _STATE["pair"] = index_both(pg_conn, docs, "search_parity")
    return _STATE["pair"][:2]


@pytest.mark.parametrize("query", QUERIES)
def test_same_matches_and_same_top_results(both, query):
    lite, pg = both
    a = lite.search(query, limit=100)
    b = pg.search(query, limit=100)
    assert {i for i, _ in a} == {i for i, _ in b}, "both backends must match the same documents"
    n = min(5, len(a))
    if n:
        # BM25 (FTS5) and cover density (ts_rank_cd) are different formulas: the best
        # results agree as a set; the order inside them and the last place may differ.
        top_a, top_b = {i for i, _ in a[:n]}, {i for i, _ in b[:n]}
        assert len(top_a & top_b) >= n - 1, (a[:n], b[:n])
        if len(lite_terms(query)) == 1:
            assert a[0][0] == b[0][0] or a[0][1] == a[1][1], "one word: the same best result"


def lite_terms(query):
    from majlis.search.query import compile_query

    return compile_query(query).clauses


def test_the_rank_window_cuts_the_same_way(both):
    from majlis.search.backends.base import Filters
    from majlis.search.query import compile_query

    lite, pg = both
    for query in ("البحرين", "parliament", "التعاون"):
        clauses = compile_query(query).clauses
        a = lite.backend.search(clauses, Filters(include_private=True), limit=50, window=4)
        b = pg.backend.search(clauses, Filters(include_private=True), limit=50, window=4)
        assert {i for i, _ in a} == {i for i, _ in b} and len(a) == 4

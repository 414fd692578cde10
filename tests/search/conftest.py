"""Fixtures of the search tests: a corpus of the real seed press releases (Arabic),
English sentences on the same subjects, and a staff-only item, indexed through the
same code path as any registered type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from majlis.search.registry import Document, SearchType, register

SEEDS = Path(__file__).resolve().parents[2] / "majlis" / "core" / "seeds"

ENGLISH = [
    ("The Council of Representatives approved the general budget",
     "The Council of Representatives approved the general budget for the coming fiscal years after a long debate on public spending."),
    ("Digital parliament: the electronic Hansard",
     "The Secretary-General presented the electronic Hansard system, which records every speech of the sitting and publishes it online."),
    ("Visit of the Milli Majlis delegation",
     "A delegation of the Milli Majlis of Azerbaijan led by Speaker Sahiba Gafarova visited the Kingdom of Bahrain to discuss parliamentary cooperation."),
    ("Artificial intelligence in legislative work",
     "Members discussed the use of artificial intelligence to support legislative and oversight work, with human review of every output."),
    ("Green parliament initiative",
     "The green parliament initiative reduces paper use by moving agendas and committee papers to tablets."),
]

STAFF_ONLY = ("Confidential draft on the zanzibarite procurement",
              "An internal draft about the zanzibarite procurement, not for publication. المسودة السرية للمشتريات الزنجبارية")


class _Dummy:
    """Stands in for a domain model in the registry."""


TEST_TYPE = "test.doc"


def seed_paragraphs() -> list[tuple[str, str]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for n, line in enumerate(l.strip() for l in path.read_text(encoding="utf-8").splitlines()):
            if len(line) > 40:
                out.append((f"{path.stem[:3]}-{n}", line))
    return out


def corpus_documents(body_id=None, person_id=None) -> list[tuple[str, Document]]:
    docs = []
    for i, (key, text) in enumerate(seed_paragraphs()):
        title = " ".join(text.split()[:8])
        docs.append((key, Document(title=title, text=text, url=f"/test/{key}", language="",
                                   date=dt.date(2026, 9, 1) + dt.timedelta(days=i % 20),
                                   body_id=body_id if key.startswith("004") else None,
                                   person_ids=[person_id] if person_id and key.startswith("001") else [])))
    for i, (title, text) in enumerate(ENGLISH):
        docs.append((f"en-{i}", Document(title=title, text=text, url=f"/test/en-{i}", language="en",
                                         date=dt.date(2026, 10, 1) + dt.timedelta(days=i))))
    docs.append(("staff-0", Document(title=STAFF_ONLY[0], text=STAFF_ONLY[1], url="/test/staff-0", language="en",
                                     date=dt.date(2026, 10, 20), public=False)))
    return docs


@pytest.fixture
def test_type():
    from majlis.search import registry

    register(SearchType(key=TEST_TYPE, label="Test document", model=_Dummy, to_document=lambda o: None,
                        queryset=lambda: []))
    yield TEST_TYPE
    registry._TYPES.pop(TEST_TYPE, None)


@pytest.fixture
def corpus(db, test_type):
    from majlis.search import index

    index.index_documents(TEST_TYPE, corpus_documents())
    return TEST_TYPE


@pytest.fixture
def no_semantic(settings):
    settings.SEARCH_SEMANTIC = False


def pg_connection():
    """A raw connection to the PostgreSQL the suite runs on, or the one named by
    MAJLIS_SEARCH_PARITY_PG_URL; None when there is none."""
    import os

    import psycopg
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        with connection.cursor() as cursor:  # the test database's real name
            cursor.execute("SELECT current_database()")
            name = cursor.fetchone()[0]
        return psycopg.connect(dbname=name, user=s["USER"] or None, password=s["PASSWORD"] or None,
                               host=s["HOST"] or None, port=s["PORT"] or None, autocommit=True)
    url = os.environ.get("MAJLIS_SEARCH_PARITY_PG_URL")
    return psycopg.connect(url, autocommit=True) if url else None


def index_both(docs, name: str):
    """`docs` indexed into an in-memory SQLite and into a scratch schema (`name_…`) of the
    suite's PostgreSQL: (lite, pg, pg_conn, drop), where drop() removes the schema and
    closes both. Skips the test without a PostgreSQL (see `pg_connection`)."""
    import sqlite3
    import uuid

    from majlis.search.standalone import StandaloneIndex

    pg_conn = pg_connection()
    if pg_conn is None:
        pytest.skip("needs PostgreSQL: the PostgreSQL run of the suite (MAJLIS_TEST_DATABASE_URL) "
                    "or MAJLIS_SEARCH_PARITY_PG_URL")
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

    return lite, pg, pg_conn, drop


"""A search index on a raw DB-API connection (sqlite3 or psycopg), outside Django's ORM.

Used by `benchmarks/` and by the backend-parity test to put ONE corpus into SQLite and
PostgreSQL side by side, through the very same backends and analyzer as the app
(`majlis.search.backends`, `majlis.search.index.full_text_row`, `majlis.search.query`).
"""

from __future__ import annotations

from majlis.search.backends import backend_for_raw
from majlis.search.backends.base import Filters
from majlis.search.backends.postgres import PLANNER_STATISTICS, STORAGE
from majlis.search.query import compile_query

SQLITE_SCHEMA = [
    "CREATE TABLE search_entry (id INTEGER PRIMARY KEY, type_key TEXT NOT NULL, object_id TEXT NOT NULL, "
    "title TEXT NOT NULL, text TEXT NOT NULL, url TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '', "
    "date DATE NULL, body_id INTEGER NULL, public BOOL NOT NULL DEFAULT 1, indexed TEXT NULL)",
    "CREATE TABLE search_entry_person (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, person_id INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize='ascii', prefix='2 3')",
]
POSTGRES_SCHEMA = [
    "CREATE TABLE search_entry (id BIGINT PRIMARY KEY, type_key TEXT NOT NULL, object_id TEXT NOT NULL, "
    "title TEXT NOT NULL, text TEXT NOT NULL, url TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '', "
    "date DATE NULL, body_id BIGINT NULL, public BOOLEAN NOT NULL DEFAULT TRUE, indexed TIMESTAMPTZ NULL, tsv tsvector, "
    "pairs tsvector)",
    "CREATE TABLE search_entry_person (id BIGSERIAL PRIMARY KEY, entry_id BIGINT NOT NULL, person_id BIGINT NOT NULL)",
    "CREATE INDEX search_entry_tsv ON search_entry USING GIN (tsv)",
    "CREATE INDEX search_entry_pairs ON search_entry USING GIN (pairs)",
    *STORAGE,
    PLANNER_STATISTICS,
]


class StandaloneIndex:
    def __init__(self, conn, *, create: bool = True):
        self.conn = conn
        if hasattr(conn, "prepare_threshold"):
            # As under Django (client-side binding): every query is planned with its own
            # tsquery. A prepared generic plan cannot see how rare a word is.
            conn.prepare_threshold = None
        self.backend = backend_for_raw(conn)
        if create:
            for sql in SQLITE_SCHEMA if self.backend.vendor == "sqlite" else POSTGRES_SCHEMA:
                self.backend.execute(sql)

    def add(self, documents, *, type_key: str = "doc") -> None:
        """documents: [(int id, Document)]."""
        self.write(*entry_rows(documents, type_key=type_key))

    def write(self, rows, fts) -> None:
        """Write what `entry_rows` made (the caller holds the transaction)."""
        self.backend.execute(
            "INSERT INTO search_entry (id, type_key, object_id, title, text, url, language, date, body_id, public) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows, many=True)
        if self.backend.vendor == "sqlite":
            self.backend.execute("INSERT INTO search_fts(rowid, title, body) VALUES (%s, %s, %s)", fts, many=True)
        else:
            self.backend.write(fts)

    def search(self, text: str, *, limit: int = 10, names=None, relax: bool = True) -> list[tuple[int, float]]:
        compiled = compile_query(text, names=names)
        if compiled.is_empty():
            return []
        filters = Filters(include_private=True)
        hits = self.backend.search(compiled.clauses, filters, limit=limit)
        if not hits and relax and len(compiled.clauses) > 1:
            hits = self.backend.search(compiled.clauses, filters, mode="or", limit=limit)
        return hits


def entry_rows(documents, *, type_key: str = "doc") -> tuple[list[tuple], list[tuple[int, str, str]]]:
    """The search_entry rows of [(int id, Document)] and their analysed terms: the costly
    half of `StandaloneIndex.add`, with no connection (benchmarks run it in worker processes)."""
    from majlis.search.index import full_text_row
    from majlis.text import detect_language

    rows, fts = [], []
    for entry_id, doc in documents:
        lang = doc.language or detect_language(f"{doc.title}\n{doc.text}")
        rows.append((entry_id, type_key, str(entry_id), doc.title, doc.text, doc.url, lang, doc.date,
                     doc.body_id, bool(doc.public)))
        fts.append(full_text_row(entry_id, doc.title, doc.text, lang))
    return rows, fts

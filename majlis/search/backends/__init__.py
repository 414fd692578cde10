"""Full-text backends. Both receive the analyzer's terms, never raw text, and both
build their query language from quoted analysed terms only, with bound parameters.

Chosen from the database vendor: SQLite → FTS5 (`sqlite_fts5`), PostgreSQL → tsvector
(`postgres`). The SQL that filters and counts is shared (`base`).
"""

from __future__ import annotations

from django.db import connection


def get_backend(conn=None):
    conn = conn or connection
    if conn.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(conn)
    if conn.vendor == "sqlite":
        from .sqlite_fts5 import SqliteFts5Backend

        return SqliteFts5Backend(conn)
    raise NotImplementedError(f"search has no backend for the {conn.vendor!r} database")


def backend_for_raw(conn):
    """A backend over a raw DB-API connection (sqlite3 or psycopg): benchmarks, parity test."""
    import sqlite3

    if isinstance(conn, sqlite3.Connection):
        from .sqlite_fts5 import SqliteFts5Backend

        return SqliteFts5Backend(conn)
    from .postgres import PostgresBackend

    return PostgresBackend(conn)

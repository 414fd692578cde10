"""What both backends share: filters, counting, facets, paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    body_id: int | None = None
    person_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    language: str = ""
    include_private: bool = False  # True only for signed-in staff
    ids: list[int] | None = None  # restrict to these entries (semantic candidates)

    def sql(self, skip: str = "") -> tuple[str, list]:
        """WHERE fragments over `search_entry e`, with parameters; `skip` names a facet
        whose own filter is left out so its counts show the alternatives."""
        where, params = [], []
        if not self.include_private:
            where.append("e.public = %s")
            params.append(True)
        if self.types and skip != "type":
            where.append("e.type_key IN (" + ", ".join(["%s"] * len(self.types)) + ")")
            params.extend(self.types)
        if self.body_id is not None and skip != "body":
            where.append("e.body_id = %s")
            params.append(self.body_id)
        if self.person_id is not None and skip != "person":
            where.append("EXISTS (SELECT 1 FROM search_entry_person p WHERE p.entry_id = e.id AND p.person_id = %s)")
            params.append(self.person_id)
        if self.date_from is not None:
            where.append("e.date >= %s")
            params.append(self.date_from)
        if self.date_to is not None:
            where.append("e.date <= %s")
            params.append(self.date_to)
        if self.language and skip != "language":
            where.append("e.language = %s")
            params.append(self.language)
        if self.ids is not None:
            ids = list(self.ids) or [-1]
            where.append("e.id IN (" + ", ".join(["%s"] * len(ids)) + ")")
            params.extend(ids)
        return " AND ".join(where), params


# How many of the newest matches are ranked (see Backend.search).
RANK_WINDOW = 1000

FACETS = {"type": "e.type_key", "language": "e.language", "body": "e.body_id"}


def join_clauses(clauses, alt, *, either: str, both: str, mode: str = "and") -> str:
    """One boolean expression from compiled clauses: the alternatives of a clause joined
    by `either`, the clauses by `both` (mode "and") or by `either` (mode "or").
    `alt` writes one alternative in the backend's syntax."""
    parts = []
    for clause in clauses:
        alts = [alt(a) for a in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + either.join(alts) + ")")
    return (both if mode == "and" else either).join(parts)


class Backend:
    vendor = ""

    def __init__(self, connection):
        # A Django connection, or a raw DB-API one (sqlite3 / psycopg) for benchmarks
        # and the backend-parity test, which index one corpus into both databases.
        self.connection = connection
        import sqlite3

        self._qmark = isinstance(connection, sqlite3.Connection)
        # The newest matching ids per WHERE, found once for the page's capped count, its
        # ranking window and its facets (`_remembered`). A backend serves one request
        # (`get_backend`) or a read-only run (benchmarks, the parity test); writing through
        # it forgets them.
        self._found: dict[tuple, tuple[int, list[int]]] = {}

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self._qmark else sql

    def execute(self, sql: str, params=(), many: bool = False) -> None:
        cursor = self.connection.cursor()
        try:
            (cursor.executemany if many else cursor.execute)(self._sql(sql), params)
        finally:
            cursor.close()

    # -- writing ---------------------------------------------------------------------
    def write(self, rows: list[tuple[int, str, str]]) -> None:
        """(entry id, title terms, body terms) — space-joined analysed terms."""
        raise NotImplementedError

    def delete(self, entry_ids: list[int]) -> None:
        raise NotImplementedError

    def delete_sql(self, where: str, params: list) -> None:
        """Remove the full-text rows of entries matching `where` (over search_entry)."""
        raise NotImplementedError

    def forget(self) -> None:
        """Drop the matches this backend remembers between reads, as a write does; a fresh
        backend remembers nothing."""
        self._found.clear()

    def _remembered(self, where: str, params: list, n: int) -> list[int] | None:
        """The newest `n` ids matching `where` (all of them when fewer), highest first, if
        an earlier read found enough of them; None when it did not."""
        asked, found = self._found.get((where, tuple(params)), (0, []))
        if n <= asked or len(found) < asked:  # enough of them, or all there are
            return found[:n]
        return None

    def _remember(self, where: str, params: list, n: int, ids: list[int]) -> None:
        """`ids`: the newest `n` ids matching `where` (fewer: all there are)."""
        if len(self._found) >= 16:
            self._found.clear()
        self._found[(where, tuple(params))] = (n, ids)

    # -- reading ---------------------------------------------------------------------
    def match(self, clauses, mode: str = "and") -> "Match":
        raise NotImplementedError

    def _run(self, sql: str, params: list):
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(sql), params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def _parts(self, clauses, mode, filters: Filters, skip: str = ""):
        m = self.match(clauses, mode)
        fsql, fparams = filters.sql(skip)
        where = m.where + (" AND " + fsql if fsql else "")
        return m, where, m.from_params + m.where_params + fparams

    def search(self, clauses, filters: Filters, *, mode="and", limit=20, offset=0,
               window: int | None = None, matched: int | None = None) -> list[tuple[int, float]]:
        """The best `limit` entries after `offset`, by relevance.

        Only the newest `window` matches (highest ids) are ranked: a very common word can
        match most of the index, and scoring all of it costs more than it tells. Both
        backends cut the same way, so they keep agreeing; below the window nothing is cut.
        """
        m, where, params = self._parts(clauses, mode, filters)
        cut, cut_params = self._window(m, where, params, RANK_WINDOW if window is None else window, matched)
        sql = (
            f"SELECT e.id, {m.score} AS score FROM {m.from_} WHERE {where}{cut} "
            "ORDER BY score DESC, e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s"
        )
        return [(r[0], float(r[1])) for r in self._run(sql, m.score_params + params + cut_params + [limit, offset])]

    def _window(self, m, where: str, params: list, window: int, matched: int | None = None) -> tuple[str, list]:
        """SQL that keeps only the newest `window` matches, or nothing when fewer match.
        `matched`: a count the caller already has (capped above `window` is enough)."""
        if not window:
            return "", []
        many = matched if matched is not None else self._run(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {m.from_} WHERE {where} LIMIT %s) AS c", params + [window + 1])[0][0]
        if many <= window:
            return "", []
        newest = f"SELECT {m.id_col} AS wid FROM {m.from_} WHERE {where} ORDER BY {m.id_col} DESC LIMIT %s"
        if m.window_by_range:  # FTS5 restricts its own doclist walk to a rowid range
            cut = f" AND {m.id_col} >= (SELECT MIN(wid) FROM ({newest}) AS newest)"
        else:  # PostgreSQL ranks exactly those rows, fetched by primary key
            cut = f" AND {m.id_col} IN (SELECT wid FROM ({newest}) AS newest)"
        return cut, params + [window]

    def count(self, clauses, filters: Filters, *, mode="and", cap: int | None = None) -> int:
        """How many entries match; with `cap`, counting stops there (a page shows "10,000+")."""
        m, where, params = self._parts(clauses, mode, filters)
        if cap is None:
            return self._run(f"SELECT COUNT(*) FROM {m.from_} WHERE {where}", params)[0][0]
        return self._run(f"SELECT COUNT(*) FROM (SELECT 1 FROM {m.from_} WHERE {where} LIMIT %s) AS capped",
                         params + [cap])[0][0]

    def facet(self, name: str, clauses, filters: Filters, *, mode="and", limit=20,
              window: int | None = None, matched: int | None = None) -> list[tuple[object, int]]:
        """Counts per value of a facet, over the same newest-matches window as the ranking
        (exact whenever fewer items match than the window holds)."""
        column = FACETS[name]
        m, where, params = self._parts(clauses, mode, filters, skip=name)
        cut, cut_params = self._window(m, where, params, RANK_WINDOW if window is None else window, matched)
        sql = (
            f"SELECT {column}, COUNT(*) AS n FROM {m.from_} WHERE {where} AND {column} IS NOT NULL{cut} "
            f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT %s"
        )
        return [(r[0], r[1]) for r in self._run(sql, params + cut_params + [limit])]


@dataclass
class Match:
    from_: str
    where: str
    score: str
    from_params: list = field(default_factory=list)
    where_params: list = field(default_factory=list)
    score_params: list = field(default_factory=list)
    id_col: str = "e.id"  # the entry id as the full-text side sees it (for range cuts)
    window_by_range: bool = False

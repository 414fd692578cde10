"""SQLite FTS5 backend: `search_fts(title, body)` with the `ascii` tokenizer, BM25.

The MATCH expression is built from analysed terms only, each one double-quoted (terms
are letters and digits, so they cannot contain a quote), and passed as a bound
parameter: nothing a person types reaches FTS5 syntax.
"""

from __future__ import annotations

from majlis.search.query import SAFE_TERM

from .base import Backend, Match, join_clauses

# BM25 column weights: a hit in the title counts four times a hit in the text
# (PostgreSQL's ts_rank_cd gets the same ratio through setweight A / D).
TITLE_WEIGHT = 4.0


def _quote(term: str) -> str:
    if not SAFE_TERM.fullmatch(term):  # defence in depth: the analyzer guarantees it
        raise ValueError(f"unsafe search term {term!r}")
    return f'"{term}"'


def _alt(alt) -> str:
    if alt.kind == "prefix":
        return _quote(alt.terms[0]) + " *"
    if alt.kind == "phrase":
        for t in alt.terms:
            _quote(t)
        return '"' + " ".join(alt.terms) + '"'
    return _quote(alt.terms[0])


def match_expression(clauses, mode: str = "and") -> str:
    return join_clauses(clauses, _alt, either=" OR ", both=" AND ", mode=mode)


class SqliteFts5Backend(Backend):
    vendor = "sqlite"

    def count(self, clauses, filters, *, mode="and", cap=None):
        if cap is None:
            return super().count(clauses, filters, mode=mode)
        # The walk of a capped COUNT(*), from the newest end, keeping the ids: the rank
        # window's lower bound is among them (`_window`), so the ranking and the facets
        # need not walk the doclists again to find it.
        m, where, params = self._parts(clauses, mode, filters)
        ids = self._remembered(where, params, cap)
        if ids is None:
            ids = [r[0] for r in self._run(f"SELECT {m.id_col} FROM {m.from_} WHERE {where} "
                                           f"ORDER BY {m.id_col} DESC LIMIT %s", params + [cap])]
            self._remember(where, params, cap, ids)
        return len(ids)

    def _window(self, m, where, params, window, matched=None):
        ids = self._remembered(where, params, window + 1) if window else None
        if ids is None:
            return super()._window(m, where, params, window, matched)
        if len(ids) <= window:  # every match counted, none cut
            return "", []
        return f" AND {m.id_col} >= %s", [ids[window - 1]]  # the window's oldest match

    def write(self, rows):
        if not rows:
            return
        self.forget()
        self.delete([r[0] for r in rows])
        self.execute("INSERT INTO search_fts(rowid, title, body) VALUES (%s, %s, %s)", rows, many=True)

    def delete(self, entry_ids):
        self.forget()
        entry_ids = list(entry_ids)
        for i in range(0, len(entry_ids), 500):
            chunk = entry_ids[i : i + 500]
            self.execute("DELETE FROM search_fts WHERE rowid IN (" + ",".join(["%s"] * len(chunk)) + ")", chunk)

    def delete_sql(self, where, params):
        self.forget()
        self.execute(f"DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entry WHERE {where})", params)

    def clear(self):
        self.forget()
        self.execute("DELETE FROM search_fts")

    def match(self, clauses, mode="and"):
        return Match(
            from_="search_fts JOIN search_entry e ON e.id = search_fts.rowid",
            where="search_fts MATCH %s",
            where_params=[match_expression(clauses, mode)],
            score=f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0)",
            id_col="search_fts.rowid",  # FTS5 walks its doclists by rowid, both ways
            window_by_range=True,
        )

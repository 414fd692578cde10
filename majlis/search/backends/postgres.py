"""PostgreSQL backend: `search_entry.tsv` = setweight(to_tsvector('simple', title terms),
'A') || to_tsvector('simple', body terms), GIN index, ts_rank_cd.

The 'simple' configuration only lower-cases and splits on spaces here, because the
terms are already Majlis's analysed terms. The tsquery is built from those terms only,
each single-quoted (they are letters and digits), and bound as a parameter of
to_tsquery: phrases use `<->`, prefixes `:*`.
"""

from __future__ import annotations

from majlis.search.query import SAFE_TERM

from .base import Backend, Match, join_clauses

# D (text) 0.1 and A (title) 0.4: the same 1:4 ratio as the FTS5 backend's BM25 weights.
# Normalisation 2 divides by the document's length. Measured on the parity fixture
# (tests/search/test_parity.py) against FTS5's BM25, it agrees best: the same top-5 sets
# for all 24 queries and the same first result for 23 (normalisation 1: 22, 0: 20).
RANK = "ts_rank_cd('{0.1, 0.2, 0.4, 0.4}', e.tsv, to_tsquery('simple', %s), 2)"


def _quote(term: str) -> str:
    if not SAFE_TERM.fullmatch(term):
        raise ValueError(f"unsafe search term {term!r}")
    return f"'{term}'"


def _alt(alt) -> str:
    if alt.kind == "prefix":
        return _quote(alt.terms[0]) + ":*"
    if alt.kind == "phrase":
        return "(" + " <-> ".join(_quote(t) for t in alt.terms) + ")"
    return _quote(alt.terms[0])


def tsquery_expression(clauses, mode: str = "and") -> str:
    return join_clauses(clauses, _alt, either=" | ", both=" & ", mode=mode)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def write(self, rows):
        if not rows:
            return
        self.execute(
            "UPDATE search_entry SET tsv = setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s) "
            "WHERE id = %s",
            [(title, body, entry_id) for entry_id, title, body in rows],
            many=True,
        )

    def delete(self, entry_ids):
        pass  # the tsvector lives in the entry row

    def delete_sql(self, where, params):
        pass

    def clear(self):
        pass

    def match(self, clauses, mode="and"):
        expr = tsquery_expression(clauses, mode)
        # The tsquery is written inline (not joined) so the planner can estimate how many
        # rows match from the column's statistics and pick the GIN index or not.
        return Match(
            from_="search_entry e",
            where="e.tsv @@ to_tsquery('simple', %s)",
            where_params=[expr],
            score=RANK,
            score_params=[expr],
        )

"""PostgreSQL backend: `search_entry.tsv` = setweight(to_tsvector('simple', title terms),
'A') || to_tsvector('simple', body terms), GIN index, ts_rank_cd.

The 'simple' configuration only lower-cases and splits on spaces here, because the
terms are already Majlis's analysed terms. The tsquery is built from those terms only,
each single-quoted (they are letters and digits), and bound as a parameter of
to_tsquery: phrases use `<->`, prefixes `:*`.

Phrases. A GIN index on `tsv` holds no positions, so a phrase query fetches and
rechecks every row that has all of its words (at 1M entries, ~270k TOASTed tsvectors
for a phrase of two common words: p95 748 ms). `search_entry.pairs` holds every
two consecutive terms of the title, and of the text, as one lexeme `a b` (no positions,
never across title and text: FTS5 matches a phrase inside one column), with its own GIN
index. A phrase of two terms is then one pair lexeme, answered by the index alone (a
tsquery without phrase operators or weights needs no recheck); a longer phrase is the
AND of its pairs, and `<->` on `tsv` rechecks only the rows those let through.

Finding matches. Every read first finds the ids of the newest matches (at most the
count cap, see `_newest`), then ranks, counts or groups exactly those rows by primary
key. Left to itself the planner often walks the primary key backwards and tests each
row's tsvector, because it prices that test as nearly free: a tsvector was then mostly
out of line (TOAST), and fetching it cost ~5 µs a row, so a word in 3% of 100k rows took
0.6 s (see STORAGE for where it lives now). `_newest` chooses the path from the planner's own estimate of how many rows
match (it reads the column's most-common-lexeme statistics, deepened by PLANNER_STATISTICS) and
pins it with planner settings scoped to that one statement.
"""

from __future__ import annotations

import json
import math
from contextlib import contextmanager

from majlis.search.query import SAFE_TERM

from .base import FACETS, RANK_WINDOW, Backend, Match, join_clauses

# D (text) 0.1 and A (title) 0.4: the same 1:4 ratio as the FTS5 backend's BM25 weights.
# Normalisation 2 divides by the document's length. Measured on the parity fixture
# (tests/search/test_parity.py) against FTS5's BM25, it agrees best: the same top-5 sets
# for all 24 queries and the same first result for 23 (normalisation 1: 22, 0: 20).
RANK = "ts_rank_cd('{0.1, 0.2, 0.4, 0.4}', e.tsv, to_tsquery('simple', %s), 2)"

# Costs (µs, measured at 100k and 1M rows) that choose how `_newest` finds matches:
# walking the primary key costs a heap row and a tsquery test per row walked, matching
# or not (rows in id order share pages; `tsv` in line, see STORAGE); a GIN bitmap costs
# per posting (the rows holding a term), a primary-key range bitmap per id in it, and the
# heap a row per match they let through (scattered rows, mostly not in shared_buffers).
# At 1M, with `tsv` in line, a walked row took ~1.5 µs and a heap row ~10 (they were 5
# and 2 when `tsv` was mostly in the TOAST table).
WALK_ROW_US = 1.5
GIN_POSTING_US = 0.3
# A prefix (`x:*`) reaches its postings through a partial match over the lexemes it
# covers, gathered into a bitmap: at 1M, 0.44-0.85 µs a posting (median ~0.6) for English
# prefixes of 15k-80k rows, where the same lexeme as a plain word took 0.21-0.33 (the
# bitmap index scan of EXPLAIN ANALYZE, 17:28 UTC 26 Nov 2026). Without it the model took
# the id-range bitmap for prefixes that the walk answers 1.7-4.6x faster (`الثا*`: 60 vs 13 ms).
PREFIX_POSTING_US = 0.6
KEY_RANGE_US = 0.1
HEAP_ROW_US = 8.0
# The id range a bitmap probe covers holds this many times the rows it needs (by the
# estimate): enough that one probe usually suffices, small enough to stay cheap.
RANGE_MARGIN = 1.5

# Plans the planner may use: GIN bitmaps (ANDed with a primary-key range), or the
# primary-key walk. Parallel workers only add start-up cost to plans this small.
BITMAP = {"enable_seqscan": "off", "enable_indexscan": "off", "max_parallel_workers_per_gather": "0"}
WALK = {"enable_seqscan": "off", "enable_bitmapscan": "off", "max_parallel_workers_per_gather": "0"}


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


# A tsvector's lexemes take at most 1 MB (PostgreSQL refuses more). The pairs of a
# 200,000-character text (the most indexed) of short, varied words come near it: past the
# cap a text's later pairs are left out, and a phrase found only there is not found.
MAX_PAIR_BYTES = 1_048_575


# How `search_entry` keeps its rows (set by the migration that adds `pairs`, and by the
# standalone index of the benchmarks and the parity test). Every read finds rows through
# the heap and ranks up to 1,000 of them by their `tsv`: the text, the title and `pairs`
# go out of line (toast_tuple_target 128) and `tsv` stays in line (STORAGE MAIN, up to a
# page), so a row is little more than its `tsv`. On the benchmark's corpus at 100k
# entries the heap went from 243 MB (~2.4 kB a row, `tsv` often in the TOAST table) to
# 195 MB, reading the `tsv` of 20,000 rows from 84-125 ms to 26-50 ms, and the p95 of
# its 200 queries from 38 to 28 ms (interleaved, load 4).
STORAGE = ["ALTER TABLE search_entry SET (toast_tuple_target = 128), ALTER COLUMN tsv SET STORAGE MAIN"]

# What the planner knows about `tsv` (migration 0004, and the standalone index): `_newest`
# chooses its plan from the planner's row estimate, which for a word or a prefix comes from
# the column's most common lexemes. At the default statistics target (100) that list holds
# 1,000 lexemes (at 1M entries, a word in 0.95% of them was not among them); every other
# word, and every prefix covering none of them, was estimated at PostgreSQL's floor of 0.5%
# of the rows whatever its true count: a word in 9,500 rows or a prefix in 19,000 (`برنا*`)
# then took every match from the bitmap (up to 98 ms) where the id range takes 17. At 1000
# the list holds 10,000 lexemes (down to 0.12% of rows): `buva` is estimated at 9,617 for
# 9,534, `هذا*` at 8,315 for 19,373 (was 5,000). 1M p95, interleaved: 45.8 -> 36.9 ms
# (benchmarks/README.md, 27 Nov). ANALYZE reads 300,000 sampled rows instead of 30,000
# (23 s at 1M on this machine, with `pairs` at the default).
PLANNER_STATISTICS = "ALTER TABLE search_entry ALTER COLUMN tsv SET STATISTICS 1000"


def pairs_of(*texts: str) -> list[str]:
    """The `pairs` lexemes of an entry's texts (space-joined analysed terms): `a b` for
    every two consecutive terms of one text, each once, in order of first appearance."""
    pairs, size = {}, 0
    for text in texts:
        terms = text.split()
        for a, b in zip(terms, terms[1:]):
            pair = f"{a} {b}"
            if pair not in pairs:
                size += len(pair.encode())
                if size > MAX_PAIR_BYTES:
                    return list(pairs)
                pairs[pair] = None
    return list(pairs)


def _phrase_condition(terms) -> tuple[str, list]:
    """SQL and parameters matching a phrase: its pairs (a plain tsquery cast as written, so
    that no parser splits `a b`), and for three terms or more the `<->` recheck on `tsv`."""
    quoted = [_quote(t) for t in terms]  # letters and digits only, or it raises
    pairs = " & ".join(f"'{a} {b}'" for a, b in zip(terms, terms[1:]))
    if len(terms) == 2:
        return "e.pairs @@ %s::tsquery", [pairs]
    return ("(e.pairs @@ %s::tsquery AND e.tsv @@ to_tsquery('simple', %s))",
            [pairs, " <-> ".join(quoted)])


def _has_phrase(clause) -> bool:
    return any(alt.kind == "phrase" for alt in clause)


def _has_prefix(clauses) -> bool:
    return any(alt.kind == "prefix" for clause in clauses for alt in clause)


# The planner multiplies the frequencies of ANDed words as if they were independent. In
# speeches they are not (a long speech holds many of them): on the benchmark's 1M corpus
# the AND of two words matched 1.5-2.8 times its estimate (median 2.4 over its 36 queries
# of two words), which sized the id range of `_find_newest` about twice too wide. Each
# clause ANDed to the first multiplies the estimate by this; kept under the median, so
# that the range is seldom too narrow (it then widens, reading the postings again).
# 1M p95, five runs each, alternating: 36.8-42.1 ms, against 41.1-44.6 with 1.0.
AND_CORRELATION = 2.0


def _shape(clauses, mode: str) -> tuple[float, float]:
    """What `_find_newest` prices from the query itself: the cost of a GIN posting (a
    prefix's cost more, PREFIX_POSTING_US) and the factor on the planner's estimate."""
    posting = PREFIX_POSTING_US if _has_prefix(clauses) else GIN_POSTING_US
    ands = len(clauses) - 1 if mode == "and" else 0
    return posting, AND_CORRELATION ** max(0, ands)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def write(self, rows):
        if not rows:
            return
        self.forget()
        self.execute(
            # The pairs travel as one string, split by the server: a text[] parameter is
            # put together in Python, term by term, and made the write 4× slower.
            "UPDATE search_entry SET tsv = setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s), "
            "pairs = array_to_tsvector(string_to_array(%s, E'\\n')) WHERE id = %s",
            [(title, body, "\n".join(pairs_of(title, body)), entry_id) for entry_id, title, body in rows],
            many=True,
        )

    def delete(self, entry_ids):
        self.forget()  # the tsvector lives in the entry row

    def delete_sql(self, where, params):
        self.forget()

    def clear(self):
        self.forget()

    def match(self, clauses, mode="and"):
        # The tsqueries are written inline (not joined) so the planner can estimate how many
        # rows match from the columns' statistics. Words and prefixes are one tsquery on
        # `tsv`; each clause with a phrase is its own condition (see the module's docstring).
        words = [c for c in clauses if not _has_phrase(c)]
        conditions, params = [], []
        if words:
            conditions.append("e.tsv @@ to_tsquery('simple', %s)")
            params.append(tsquery_expression(words, mode))
        for clause in filter(_has_phrase, clauses):
            alts = []
            for alt in clause:
                if alt.kind == "phrase":
                    sql, alt_params = _phrase_condition(alt.terms)
                else:
                    sql, alt_params = "e.tsv @@ to_tsquery('simple', %s)", [_alt(alt)]
                alts.append(sql)
                params.extend(alt_params)
            conditions.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        where = (" AND " if mode == "and" else " OR ").join(conditions or ["FALSE"])  # no clause: no match
        return Match(
            from_="search_entry e",
            where=where if len(conditions) == 1 else f"({where})",
            where_params=params,
            score=RANK,  # ranked on `tsv` with the whole query, phrases included
            score_params=[tsquery_expression(clauses, mode)],
        )

    # -- reading ---------------------------------------------------------------------
    def count(self, clauses, filters, *, mode="and", cap=None):
        if cap is None:
            return super().count(clauses, filters, mode=mode)
        _m, where, params = self._parts(clauses, mode, filters)
        return len(self._newest(where, params, cap, *_shape(clauses, mode)))

    def search(self, clauses, filters, *, mode="and", limit=20, offset=0, window=None, matched=None):
        window = RANK_WINDOW if window is None else window
        if not window:
            return super().search(clauses, filters, mode=mode, limit=limit, offset=offset, window=0)
        m, where, params = self._parts(clauses, mode, filters)
        ids = self._newest(where, params, window + 1, *_shape(clauses, mode))[:window]
        if not ids:
            return []
        sql = (f"SELECT e.id, {m.score} AS score FROM search_entry e WHERE e.id = ANY(%s) "
               "ORDER BY score DESC, e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s")
        return [(r[0], float(r[1])) for r in self._run(sql, m.score_params + [ids, limit, offset])]

    def facet(self, name, clauses, filters, *, mode="and", limit=20, window=None, matched=None):
        window = RANK_WINDOW if window is None else window
        if not window:
            return super().facet(name, clauses, filters, mode=mode, limit=limit, window=0)
        column = FACETS[name]
        _m, where, params = self._parts(clauses, mode, filters, skip=name)
        ids = self._newest(where, params, window + 1, *_shape(clauses, mode))[:window]
        if not ids:
            return []
        sql = (f"SELECT {column}, COUNT(*) AS n FROM search_entry e WHERE e.id = ANY(%s) AND {column} IS NOT NULL "
               f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT %s")
        return [(r[0], r[1]) for r in self._run(sql, [ids, limit])]

    def _newest(self, where: str, params: list, n: int, posting_us: float = GIN_POSTING_US,
                correlation: float = 1.0) -> list[int]:
        """The ids of the newest `n` entries matching `where` (all of them when fewer),
        highest first: the same rows FTS5 reaches walking its doclists backwards.
        `posting_us` and `correlation` describe the query (see `_shape`)."""
        ids = self._remembered(where, params, n)
        if ids is None:
            ids = self._find_newest(where, params, n, posting_us, correlation)
            self._remember(where, params, n, ids)
        return ids

    def _find_newest(self, where: str, params: list, n: int, posting_us: float = GIN_POSTING_US,
                     correlation: float = 1.0) -> list[int]:
        newest = f"SELECT e.id FROM search_entry e WHERE {where}{{range}} ORDER BY e.id DESC LIMIT %s"
        low, high = self._run("SELECT MIN(id), MAX(id) FROM search_entry", [])[0]
        if high is None:
            return []
        estimate = max(1.0, min(high - low + 1, self._estimate(where, params) * correlation))
        per_id = min(1.0, estimate / (high - low + 1))  # matches per id, by the estimate
        span = math.ceil(RANGE_MARGIN * n / per_id)
        every_match = estimate * (posting_us + HEAP_ROW_US)
        walk = n / per_id * WALK_ROW_US
        in_range = estimate * posting_us + span * KEY_RANGE_US + RANGE_MARGIN * n * HEAP_ROW_US
        if every_match <= min(walk, in_range):  # few match: take them all from the bitmap
            return self._ids(BITMAP, newest.format(range=""), params + [n])
        if walk <= in_range:  # most rows match: the newest few thousand rows hold them
            return self._ids(WALK, newest.format(range=""), params + [n])
        # The newest matches lie in the top ids: AND the GIN bitmap with a primary-key
        # range sized from the estimate, and widen it when it holds fewer than `n`.
        while True:
            floor = high - span
            if floor < low:
                return self._ids(BITMAP, newest.format(range=""), params + [n])
            ids = self._ids(BITMAP, newest.format(range=" AND e.id > %s"), params + [floor, n])
            if len(ids) >= n:
                return ids
            span = math.ceil(span * max(2.0, RANGE_MARGIN * n / max(len(ids), 1)))

    def _estimate(self, where: str, params: list) -> float:
        plan = self._run(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry e WHERE {where}", params)[0][0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _ids(self, settings: dict[str, str], sql: str, params: list) -> list[int]:
        with self._planner(settings):
            return [r[0] for r in self._run(sql, params)]

    @contextmanager
    def _planner(self, settings: dict[str, str]):
        """Planner settings for the statements inside, local to a transaction. Inside a
        caller's transaction they would outlive our savepoint, so they are put back."""
        names = list(settings)
        nested = self._in_transaction()
        with self._atomic():
            old = self._run("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)[0] if nested else ()
            cursor = self.connection.cursor()
            try:  # constants only (BITMAP, WALK), in one round trip
                cursor.execute("; ".join(f"SET LOCAL {k} = {v}" for k, v in settings.items()))
            finally:
                cursor.close()
            yield
            if nested:
                self._run("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                          [x for kv in zip(names, old) for x in kv])

    def _in_transaction(self) -> bool:
        if hasattr(self.connection, "alias"):  # a Django connection
            return self.connection.in_atomic_block
        import psycopg

        return self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def _atomic(self):
        if hasattr(self.connection, "alias"):
            from django.db import transaction

            return transaction.atomic(using=self.connection.alias)
        return self.connection.transaction()  # psycopg

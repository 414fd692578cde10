"""Search speed: indexing throughput and query latency (p50/p95 over 200 queries) of
Majlis's search on SQLite FTS5 and PostgreSQL, on a synthetic corpus of speeches.

The corpus is generated, deterministic (seeded): ~70% Arabic, ~30% English; speech
lengths log-normal (median ~120 words, long tail to a few thousand); words drawn with a
Zipf distribution over the seed press releases' vocabulary plus generated rare words,
with clitics (و ب ل ال …) attached at realistic rates so the analyzer does real work.
Queries: 1-3 words (common and rare), a phrase, a prefix, a clitic form; each query runs
what the results page runs (count + the first 20 results, optionally + facets).

    python benchmarks/search_speed.py --docs 10000 100000 [--facets] [--backends sqlite postgres] [--baseline]
    python benchmarks/search_speed.py --docs 1000000        # long: minutes per backend
    python benchmarks/search_speed.py --docs 1000000 --keep /var/tmp/speed   # build once, reuse after

Indexing goes through the app's code path (analyzer → backend.write); the SQLite
database is a file in a temporary directory (WAL), PostgreSQL a scratch schema of the
database at MAJLIS_BENCH_PG_URL whose GIN indexes are built after the load. With
`--keep DIR` the SQLite file (in DIR) and the PostgreSQL schema (`bench_speed_keep_<docs>`)
stay, and a later run with `--keep DIR` times queries on them without indexing again
(the table says "reused"): for changes to the read path only.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import math
import multiprocessing
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")

import django  # noqa: E402

django.setup()

from majlis.search.backends.base import Backend, Filters, Match  # noqa: E402
from majlis.search.backends.postgres import RANK, tsquery_expression  # noqa: E402
from majlis.search.engine import COUNT_CAP  # noqa: E402
from majlis.search.query import compile_query  # noqa: E402
from majlis.search.registry import Document  # noqa: E402
from majlis.search.standalone import StandaloneIndex, entry_rows  # noqa: E402

SEEDS = ROOT / "majlis" / "core" / "seeds"
AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CLITICS = ["", "", "", "", "ال", "ال", "و", "وال", "بال", "لل", "ل", "ب"]
WORD = re.compile(r"[^\W\d_]+")


def vocabulary(rng: random.Random):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    ar, en = [], []
    for w in WORD.findall(text):
        (ar if "\u0600" <= w[0] <= "\u06ff" else en).append(w)
    # Seed words by frequency, then a long tail of generated rare words (names, terms).
    def ranked(words):
        counts = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        return sorted(counts, key=lambda w: -counts[w])
    ar_vocab = ranked(ar) + ["".join(rng.choice(AR_LETTERS) for _ in range(rng.randint(4, 7))) for _ in range(20000)]
    en_vocab = ranked([w.lower() for w in en]) + [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))) for _ in range(20000)]
    return ar_vocab, en_vocab


def zipf_sampler(n: int, rng: random.Random, s: float = 1.07):
    weights = [1.0 / (i + 1) ** s for i in range(n)]
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        acc += w / total
        cum.append(acc)
    import bisect

    return lambda: min(bisect.bisect_left(cum, rng.random()), n - 1)


def corpus(n: int, seed: int = 5):
    rng = random.Random(seed)
    ar_vocab, en_vocab = vocabulary(rng)
    pick_ar, pick_en = zipf_sampler(len(ar_vocab), rng), zipf_sampler(len(en_vocab), rng)
    for i in range(n):
        arabic = rng.random() < 0.7
        length = max(8, min(4000, int(rng.lognormvariate(math.log(120), 0.8))))
        if arabic:
            words = [rng.choice(CLITICS) + ar_vocab[pick_ar()] for _ in range(length)]
        else:
            words = [en_vocab[pick_en()] for _ in range(length)]
        text = " ".join(words)
        yield i + 1, Document(title=" ".join(words[:8]), text=text, url="", language="ar" if arabic else "en")


KINDS = ["common word", "two words", "rare word with clitic", "phrase", "prefix"]


def queries(n: int = 200, seed: int = 7) -> list[str]:
    """The i-th query is of kind KINDS[i % 5]."""
    rng = random.Random(seed)
    ar_vocab, en_vocab = vocabulary(random.Random(5))
    out = []
    for i in range(n):
        vocab = ar_vocab if i % 10 < 7 else en_vocab
        head = vocab[: 300]
        kind = i % 5
        if kind == 0:  # one common word
            out.append(rng.choice(head))
        elif kind == 1:  # two words
            out.append(f"{rng.choice(head)} {rng.choice(vocab[:3000])}")
        elif kind == 2:  # a rare word with a clitic
            out.append(("بال" if vocab is ar_vocab else "") + rng.choice(vocab[300:20000]))
        elif kind == 3:  # a phrase
            out.append(f'"{rng.choice(head)} {rng.choice(head)}"')
        else:  # a prefix
            out.append(rng.choice(head)[:4] + "*")
    return out


def build(backend: str, n: int, workdir: Path, workers: int = 2, keep: bool = False):
    """(index, seconds spent indexing or None when a kept index is reused, cleanup)."""
    if backend == "sqlite":
        path = workdir / f"speed-{n}.sqlite3"
        reuse = keep and path.exists()
        if not reuse and path.exists():
            path.unlink()
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        cleanup = conn.close
    else:
        import psycopg

        conn = psycopg.connect(os.environ.get("MAJLIS_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                               autocommit=True)
        schema = f"bench_speed_keep_{n}" if keep else f"bench_speed_{uuid.uuid4().hex[:8]}"
        reuse = keep and conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema]).fetchone() is not None
        if not reuse:
            conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"SET search_path TO {schema}")

        def cleanup():
            if not keep:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
            conn.close()
    if reuse:
        index = StandaloneIndex(conn, create=False)
        found = index.backend._run("SELECT COUNT(*) FROM search_entry", [])[0][0]
        if found != n:
            raise SystemExit(f"the kept {backend} index holds {found} entries, not {n}: remove it or run without --keep")
        return index, None, cleanup
    index = StandaloneIndex(conn)
    if backend == "postgres":
        # Bulk load: the GIN indexes are built once after the rows are in (counted in the
        # indexing time) instead of growing row by row; rows still go analyzer → backend.write.
        conn.execute("DROP INDEX search_entry_tsv")
        conn.execute("DROP INDEX search_entry_pairs")
    started = time.perf_counter()
    # The corpus is generated here, in order (it is one seeded stream); the analyzer, the
    # costliest step, runs in worker processes; the rows are written here, in order.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending = collections.deque()
        for batch in _batches(n):
            pending.append(pool.apply_async(entry_rows, (batch,)))
            if len(pending) > 2 * workers:
                _write(index, conn, backend, *pending.popleft().get())
        while pending:
            _write(index, conn, backend, *pending.popleft().get())
    if backend == "postgres":
        # backend.write() UPDATEs the row the INSERT made: VACUUM clears the dead half, as
        # autovacuum would soon after a bulk load, and ANALYZE gives the planner its
        # statistics. Both before the GIN indexes exist (nothing to clean in them), which
        # are then built side by side, one connection each (a GIN build uses one core).
        conn.execute("VACUUM ANALYZE search_entry")
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        with concurrent.futures.ThreadPoolExecutor(2) as threads:
            list(threads.map(lambda column: _gin(conn.info.dsn, schema, column), ["pairs", "tsv"]))
    seconds = time.perf_counter() - started
    return index, seconds, cleanup


def _gin(dsn: str, schema: str, column: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute(f"CREATE INDEX search_entry_{column} ON {schema}.search_entry USING GIN ({column})")


def _batches(n: int, size: int = 2000):
    batch = []
    for item in corpus(n):
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(index, conn, backend, rows, fts):
    """`StandaloneIndex.write`, one transaction per batch."""
    if backend == "sqlite":
        conn.execute("BEGIN")
        index.write(rows, fts)
        conn.execute("COMMIT")
    else:
        with conn.transaction():
            index.write(rows, fts)


class Baseline(Backend):
    """PostgreSQL's queries as they ran before issue #5's speed work, kept here so the
    reference does not move with the backend: the SQL shared by the backends
    (`backends.base.Backend`), the planner's own choice of plan, one tsquery on `tsv`
    (phrases rechecked there); on the same tables as the backend (today's storage)."""

    vendor = "postgresql"

    def match(self, clauses, mode="and"):
        expr = tsquery_expression(clauses, mode)
        return Match(from_="search_entry e", where="e.tsv @@ to_tsquery('simple', %s)", where_params=[expr],
                     score=RANK, score_params=[expr])


def measure(index, qs, facets: bool, generic: bool = False) -> list[float]:
    """Milliseconds per query. `generic`: through `Baseline`, the reference of the same run."""
    filters = Filters(include_private=False)
    b = Baseline(index.conn) if generic else index.backend
    times = []
    for q in qs:
        b.forget()  # each query starts cold, as in a new request
        t = time.perf_counter()
        compiled = compile_query(q)
        if not compiled.is_empty():
            total = b.count(compiled.clauses, filters, cap=COUNT_CAP + 1)  # as the engine does
            mode = "and"
            if total == 0 and len(compiled.clauses) > 1:
                mode = "or"
                total = b.count(compiled.clauses, filters, mode=mode, cap=COUNT_CAP + 1)
            b.search(compiled.clauses, filters, mode=mode, limit=20, matched=total)
            if facets:
                for name in ("type", "language", "body"):
                    b.facet(name, compiled.clauses, filters, mode=mode)
        times.append((time.perf_counter() - t) * 1000)
    return times


def measure_with_baseline(index, qs, facets: bool) -> tuple[list[float], list[float]]:
    """Each query through the backend and through the baseline, alternating which goes
    first, so that both see the same load on a shared machine."""
    mine, base = [], []
    for i, q in enumerate(qs):
        for generic in ((False, True) if i % 2 else (True, False)):
            (base if generic else mine).extend(measure(index, [q], facets, generic=generic))
        if (i + 1) % 50 == 0 and i + 1 < len(qs):  # a long run that is stopped still says something
            print(f"    after {i + 1} queries: p95 {pct(mine, 95):.1f} ms, baseline p95 {pct(base, 95):.1f} ms",
                  flush=True)
    return mine, base


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--queries", type=int, default=200, help="0: index only (with --keep, to time later)")
    parser.add_argument("--facets", action="store_true", help="also run the three facet counts per query")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analyzer processes while indexing")
    parser.add_argument("--baseline", action="store_true",
                        help="PostgreSQL: also time the generic SQL with the planner's own plans and "
                        "phrases rechecked on tsv (as before issue #5's speed work), interleaved")
    parser.add_argument("--keep", metavar="DIR", help="keep the indexes built (SQLite files in DIR, PostgreSQL "
                        "schemas bench_speed_keep_<docs>) and reuse those kept by an earlier run")
    args = parser.parse_args(argv)
    qs = queries(args.queries)
    rows = []

    def report(n, backend, seconds, times, load):
        kinds = {k: pct(times[i::len(KINDS)], 95) for i, k in enumerate(KINDS) if times[i::len(KINDS)]}
        row = {"docs": n, "backend": backend, "index_s": seconds, "docs_per_s": n / seconds if seconds else 0.0,
               "p50_ms": statistics.median(times), "p95_ms": pct(times, 95), "max_ms": max(times), "load": load,
               "p95_by_kind_ms": kinds}
        rows.append(row)
        indexing = "reused" if seconds is None else f"{seconds:7.1f} s ({row['docs_per_s']:7.0f} docs/s)"
        print(f"{n:>9,} docs  {backend:<18}  index {indexing}  "
              f"p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  max {row['max_ms']:6.1f} ms  "
              f"load {load:.1f}", flush=True)
        print("    p95 by kind: " + ", ".join(f"{k} {v:.1f}" for k, v in kinds.items()) + " ms", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.docs:
            for backend in args.backends:
                index, seconds, cleanup = build(backend, n, workdir, args.workers, keep=bool(args.keep))
                baseline = args.baseline and backend == "postgres"
                if not qs:
                    cleanup()
                    print(f"{n:>9,} docs  {backend:<18}  index " +
                          ("reused" if seconds is None else f"{seconds:7.1f} s ({n / seconds:7.0f} docs/s)"), flush=True)
                    continue
                try:
                    measure(index, qs[:20], args.facets)  # warm the caches
                    if baseline:
                        measure(index, qs[:20], args.facets, generic=True)
                    # The machine may be shared: the load beside the timings says how far to trust them.
                    load = os.getloadavg()[0]
                    if baseline:
                        times, base_times = measure_with_baseline(index, qs, args.facets)
                    else:
                        times = measure(index, qs, args.facets)
                    load = max(load, os.getloadavg()[0])
                finally:
                    cleanup()
                report(n, backend, seconds, times, load)
                if baseline:
                    report(n, "postgres-baseline", seconds and 0.0, base_times, load)
    if not rows:
        return rows
    print("\n| docs | backend | indexing (docs/s) | p50 (ms) | p95 (ms) | max (ms) | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        rate = "reused" if r["index_s"] is None else f"{r['docs_per_s']:,.0f}"
        print(f"| {r['docs']:,} | {r['backend']} | {rate} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
              f"| {r['max_ms']:.1f} | {r['load']:.1f} |")
    print("\n| docs | backend | " + " | ".join(KINDS) + " |  (p95, ms)")
    print("|---:|---|" + "---:|" * len(KINDS))
    for r in rows:
        print(f"| {r['docs']:,} | {r['backend']} | "
              + " | ".join(f"{r['p95_by_kind_ms'].get(k, 0):.1f}" for k in KINDS) + " |")
    return rows


if __name__ == "__main__":
    main()

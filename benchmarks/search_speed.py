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

Indexing goes through the app's code path (analyzer → backend.write); the SQLite
database is a file in a temporary directory (WAL), PostgreSQL a scratch schema of the
database at MAJLIS_BENCH_PG_URL whose GIN index is built after the load.
"""

from __future__ import annotations

import argparse
import collections
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

from majlis.search.backends.base import Filters  # noqa: E402
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


def queries(n: int = 200, seed: int = 7) -> list[str]:
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


def build(backend: str, n: int, workdir: Path, workers: int = 2):
    if backend == "sqlite":
        path = workdir / f"speed-{n}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        cleanup = conn.close
    else:
        import psycopg

        conn = psycopg.connect(os.environ.get("MAJLIS_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                               autocommit=True)
        schema = f"bench_speed_{uuid.uuid4().hex[:8]}"
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"SET search_path TO {schema}")

        def cleanup():
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
            conn.close()
    index = StandaloneIndex(conn)
    if backend == "postgres":
        # Bulk load: the GIN index is built once after the rows are in (counted in the
        # indexing time) instead of growing row by row; rows still go analyzer → backend.write.
        conn.execute("DROP INDEX search_entry_tsv")
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
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("CREATE INDEX search_entry_tsv ON search_entry USING GIN (tsv)")
        # backend.write() UPDATEs the row the INSERT made: VACUUM clears the dead half, as
        # autovacuum would soon after a bulk load, and ANALYZE gives the planner its statistics.
        conn.execute("VACUUM ANALYZE search_entry")
    seconds = time.perf_counter() - started
    return index, seconds, cleanup


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


def measure(index, qs, facets: bool, generic: bool = False) -> list[float]:
    """Milliseconds per query. `generic`: run the SQL shared by the backends
    (`backends.base.Backend`) with the planner's own choice of plan, i.e. PostgreSQL as it
    ran before its backend chose the plan itself: the baseline of the same run."""
    from majlis.search.backends.base import Backend

    filters = Filters(include_private=False)
    b = index.backend
    count, search, facet = (Backend.count, Backend.search, Backend.facet) if generic else \
        (type(b).count, type(b).search, type(b).facet)
    times = []
    for q in qs:
        b.forget()  # each query starts cold, as in a new request
        t = time.perf_counter()
        compiled = compile_query(q)
        if not compiled.is_empty():
            total = count(b, compiled.clauses, filters, cap=COUNT_CAP + 1)  # as the engine does
            mode = "and"
            if total == 0 and len(compiled.clauses) > 1:
                mode = "or"
                total = count(b, compiled.clauses, filters, mode=mode, cap=COUNT_CAP + 1)
            search(b, compiled.clauses, filters, mode=mode, limit=20, matched=total)
            if facets:
                for name in ("type", "language", "body"):
                    facet(b, name, compiled.clauses, filters, mode=mode)
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
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--facets", action="store_true", help="also run the three facet counts per query")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analyzer processes while indexing")
    parser.add_argument("--baseline", action="store_true",
                        help="PostgreSQL: also time the generic SQL with the planner's own plans, interleaved")
    args = parser.parse_args(argv)
    qs = queries(args.queries)
    rows = []

    def report(n, backend, seconds, times, load):
        row = {"docs": n, "backend": backend, "index_s": seconds, "docs_per_s": n / seconds if seconds else 0.0,
               "p50_ms": statistics.median(times), "p95_ms": pct(times, 95), "max_ms": max(times), "load": load}
        rows.append(row)
        print(f"{n:>9,} docs  {backend:<18}  index {seconds:7.1f} s ({row['docs_per_s']:7.0f} docs/s)  "
              f"p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  max {row['max_ms']:6.1f} ms  "
              f"load {load:.1f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            for backend in args.backends:
                index, seconds, cleanup = build(backend, n, Path(tmp), args.workers)
                baseline = args.baseline and backend == "postgres"
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
                    report(n, "postgres-baseline", 0.0, base_times, load)
    print("\n| docs | backend | indexing (docs/s) | p50 (ms) | p95 (ms) | max (ms) | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['docs']:,} | {r['backend']} | {r['docs_per_s']:,.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
              f"| {r['max_ms']:.1f} | {r['load']:.1f} |")
    return rows


if __name__ == "__main__":
    main()

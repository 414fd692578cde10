"""Search quality: recall@10 and MRR of Majlis's search against the databases' own
full-text search, on one judged query set (benchmarks/data/search_judgments.json).

Systems, side by side on the same paragraphs:
  majlis-sqlite   Majlis's analyzer → FTS5 (ascii tokenizer), BM25       (the app's code)
  majlis-postgres Majlis's analyzer → tsvector 'simple', ts_rank_cd      (the app's code)
  pg-arabic       PostgreSQL's built-in 'arabic' configuration (plainto_tsquery)
  pg-english      PostgreSQL's built-in 'english' configuration (reference for English)
  fts5-default    SQLite FTS5 with its default tokenizer (unicode61)
Every system gets the same query handling: all words first, any word when none has all.

    python benchmarks/search_quality.py [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import unicodedata
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")

import django  # noqa: E402

django.setup()

from majlis.search.names import lexicon  # noqa: E402
from majlis.search.registry import Document  # noqa: E402
from majlis.search.standalone import StandaloneIndex  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "search_judgments.json"
SEEDS = ROOT / "majlis" / "core" / "seeds"
K = 10


def paragraphs() -> list[tuple[str, str, str]]:
    """(key, title, text) for every paragraph of the seeds longer than 40 characters."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for n, line in enumerate(l.strip() for l in path.read_text(encoding="utf-8").splitlines()):
            if len(line) > 40:
                out.append((f"{path.stem[:3]}-{n}", " ".join(line.split()[:8]), line))
    return out


_HARAKAT = re.compile("[\u064B-\u065F\u0670\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_WORD = re.compile(r"[^\W_]+")


def judge_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", _HARAKAT.sub("", text)).translate(_ALEF)
    return _WORD.findall(text)


def relevant(query: dict, docs) -> set[int]:
    out = set()
    for i, (_key, title, text) in enumerate(docs, start=1):
        words = judge_words(title + " " + text)
        if "all" in query:
            ok = all(any(re.search(p, w, re.I) for w in words) for p in query["all"])
        else:
            ok = any(re.search(p, w, re.I) for p in query["relevant"] for w in words)
        if ok:
            out.add(i)
    return out


# -- baselines ----------------------------------------------------------------------

class Fts5Default:
    name = "fts5-default"

    def __init__(self, docs):
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
        self.conn.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                              [(i, title, text) for i, (_k, title, text) in enumerate(docs, start=1)])

    def search(self, q: str, limit: int = K):
        words = ['"' + w.replace('"', '""') + '"' for w in q.split() if _WORD.search(w)]
        if not words:
            return []
        for joiner in (" AND ", " OR "):
            rows = self.conn.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 4.0, 1.0) LIMIT ?", (joiner.join(words), limit)
            ).fetchall()
            if rows or len(words) == 1:
                return [(r[0], 0.0) for r in rows]
        return []


class PgBuiltin:
    def __init__(self, conn, config: str, docs):
        self.name = f"pg-{config}"
        self.conn, self.config = conn, config
        table = f"pg_{config}"
        self.table = table
        conn.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, tsv tsvector)")
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {table} VALUES (%s, setweight(to_tsvector('{config}', %s), 'A') || to_tsvector('{config}', %s))",
                [(i, title, text) for i, (_k, title, text) in enumerate(docs, start=1)])
        conn.execute(f"CREATE INDEX ON {table} USING GIN (tsv)")

    def search(self, q: str, limit: int = K):
        rank = "ts_rank_cd('{0.1, 0.2, 0.4, 0.4}', tsv, q, 2)"
        sql_and = f"SELECT id FROM {self.table}, plainto_tsquery('{self.config}', %s) q WHERE tsv @@ q ORDER BY {rank} DESC, id LIMIT %s"
        sql_or = (f"SELECT id FROM {self.table}, CAST(replace(CAST(plainto_tsquery('{self.config}', %s) AS text), '&', '|') AS tsquery) q "
                  f"WHERE tsv @@ q ORDER BY {rank} DESC, id LIMIT %s")
        rows = self.conn.execute(sql_and, (q, limit)).fetchall()
        if not rows and len(q.split()) > 1:
            rows = self.conn.execute(sql_or, (q, limit)).fetchall()
        return [(r[0], 0.0) for r in rows]


class Majlis:
    def __init__(self, name, index, names):
        self.name, self.index, self.names = name, index, names

    def search(self, q: str, limit: int = K):
        return self.index.search(q, limit=limit, names=self.names)


# -- metrics ------------------------------------------------------------------------

def evaluate(system, queries, docs):
    per_group: dict[str, list[tuple[float, float]]] = {}
    details = []
    for query in queries:
        rel = relevant(query, docs)
        if not rel:
            continue
        got = [i for i, _ in system.search(query["q"], limit=K)]
        recall = len(rel & set(got[:K])) / min(K, len(rel))
        rr = next((1.0 / r for r, i in enumerate(got, start=1) if i in rel), 0.0)
        per_group.setdefault(query["lang"], []).append((recall, rr))
        details.append({"q": query["q"], "lang": query["lang"], "relevant": len(rel), "recall@10": round(recall, 3), "rr": round(rr, 3)})
    summary = {g: {"n": len(v), "recall@10": sum(r for r, _ in v) / len(v), "mrr": sum(m for _, m in v) / len(v)}
               for g, v in per_group.items()}
    return summary, details


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("MAJLIS_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                        help="PostgreSQL to measure on (a scratch schema is created and dropped); '' to skip")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    parser.add_argument("--details", action="store_true", help="print per-query recall for every system")
    args = parser.parse_args(argv)

    data = json.loads(DATA.read_text(encoding="utf-8"))
    docs = paragraphs()
    people = [n for group in data["people"] for n in group]
    names = lexicon(people)
    documents = [(i, Document(title=title, text=text, url="")) for i, (_k, title, text) in enumerate(docs, start=1)]

    lite = StandaloneIndex(sqlite3.connect(":memory:"))
    lite.add(documents)
    systems = [Majlis("majlis-sqlite", lite, names)]
    pg_conn = schema = None
    if args.pg:
        try:
            import psycopg

            pg_conn = psycopg.connect(args.pg, autocommit=True)
        except Exception as exc:  # report and go on with SQLite only
            print(f"PostgreSQL not measured: {exc}", file=sys.stderr)
    if pg_conn is not None:
        schema = f"bench_quality_{uuid.uuid4().hex[:8]}"
        pg_conn.execute(f"CREATE SCHEMA {schema}")
        pg_conn.execute(f"SET search_path TO {schema}")
        pg = StandaloneIndex(pg_conn)
        pg.add(documents)
        systems.append(Majlis("majlis-postgres", pg, names))
        systems.append(PgBuiltin(pg_conn, "arabic", docs))
        systems.append(PgBuiltin(pg_conn, "english", docs))
    systems.append(Fts5Default(docs))

    results = {}
    try:
        for system in systems:
            results[system.name] = evaluate(system, data["queries"], docs)
    finally:
        if pg_conn is not None:
            pg_conn.execute(f"DROP SCHEMA {schema} CASCADE")
            pg_conn.close()

    if args.json:
        print(json.dumps({"documents": len(docs), "results": results}, ensure_ascii=False, indent=2))
        return results
    groups = ["ar", "en", "names"]
    print(f"{len(docs)} paragraphs, {sum(v['n'] for v in results['majlis-sqlite'][0].values())} judged queries\n")
    header = "| system | " + " | ".join(f"{g} recall@10 | {g} MRR" for g in groups) + " |"
    print(header)
    print("|" + "---|" * (1 + 2 * len(groups)))
    for name, (summary, _details) in results.items():
        cells = []
        for g in groups:
            s = summary.get(g)
            cells += [f"{s['recall@10']:.3f}", f"{s['mrr']:.3f}"] if s else ["–", "–"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if "pg-arabic" in results:
        ours, theirs = results["majlis-postgres"][0]["ar"]["recall@10"], results["pg-arabic"][0]["ar"]["recall@10"]
        print(f"\nArabic recall@10: Majlis / PostgreSQL 'arabic' = {ours / theirs:.2f}x (goal ≥ 1.3x)")
        en_ours, en_best = results["majlis-postgres"][0]["en"]["recall@10"], max(
            results[n][0]["en"]["recall@10"] for n in ("pg-arabic", "pg-english", "fts5-default"))
        print(f"English recall@10: Majlis {en_ours:.3f} vs best built-in {en_best:.3f} (goal: no loss)")
    if args.details:
        for name, (_summary, details) in results.items():
            print(f"\n{name}")
            for d in details:
                print(f"  {d['lang']:5} {d['q']:<28} rel={d['relevant']:<3} recall@10={d['recall@10']:.2f} rr={d['rr']:.2f}")
    return results


if __name__ == "__main__":
    main()

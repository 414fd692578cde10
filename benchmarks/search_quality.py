"""Search quality: recall@10 and MRR of Majlis's search against the databases' own
full-text search, on two judged query sets:

  tuned  benchmarks/data/search_judgments.json: 39 queries over the seeds' 40 paragraphs,
         judged by patterns; the analyzer was refined while looking at it.
  blind  benchmarks/data/search_judgments_blind.json: 204 queries over the same paragraphs
         plus the demo Hansard's 7 speeches, judged per document by reading, committed
         before any system ran on it; nothing was changed after seeing its scores.

Systems, side by side on the same paragraphs:
  majlis-sqlite   Majlis's analyzer → FTS5 (ascii tokenizer), BM25       (the app's code)
  majlis-postgres Majlis's analyzer → tsvector 'simple', ts_rank_cd      (the app's code)
  pg-arabic       PostgreSQL's built-in 'arabic' configuration (plainto_tsquery)
  pg-english      PostgreSQL's built-in 'english' configuration (reference for English)
  fts5-default    SQLite FTS5 with its default tokenizer (unicode61)
Every system gets the same query handling: all words first, any word when none has all.

    python benchmarks/search_quality.py [--set tuned|blind|both] [--pg URL | --pg ''] [--details] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
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
BLIND = Path(__file__).resolve().parent / "data" / "search_judgments_blind.json"
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


def blind_documents(data: dict) -> list[tuple[str, str, str]]:
    """The seeds' paragraphs and the demo Hansard's speeches, checked against the hashes the
    judgments were made on: a changed text would silently invalidate them."""
    from majlis.hansard.demo import AR_TEXTS, EN_TEXTS

    docs = paragraphs()
    for lang, texts in (("ar", AR_TEXTS), ("en", EN_TEXTS)):
        docs += [(f"hansard-{lang}-{i}", " ".join(t.split()[:8]), t) for i, t in enumerate(texts)]
    expected = data["corpus"]["sha256"]
    changed = [k for k, _t, text in docs if expected.get(k) != hashlib.sha256(text.encode()).hexdigest()[:16]]
    if changed or len(docs) != len(expected):
        raise SystemExit(f"the blind set's documents changed since they were judged ({', '.join(changed) or 'count'}): "
                         "judge the changed documents again before scoring")
    return docs


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

def judged(name: str, data: dict, docs) -> list[tuple[dict, set[int]]]:
    """(query, relevant document numbers) for every query with at least one relevant document."""
    if name == "blind":
        position = {key: i for i, (key, _t, _x) in enumerate(docs, start=1)}
        pairs = [(q, {position[key] for key in q["relevant"]}) for q in data["queries"]]
    else:
        pairs = [(q, relevant(q, docs)) for q in data["queries"]]
    return [(q, rel) for q, rel in pairs if rel]


def evaluate(system, queries):
    per_group: dict[str, list[tuple[float, float]]] = {}
    details = []
    for query, rel in queries:
        got = [i for i, _ in system.search(query["q"], limit=K)]
        recall = len(rel & set(got[:K])) / min(K, len(rel))
        rr = next((1.0 / r for r, i in enumerate(got, start=1) if i in rel), 0.0)
        per_group.setdefault(query["lang"], []).append((recall, rr))
        details.append({"q": query["q"], "lang": query["lang"], "relevant": len(rel), "recall@10": round(recall, 3), "rr": round(rr, 3),
                        "missed": sorted(rel - set(got[:K]))})
    summary = {g: {"n": len(v), "recall@10": sum(r for r, _ in v) / len(v), "mrr": sum(m for _, m in v) / len(v)}
               for g, v in per_group.items()}
    return summary, details


def build_systems(docs, people, pg_url, stack):
    """The five systems over `docs`; PostgreSQL ones in a scratch schema that `stack` drops."""
    names = lexicon(people)
    documents = [(i, Document(title=title, text=text, url="")) for i, (_k, title, text) in enumerate(docs, start=1)]
    lite = StandaloneIndex(sqlite3.connect(":memory:"))
    lite.add(documents)
    systems = [Majlis("majlis-sqlite", lite, names)]
    pg_conn = None
    if pg_url:
        try:
            import psycopg

            pg_conn = psycopg.connect(pg_url, autocommit=True)
        except Exception as exc:  # report and go on with SQLite only
            print(f"PostgreSQL not measured: {exc}", file=sys.stderr)
    if pg_conn is not None:
        schema = f"bench_quality_{uuid.uuid4().hex[:8]}"
        pg_conn.execute(f"CREATE SCHEMA {schema}")

        def drop(conn=pg_conn, schema=schema):
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
            conn.close()

        stack.append(drop)
        pg_conn.execute(f"SET search_path TO {schema}")
        pg = StandaloneIndex(pg_conn)
        pg.add(documents)
        systems.append(Majlis("majlis-postgres", pg, names))
        systems.append(PgBuiltin(pg_conn, "arabic", docs))
        systems.append(PgBuiltin(pg_conn, "english", docs))
    systems.append(Fts5Default(docs))
    return systems


def report(name: str, docs, queries, results, details: bool) -> None:
    groups = ["ar", "en", "names"]
    counts = {g: sum(1 for q, _ in queries if q["lang"] == g) for g in groups}
    print(f"\n## {name} set: {len(docs)} documents, {len(queries)} judged queries "
          f"({counts['ar']} Arabic, {counts['en']} English, {counts['names']} names)\n")
    print("| system | " + " | ".join(f"{g} recall@10 | {g} MRR" for g in groups) + " |")
    print("|" + "---|" * (1 + 2 * len(groups)))
    for system, (summary, _details) in results.items():
        cells = []
        for g in groups:
            s = summary.get(g)
            cells += [f"{s['recall@10']:.3f}", f"{s['mrr']:.3f}"] if s else ["–", "–"]
        print(f"| {system} | " + " | ".join(cells) + " |")
    if "pg-arabic" in results:
        ours, theirs = results["majlis-postgres"][0]["ar"]["recall@10"], results["pg-arabic"][0]["ar"]["recall@10"]
        print(f"\nArabic recall@10: Majlis / PostgreSQL 'arabic' = {ours / theirs:.2f}x (goal ≥ 1.3x)")
        en_ours, en_best = results["majlis-postgres"][0]["en"]["recall@10"], max(
            results[n][0]["en"]["recall@10"] for n in ("pg-arabic", "pg-english", "fts5-default"))
        print(f"English recall@10: Majlis {en_ours:.3f} vs best built-in {en_best:.3f} (goal: no loss)")
    keys = [key for key, _t, _x in docs]
    if details:
        for system, (_summary, rows) in results.items():
            print(f"\n{system}")
            for d in rows:
                missed = " ".join(keys[i - 1] for i in d["missed"])
                print(f"  {d['lang']:5} {d['q']:<28} rel={d['relevant']:<3} recall@10={d['recall@10']:.2f} rr={d['rr']:.2f}"
                      + (f"  missed {missed}" if missed else ""))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("MAJLIS_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                        help="PostgreSQL to measure on (a scratch schema is created and dropped); '' to skip")
    parser.add_argument("--set", choices=["tuned", "blind", "both"], default="both", help="which judged query set to score")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    parser.add_argument("--details", action="store_true", help="print per-query recall (and the missed documents) for every system")
    args = parser.parse_args(argv)

    sets = ["tuned", "blind"] if args.set == "both" else [args.set]
    out = {}
    for name in sets:
        data = json.loads((BLIND if name == "blind" else DATA).read_text(encoding="utf-8"))
        docs = blind_documents(data) if name == "blind" else paragraphs()
        people = [n for group in data["people"] for n in group]
        queries = judged(name, data, docs)
        cleanup: list = []
        try:
            results = {system.name: evaluate(system, queries) for system in build_systems(docs, people, args.pg, cleanup)}
        finally:
            for drop in cleanup:
                drop()
        out[name] = results
        if not args.json:
            report(name, docs, queries, results, args.details)
    if args.json:
        print(json.dumps({name: {"results": results} for name, results in out.items()}, ensure_ascii=False, indent=2))
    return out


if __name__ == "__main__":
    main()

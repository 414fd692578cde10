"""Press-release extraction (issue #6): throughput on one core without an LLM, and
precision / recall / F1 per field and per language against the hand-annotated gold set
(benchmarks/data/relations_gold.json).

The register used as gazetteer is the demo register (`majlis.core.demo`), loaded into a
throw-away SQLite database. Throughput is measured on one thread over the gold set's
releases, next to a baseline in the same run: Majlis's own search analyzer
(`majlis.text.analyze`) over the same texts — the cost of merely tokenizing and stemming.

    python benchmarks/extraction.py [--seconds 5] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLD = Path(__file__).resolve().parent / "data" / "relations_gold.json"
SEEDS = ROOT / "majlis" / "core" / "seeds"
FIELDS = ["events", "type", "date", "places", "countries", "participants", "organizations", "topics", "mentioned"]


def setup_register():
    tmp = tempfile.mkdtemp(prefix="majlis-bench-")
    os.environ["MAJLIS_DATA_DIR"] = tmp
    os.environ["MAJLIS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from majlis.core import demo

    demo.load()
    from majlis.relations.extract import build_gazetteer

    return build_gazetteer()


def releases() -> list[dict]:
    data = json.loads(GOLD.read_text("utf-8"))
    out = []
    for r in data["releases"]:
        text = r.get("text") or next(SEEDS.glob(f"{r['seed']}_*.txt")).read_text("utf-8")
        out.append({**r, "text": text, "published": dt.date.fromisoformat(r["published"])})
    return out


def _norm(s: str) -> str:
    from majlis.text import normalize

    return " ".join(normalize(s or "").replace("-", " ").split())


def person_key(p: dict, g) -> str:
    if p.get("person_id") and p["person_id"] in g.people:
        return _norm(g.people[p["person_id"]].name_en)
    return _norm(p.get("name", ""))


def align(pred: list[dict], gold: list[dict], g) -> list[tuple[int, int]]:
    """Greedy one-to-one alignment of predicted and gold events."""
    scores = []
    for i, p in enumerate(pred):
        for j, q in enumerate(gold):
            s = 0.0
            s += 2 if p["type"] == q["type"] else (1 if {p["type"], q["type"]} <= {"visit", "meeting"} else 0)
            s += 2 if p["date"] == q["date"] else 0
            pp = {person_key(x, g) for x in p["participants"]}
            gp = {_norm(x) for x in q["participants"]}
            s += 2 * len(pp & gp)
            s += 0.5 * len(set(p["countries"]) & set(q["countries"]))
            if s > 0:
                scores.append((s, i, j))
    scores.sort(reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _s, i, j in scores:
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


def score(pred_json: dict, gold: dict, g) -> dict[str, list[int]]:
    """Per field: [true positives, predicted, gold]."""
    counts = {f: [0, 0, 0] for f in FIELDS}
    pred, gev = pred_json["events"], gold["events"]
    pairs = align(pred, gev, g)
    counts["events"] = [len(pairs), len(pred), len(gev)]
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}

    def sets(e, is_gold):
        if is_gold:
            return {"type": {e["type"]}, "date": {e["date"]} if e["date"] else set(), "places": {_norm(x) for x in e["places"]},
                    "countries": set(e["countries"]), "participants": {_norm(x) for x in e["participants"]},
                    "organizations": {_norm(x) for x in e["organizations"]}, "topics": set(e["topics"])}
        return {"type": {e["type"]}, "date": {e["date"]} if e["date"] else set(), "places": {_norm(x) for x in e["places"]},
                "countries": set(e["countries"]), "participants": {person_key(x, g) for x in e["participants"]},
                "organizations": {_norm(x) for x in e["organizations"]}, "topics": set(e["topics"])}

    for i, j in pairs:
        a, b = sets(pred[i], False), sets(gev[j], True)
        for f in a:
            counts[f][0] += len(a[f] & b[f])
            counts[f][1] += len(a[f])
            counts[f][2] += len(b[f])
    for i, e in enumerate(pred):
        if i not in matched_p:
            for f, v in sets(e, False).items():
                counts[f][1] += len(v)
    for j, e in enumerate(gev):
        if j not in matched_g:
            for f, v in sets(e, True).items():
                counts[f][2] += len(v)
    pm = {person_key(x, g) for x in pred_json["mentioned"]}
    gm = {_norm(x) for x in gold["mentioned"]}
    counts["mentioned"] = [len(pm & gm), len(pm), len(gm)]
    return counts


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def quality(items, g) -> dict:
    from majlis.relations.extract import extract

    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0, 0] for f in FIELDS})
    details = []
    for r in items:
        out = extract(r["text"], published=r["published"], gazetteer=g).as_json()
        c = score(out, r, g)
        details.append({"id": r["id"], "language": r["language"], "counts": c})
        for bucket in ("all", r["language"]):
            for f in FIELDS:
                for k in range(3):
                    totals[bucket][f][k] += c[f][k]
    table = {b: {f: prf(*v) for f, v in fs.items()} for b, fs in totals.items()}
    return {"table": table, "details": details}


def throughput(items, g, seconds: float) -> dict:
    from majlis.relations.extract import extract
    from majlis.text import analyze

    def run(fn) -> float:
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for r in items:
                fn(r)
                n += 1
        return n / (time.perf_counter() - start)

    rate = run(lambda r: extract(r["text"], published=r["published"], gazetteer=g))
    base = run(lambda r: analyze(r["text"]))
    chars = sum(len(r["text"]) for r in items) / len(items)
    return {"releases_per_s": rate, "analyzer_baseline_per_s": base, "ratio_to_analyzer": rate / base, "mean_chars": chars}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    except (AttributeError, OSError):
        pass
    g = setup_register()
    items = releases()
    q = quality(items, g)
    t = throughput(items, g, args.seconds)
    if args.json:
        print(json.dumps({"throughput": t, "quality": q["table"], "details": q["details"]}, ensure_ascii=False, indent=1))
        return
    print(f"throughput (1 core, no LLM): {t['releases_per_s']:.1f} releases/s (mean {t['mean_chars']:.0f} chars); "
          f"analyzer baseline {t['analyzer_baseline_per_s']:.1f}/s; extraction costs {1 / t['ratio_to_analyzer']:.1f}× the analyzer")
    print()
    print("| field | " + " | ".join(f"{b} P / R / F1" for b in ("all", "ar", "en")) + " |")
    print("|---|---|---|---|")
    for f in FIELDS:
        cells = []
        for b in ("all", "ar", "en"):
            p, r, f1 = q["table"][b][f]
            cells.append(f"{p:.2f} / {r:.2f} / **{f1:.2f}**")
        print(f"| {f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

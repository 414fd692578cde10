"""The judged query sets of benchmarks/search_quality.py stay valid: the blind set's
judgments name documents that exist and whose text has not changed since it was judged."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("search_quality", ROOT / "benchmarks" / "search_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_blind_judgments_point_at_the_documents_they_were_made_on(bench):
    data = json.loads(bench.BLIND.read_text(encoding="utf-8"))
    docs = bench.blind_documents(data)  # exits when a judged text changed
    pairs = bench.judged("blind", data, docs)
    assert len(pairs) == len(data["queries"]) >= 80
    assert {q["lang"] for q, _ in pairs} == {"ar", "en", "names"}
    assert len({q["q"] for q, _ in pairs}) == len(pairs)


def test_a_changed_document_stops_the_blind_benchmark(bench):
    data = json.loads(bench.BLIND.read_text(encoding="utf-8"))
    data["corpus"]["sha256"]["000-0"] = "0" * 16
    with pytest.raises(SystemExit, match="000-0"):
        bench.blind_documents(data)

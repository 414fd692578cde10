"""The engine on the real seed press releases: Arabic morphology, names across
scripts, phrases, prefixes, filters, facets, paging, visibility."""

from __future__ import annotations

import datetime as dt

import pytest

from majlis.search.engine import search
from majlis.search.query import QueryError

pytestmark = pytest.mark.usefixtures("no_semantic")


def ids(results):
    return [h.entry.object_id for h in results.hits]


def test_clitic_form_finds_the_bare_word_and_marks_the_original(corpus):
    # "بالمجلس" is not in the seeds; "المجلس" (004) and "لمجلس" (000, 001) are.
    results = search("بالمجلس", per_page=50)
    assert results.total >= 3
    snippets = " ".join(str(h.snippet_html) for h in results.hits)
    assert "<mark>المجلس</mark>" in snippets
    assert "<mark>لمجلس</mark>" in snippets
    assert any(i.startswith("004") for i in ids(results))


def test_hamza_and_diacritics_fold(corpus):
    # The seed writes "اُتُّفِق" with harakat and "الأمين" with hamza.
    plain = search("الامين العام")
    assert plain.total and not plain.relaxed
    assert "<mark>الأمين</mark>" in " ".join(str(h.snippet_html) for h in plain.hits)
    assert search("اتفق").total >= 1


def test_english_stemming(corpus):
    results = search("approving budgets")
    assert ids(results)[:1] == ["en-0"]
    assert "<mark>approved</mark>" in str(results.hits[0].snippet_html)


def test_latin_name_finds_arabic_spelling(corpus, demo_register):
    results = search("Hajiyev", language="ar", per_page=50)
    arabic = [h for h in results.hits if h.entry.language == "ar"]
    assert arabic, "a Latin-letter name must find its Arabic spelling"
    assert any("<mark>حاجييف</mark>" in str(h.snippet_html) for h in arabic)


def test_arabic_name_finds_latin_and_other_spelling(corpus, demo_register):
    # The seeds spell the Speaker both غفاروفا (004) and غافاروفا (001).
    results = search("غفاروفا", per_page=50)
    found = ids(results)
    assert any(i.startswith("004") for i in found)
    assert any(i.startswith("001") for i in found)
    assert "en-2" in found  # "Sahiba Gafarova" in English


def test_without_the_register_names_do_not_cross_scripts(corpus):
    assert all(h.entry.language != "ar" for h in search("Hajiyev").hits)


def test_phrase_respects_order(corpus):
    assert ids(search('"general budget"')) == ["en-0"]
    assert search('"budget general"').total == 0
    arabic = search('"الأمين العام"')
    assert arabic.total >= 2
    assert search('"العام الأمين"').total < arabic.total


def test_prefix(corpus):
    assert "en-3" in ids(search("legislat*"))
    results = search("البرلما*", per_page=50)
    assert results.total >= 2
    assert "<mark>" in " ".join(str(h.snippet_html) for h in results.hits)


def test_all_words_first_then_any(corpus):
    strict = search("budget spending")
    assert not strict.relaxed and ids(strict) == ["en-0"]
    relaxed = search("budget qqqzzzunknown")
    assert relaxed.relaxed and ids(relaxed) == ["en-0"]
    assert search("qqqzzzunknown").total == 0


def test_title_hits_rank_first(corpus):
    assert ids(search("hansard"))[0] == "en-1"


def test_filters_and_facets(corpus):
    everything = search("parliament", per_page=100)
    langs = {f["value"]: f["count"] for f in everything.facets["language"]}
    assert langs.get("en", 0) >= 2
    english = search("parliament", language="en", per_page=100)
    assert english.total == langs["en"]
    assert all(h.entry.language == "en" for h in english.hits)
    # The language facet still lists the other language while filtering on one.
    assert {f["value"] for f in english.facets["language"]} == set(langs)
    dated = search("parliament", date_from=dt.date(2026, 10, 1), date_to=dt.date(2026, 10, 3), per_page=100)
    assert dated.total and all(dt.date(2026, 10, 1) <= h.entry.date <= dt.date(2026, 10, 3) for h in dated.hits)
    assert search("parliament", types=["test.doc"]).total == everything.total
    with pytest.raises(QueryError):
        search("parliament", types=["no.such"])
    with pytest.raises(QueryError):
        search("parliament", date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 1))


def test_body_and_person_filters(db, test_type):
    from majlis.core.models import Organization, Person
    from majlis.core import services
    from majlis.search import index

    from .conftest import corpus_documents

    body = services.create_organization(None, name_ar="مجلس النواب", name_en="Council of Representatives",
                                        classification=Organization.Classification.CHAMBER)
    person = services.create_person(None, name_ar="صاحبة غفاروفا", name_en="Sahiba Gafarova")
    index.index_documents(test_type, corpus_documents(body_id=body.pk, person_id=person.pk))
    by_body = search("مجلس", body=body.pk, per_page=100, semantic=False)
    assert by_body.total and all(h.entry.object_id.startswith("004") for h in by_body.hits)
    assert by_body.facets["body"][0]["value"] == body.pk
    by_person = search("البحرين", person=person.pk, per_page=100)
    assert by_person.total and all(h.entry.object_id.startswith("001") for h in by_person.hits)
    assert Person.objects.count() == 1


def test_paging(corpus):
    first = search("البحرين", per_page=3, page=1)
    second = search("البحرين", per_page=3, page=2)
    assert first.total == second.total >= 6
    assert len(first.hits) == len(second.hits) == 3
    assert not set(ids(first)) & set(ids(second))
    assert first.pages == -(-first.total // 3)


def test_staff_only_items(corpus, user_factory):
    assert search("zanzibarite").total == 0
    assert search("zanzibarite", user=user_factory("member-x", "member")).total == 0
    staff = search("zanzibarite", user=user_factory("clerk-x", "clerk"))
    assert ids(staff) == ["staff-0"]
    # Facets and counts do not leak it either.
    assert search("الزنجبارية").facets.get("type", []) == []


def test_reindex_removes_and_updates(corpus):
    from majlis.search import index
    from majlis.search.registry import Document

    from .conftest import TEST_TYPE

    index.index_documents(TEST_TYPE, [("en-0", Document(title="Renamed", text="quinoa harvest", url="/x"))])
    assert ids(search("quinoa")) == ["en-0"]
    assert search('"general budget"').total == 0
    index.remove_object(TEST_TYPE, "en-0")
    assert search("quinoa").total == 0


def test_rank_window_ranks_only_the_newest_matches(corpus):
    from django.db import connection

    from majlis.search.backends import get_backend
    from majlis.search.backends.base import Filters
    from majlis.search.query import compile_query

    backend = get_backend(connection)
    clauses = compile_query("البحرين").clauses
    everything = backend.search(clauses, Filters(), limit=100, window=0)
    newest = sorted(i for i, _ in everything)[-3:]
    cut = backend.search(clauses, Filters(), limit=100, window=3)
    assert sorted(i for i, _ in cut) == newest
    assert backend.search(clauses, Filters(), limit=100, window=1000) == everything

"""Search-as-you-type for people: prefixes, across scripts, through the search index."""

from __future__ import annotations

import pytest

from majlis.search.query import QueryError
from majlis.search.suggest import suggest_people


@pytest.fixture
def register(demo_register):
    from majlis.search import index

    index.reindex(["core.person"])
    return demo_register


def _ids(rows):
    return {r["id"] for r in rows}


def _person(name_en):
    from majlis.core.models import Person

    return Person.objects.get(name_en=name_en).pk


HAJIYEVS = ("Farid Hajiyev", "Sabir Hajiyev")


def test_a_prefix_in_either_script_suggests_the_person(register):
    for typed in ["Haji", "haj", "حاج", "حاجيي", "Hajiyev"]:
        assert {_person(n) for n in HAJIYEVS} <= _ids(suggest_people(typed)), typed
    # Registered spellings the other script's letters do not spell out: غفاروفا has no
    # alef after غ, Qafarova is the Azerbaijani spelling.
    for typed in ["Gafa", "غفار", "غافا", "Qafa"]:
        assert _person("Sahiba Gafarova") in _ids(suggest_people(typed)), typed
    assert _person("Sahiba Gafarova") not in _ids(suggest_people("Haji"))


def test_earlier_words_narrow_the_suggestions(register):
    assert _ids(suggest_people("Farid Haj")) == {_person("Farid Hajiyev")}
    assert _ids(suggest_people("صابر حاج")) == {_person("Sabir Hajiyev")}


def test_a_suggestion_carries_both_names_and_their_languages(register):
    from django.utils import translation

    with translation.override("en"):
        row = next(r for r in suggest_people("Haji") if r["id"] == _person("Farid Hajiyev"))
    assert (row["name"], row["name_lang"], row["other_name"], row["other_lang"]) == ("Farid Hajiyev", "en", "فريد حاجييف", "ar")
    assert row["url"] == f"/people/{row['id']}/"
    with translation.override("ar"):
        row = next(r for r in suggest_people("Haji") if r["id"] == _person("Farid Hajiyev"))
    assert (row["name"], row["name_lang"]) == ("فريد حاجييف", "ar")


def test_too_little_nothing_or_unknown_suggests_nobody(register):
    assert suggest_people("") == []
    assert suggest_people("H") == []
    assert suggest_people("  \u200f ") == []
    assert suggest_people("Zqxw") == []


def test_limit_is_kept(register):
    rows = suggest_people("Al", limit=3)
    assert 0 < len(rows) <= 3


def test_far_too_long_input_is_a_clear_error(register):
    with pytest.raises(QueryError):
        suggest_people("x" * 5000)


def test_fts_syntax_is_plain_text(register):
    for typed in ['"Haji', "OR Haji", "Haji*", "(حاج", "-Haji", "Haji:", "Haji)", "^حاج"]:
        assert {_person(n) for n in HAJIYEVS} <= _ids(suggest_people(typed)), typed
    # NEAR is a word like any other here: nobody is called "near".
    assert suggest_people("NEAR(Haji") == []


def test_api_suggests_people_and_is_documented(register, client):
    response = client.get("/api/search/people", {"q": "Haji", "limit": 5}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    data = response.json()
    assert {_person(n) for n in HAJIYEVS} <= {r["id"] for r in data["results"]}
    assert {"id", "name", "name_lang", "other_name", "other_lang", "url", "fictional"} <= set(data["results"][0])
    assert client.get("/api/search/people", {"q": "x" * 5000}).json()["errors"][0]["field"] == "q"
    assert client.get("/api/search/people", {"q": "Haji", "limit": 99}).status_code == 400
    assert client.get("/api/search/people", {"q": ""}).json()["results"] == []
    schema = client.get("/api/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/search/people"]["get"]["parameters"]}
    assert {"q", "limit"} <= params


def test_whatever_is_typed_suggests_or_says_why_never_crashes(register):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.search.test_bad_input import ALPHABET, NASTY

    for text in NASTY:
        try:
            assert isinstance(suggest_people(text), list)
        except QueryError:
            pass

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(ALPHABET, max_size=40))
    def typed(text):
        rows = suggest_people(text)
        assert all(r["url"].startswith("/people/") for r in rows)

    typed()

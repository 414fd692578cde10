"""The API, the page, the CLI, the demo and indexing on save."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

pytestmark = pytest.mark.usefixtures("no_semantic")


def test_api_search_public(corpus, client):
    response = client.get("/api/search", {"q": "بالمجلس", "per_page": 5})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["total"] >= 3 and len(data["results"]) == 5
    hit = data["results"][0]
    assert {"type", "title", "snippet_html", "url", "score", "language"} <= set(hit)
    assert "<mark>" in " ".join(r["snippet_html"] for r in data["results"])
    assert data["semantic"]["enabled"] is False
    assert data["facets"]["type"][0]["value"] == "test.doc"


def test_api_never_shows_staff_only_items_to_the_public(corpus, client, user_factory):
    assert client.get("/api/search", {"q": "zanzibarite"}).json()["total"] == 0
    staff = Client()
    staff.force_login(user_factory("clerk-api", "clerk"))
    assert staff.get("/api/search", {"q": "zanzibarite"}).json()["total"] == 1
    member = Client()
    member.force_login(user_factory("member-api", "member"))
    assert member.get("/api/search", {"q": "zanzibarite"}).json()["total"] == 0


def test_api_filters_and_errors(corpus, client):
    ok = client.get("/api/search", {"q": "parliament", "lang": "en", "from": "2026-10-01", "to": "2026-10-31"})
    assert ok.status_code == 200
    assert all(r["language"] == "en" for r in ok.json()["results"])
    assert client.get("/api/search", {"q": ""}).status_code == 400
    assert client.get("/api/search", {"q": "x" * 501}).json()["errors"][0]["field"] == "q"
    assert client.get("/api/search", {"q": "a", "type": "no.such"}).json()["errors"][0]["field"] == "type"
    assert client.get("/api/search", {"q": "a", "lang": "fr"}).status_code == 400
    assert client.get("/api/search", {"q": "a", "from": "not-a-date"}).status_code == 400
    assert client.get("/api/search", {"q": "a", "per_page": 1000}).status_code == 400


def test_api_is_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/search" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "type", "from", "to", "lang", "page"} <= params


def test_page_with_facets_and_highlights(corpus, client):
    response = client.get("/search/", {"q": "البحرين"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>البحرين</mark>" in html
    assert 'data-testid="search-result"' in html
    assert "Semantic search is off" in html or "البحث الدلالي" in html
    filtered = client.get("/search/", {"q": "parliament", "lang": "en", "type": "test.doc"})
    assert filtered.status_code == 200
    assert client.get("/search/").status_code == 200


def test_page_bad_input_is_a_clear_message(corpus, client):
    response = client.get("/search/", {"q": "x" * 600})
    assert response.status_code == 400
    assert "500" in response.content.decode()  # "at most 500 characters"
    assert client.get("/search/", {"q": "budget", "from": "31/12/2026"}).status_code == 400
    assert client.get("/search/", {"q": '"unbalanced AND ( NEAR'}).status_code == 200


def test_page_hides_staff_only_items(corpus, client, clerk_client):
    public = client.get("/search/", {"q": "zanzibarite"}).content.decode()
    assert "Confidential draft" not in public and "/test/staff-0" not in public
    assert "<mark>zanzibarite</mark>" in clerk_client.get("/search/", {"q": "zanzibarite"}).content.decode()


def test_header_search_box_points_here(client, db):
    assert 'action="/search/"' in client.get("/").content.decode()


def test_save_indexes_and_delete_removes(db, django_capture_on_commit_callbacks):
    from majlis.core import services
    from majlis.core.models import Organization
    from majlis.search.engine import search

    with django_capture_on_commit_callbacks(execute=True):
        person = services.create_person(None, name_ar="فريد حاجييف", name_en="Farid Hajiyev", variants=["Fərid Hacıyev"])
    found = search("حاجييف", types=["core.person"])
    assert [h.entry.object_id for h in found.hits] == [str(person.pk)]
    assert search("Hajiyev", types=["core.person"]).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.create_organization(None, name_ar="الجمعية الوطنية", name_en="Milli Majlis",
                                     classification=Organization.Classification.FOREIGN_PARLIAMENT)
    assert search("الجمعيه الوطنيه", types=["core.organization"]).total == 1
    # The delete signal (a real delete cascades into tables other apps are still building).
    from django.db.models.signals import post_delete

    from majlis.core.models import Person

    with django_capture_on_commit_callbacks(execute=True):
        post_delete.send(sender=Person, instance=person)
    assert search("حاجييف", types=["core.person"]).total == 0


def test_one_task_per_object_per_transaction(db, django_capture_on_commit_callbacks, monkeypatch):
    from majlis.core import services
    from majlis.search import index

    sent = []
    monkeypatch.setattr(index, "index_object", lambda *a: sent.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_person(None, name_ar="صابر حاجييف", name_en="Sabir Hajiyev", variants=["Sabir Hacıyev", "S. Hajiyev"])
    assert len(sent) == 1


def test_cli_reindex_and_search(demo_register, capsys):
    call_command("search", "reindex", "--no-progress")
    out = capsys.readouterr().out
    assert "items indexed" in out
    call_command("search", "Gafarova", "--type", "core.person", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and "غفاروفا" in data["results"][0]["title"]
    call_command("search", "غافاروفا", "--type", "core.person")
    assert "Sahiba Gafarova" in capsys.readouterr().out


def test_cli_reindex_one_type_with_progress(demo_register, capsys):
    call_command("search", "reindex", "--type", "core.organization")
    captured = capsys.readouterr()
    assert "items indexed" in captured.out and "100%" in captured.err


def test_cli_bad_input_exits_2(db):
    for args in (["reindex", "--type", "no.such"], ["x" * 600], ["  "], ["word", "--limit", "0"]):
        with pytest.raises(CommandError) as err:
            call_command("search", *args)
        assert err.value.returncode == 2


def test_cli_help_mentions_both_forms(capsys):
    from majlis.search.management.commands.search import Command

    help_text = Command().create_parser("majlis", "search").format_help()
    assert "reindex" in help_text and "QUERY" in help_text and "--json" in help_text


def test_demo_indexes_the_register(demo_register):
    from majlis.search import demo
    from majlis.search.models import Entry

    assert demo.load() == Entry.objects.count() > 0
    assert demo.load() == Entry.objects.count()  # idempotent

"""The register's REST API: public reads, staff writes, clear validation errors."""

import json

import pytest
from django.test import Client

from majlis.core import tokens
from majlis.core.models import AuditEvent, Person

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_register_routes(client):
    doc = client.get("/api/openapi.json").json()
    assert {"/api/people", "/api/people/{person_id}", "/api/organizations", "/api/memberships"} <= set(doc["paths"])
    assert "post" in doc["paths"]["/api/people"]


def test_people_can_be_found_by_any_spelling(client, demo_register):
    body = client.get("/api/people", {"q": "غافاروفا"}).json()
    assert [p["name_en"] for p in body["items"]] == ["Sahiba Gafarova"]
    assert {"صاحبة غافاروفا", "Səhibə Qafarova"} <= {v["name"] for v in body["items"][0]["name_variants"]}


def test_members_of_a_body_and_detail(client, demo_register):
    chamber = demo_register["demo_chamber"]
    body = client.get("/api/people", {"organization": chamber.pk, "limit": 100}).json()
    assert body["count"] == 40
    person = client.get(f"/api/people/{body['items'][0]['id']}").json()
    assert person["id"] == body["items"][0]["id"]
    assert client.get("/api/people/999999").status_code == 404


def test_anonymous_cannot_write(client):
    response = client.post("/api/people", {"name_en": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert not Person.objects.filter(name_en="X").exists()


def test_a_member_without_the_clerk_role_cannot_write(user_factory):
    user = user_factory("mp", "member")
    token = tokens.issue(None, user, "t")
    response = Client().post("/api/people", {"name_en": "X"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403


def test_clerk_with_a_token_creates_a_person_and_it_is_audited(user_factory):
    clerk = user_factory("clerk2", "clerk")
    token = tokens.issue(None, clerk, "script")
    payload = {"name_ar": "أنار كريموف", "name_en": "Anar Karimov", "variants": ["Anar Kərimov"]}
    response = Client().post("/api/people", json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person in Person.objects.match("أنار كريموف")
    event = AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).get()
    assert event.actor_id == clerk.pk


def test_a_revoked_or_wrong_token_is_refused(user_factory):
    clerk = user_factory("clerk3", "clerk")
    token = tokens.issue(None, clerk, "script")
    clerk.api_tokens.update(revoked=True)
    for header in (f"Bearer {token}", "Bearer mjl_nonsense", "Bearer "):
        response = Client().post("/api/people", {"name_en": "X"}, content_type="application/json", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401


def test_validation_errors_name_the_field(clerk):
    token = tokens.issue(None, clerk, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    c = Client()
    missing_name = c.post("/api/people", json.dumps({"name_ar": "", "name_en": ""}), content_type="application/json", **auth)
    assert missing_name.status_code == 400
    assert missing_name.json()["errors"][0]["field"] == "name_ar"
    bad_type = c.post("/api/people", json.dumps({"name_en": "X", "gender": "robot"}), content_type="application/json", **auth)
    assert bad_type.status_code == 400 and bad_type.json()["errors"][0]["field"] == "gender"
    not_a_number = c.get("/api/people", {"limit": "many"}, **auth)
    assert not_a_number.status_code == 400 and not_a_number.json()["errors"][0]["field"] == "limit"
    bad_country = c.post("/api/people", json.dumps({"name_en": "X", "country": "ZZ"}), content_type="application/json", **auth)
    assert bad_country.status_code == 400 and bad_country.json()["errors"][0]["field"] == "country"
    assert not Person.objects.filter(name_en="X").exists()


def test_session_writes_need_the_csrf_token(clerk):
    c = Client(enforce_csrf_checks=True)
    c.force_login(clerk)
    response = c.post("/api/people", json.dumps({"name_en": "Y"}), content_type="application/json")
    assert response.status_code == 403
    c.get("/people/")  # sets the CSRF cookie
    csrf = c.cookies["csrftoken"].value
    response = c.post("/api/people", json.dumps({"name_en": "Y"}), content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201


def test_membership_with_end_before_start_is_a_400(clerk, demo_register):
    token = tokens.issue(None, clerk, "t")
    person = demo_register["people"]["farid"]
    org = demo_register["demo_chamber"]
    payload = {"person_id": person.pk, "organization_id": org.pk, "start_date": "2025-02-01", "end_date": "2025-01-01"}
    response = Client().post("/api/memberships", json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "end_date"

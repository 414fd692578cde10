"""Per-role visibility: drafts are never public (pages and API), members see their own."""

from __future__ import annotations

import pytest
from django.test import Client

from majlis.core import services as core_services
from majlis.hansard.models import Speech
from tests.conftest import make_user

ROLES = ["anonymous", "member_own", "member_other", "presiding_officer", "relations_officer", "ai_governance_officer", "clerk",
         "hansard_editor", "administrator"]
# role → (sees the working copy, sees own draft speeches)
EXPECTED = {
    "anonymous": (False, False), "member_own": (False, True), "member_other": (False, False), "presiding_officer": (False, False),
    "relations_officer": (False, False), "ai_governance_officer": (False, False), "clerk": (True, True),
    "hansard_editor": (True, True), "administrator": (True, True),
}


def _client(role, sitting):
    client = Client()
    if role == "anonymous":
        return client, None
    if role.startswith("member"):
        user = make_user(f"u-{role}", "member")
        person = sitting["members"][2] if role == "member_own" else sitting["members"][5]
        core_services.update_person(None, person, user=None)
        core_services.update_person(None, person, user=user)
    else:
        user = make_user(f"u-{role}", role)
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("role", ROLES)
def test_visibility_matrix(role, seeded_record, sitting):
    client, _user = _client(role, sitting)
    working, own = EXPECTED[role]
    secret = "أشكر الزميل، ولدي ملاحظات"  # a draft speech by members[3]
    own_text = "The budget bill deserves"  # members[2]'s draft speech
    # The record page of an unpublished record.
    page = client.get(f"/hansard/{seeded_record.pk}/")
    if working:
        assert page.status_code == 200 and secret in page.content.decode()
    else:
        assert page.status_code in (302, 404) and secret not in page.content.decode()
    # Exports and the public API never serve drafts.
    assert client.get(f"/hansard/{seeded_record.pk}/export.txt").status_code == 404
    assert client.get(f"/api/hansard/records/{seeded_record.pk}").status_code == 404
    draft_export = client.get(f"/hansard/{seeded_record.pk}/export.txt?draft=1")
    assert (draft_export.status_code == 200) == working
    # Search does not find drafts.
    hits = client.get("/api/hansard/speeches", {"q": "ملاحظات"}).json()
    assert hits["count"] == 0
    # The draft through the staff API.
    api = client.get(f"/api/hansard/records/{seeded_record.pk}/draft")
    if working:
        assert api.status_code == 200 and secret in str(api.json())
    elif own:
        assert api.status_code == 200 and own_text in str(api.json()) and secret not in str(api.json())
    else:
        assert api.status_code in (401, 403)
    # The editor page.
    editor = client.get(f"/hansard/{seeded_record.pk}/edit/")
    assert (editor.status_code == 200) == working
    if role.startswith("member"):
        mine = client.get("/hansard/mine/").content.decode()
        assert (own_text in mine) == own and secret not in mine


@pytest.mark.parametrize("role", ROLES)
def test_published_is_public(role, published_record, sitting):
    client, _user = _client(role, sitting)
    page = client.get(f"/hansard/{published_record.pk}/")
    assert page.status_code == 200 and "أشكر الزميل" in page.content.decode()
    assert client.get("/api/hansard/speeches", {"q": "ملاحظات"}).json()["count"] == 1


def test_writes_need_an_editor(seeded_record, sitting, clerk_client):
    speech = Speech.objects.filter(record=seeded_record).first()
    r = clerk_client.patch(f"/api/hansard/units/{speech.pk}", {"base_revision": speech.revision, "text": "x"}, content_type="application/json")
    assert r.status_code == 403
    anon = Client().patch(f"/api/hansard/units/{speech.pk}", {"base_revision": speech.revision, "text": "x"}, content_type="application/json")
    assert anon.status_code == 401

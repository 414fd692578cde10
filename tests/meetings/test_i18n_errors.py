"""A service's refusal reaches the person in the language of their request: the API's
400/403 and the pages' messages are Arabic for an Arabic request, English for English."""

import json

import pytest
from django.test import Client

from majlis.meetings import services

pytestmark = pytest.mark.django_db


def _move(client, slot, direction="up", **headers):
    response = client.post(f"/api/meetings/speakers/{slot.pk}/move", data=json.dumps({"direction": direction}),
                           content_type="application/json", **headers)
    return response.status_code, response.json()


def test_api_errors_follow_the_language_cookie(council, clerk_client, sitting):
    first = services.request_floor(None, sitting, council.members[0])
    clerk_client.cookies["majlis_language"] = "ar"
    assert _move(clerk_client, first) == (400, {"errors": [{"field": "direction", "reason": "في أول القائمة بالفعل"}]})
    clerk_client.cookies["majlis_language"] = "en"
    assert _move(clerk_client, first) == (400, {"errors": [{"field": "direction", "reason": "already first in the list"}]})


def test_api_errors_follow_accept_language_where_the_deployment_honours_it(settings, council, clerk_client, sitting):
    settings.HONOR_BROWSER_LANGUAGE = True
    first = services.request_floor(None, sitting, council.members[0])
    status, body = _move(clerk_client, first, "down", HTTP_ACCEPT_LANGUAGE="ar")
    assert status == 400 and body["errors"][0]["reason"] == "في آخر القائمة بالفعل"
    status, body = _move(clerk_client, first, "down", HTTP_ACCEPT_LANGUAGE="en")
    assert status == 400 and body["errors"][0]["reason"] == "already last in the list"


def test_interpolated_state_and_permission_messages_are_arabic(council, clerk_client, sitting):
    services.transition(None, sitting, "close")
    response = clerk_client.post(f"/api/meetings/{sitting.pk}/speakers", data=json.dumps({"person_id": council.members[0].pk}),
                                 content_type="application/json")
    status, body = response.status_code, response.json()
    assert status == 400
    # The state inside the sentence is translated too, not left as the stored key.
    assert body["errors"][0]["reason"] == "قائمة المتحدثين مغلقة والاجتماع في حالة: مختتم"
    member = Client()
    member.force_login(council.users[0])
    response = member.post(f"/api/meetings/{sitting.pk}/speakers/next")
    assert response.status_code == 403 and response.json()["detail"] == "إدارة الجلسة مقصورة على الرئيس أو موظف الأمانة"


def test_page_shows_a_service_refusal_in_arabic(clerk_client, sitting):
    task = services.create_action_item(None, title_en="Report", owner_text="Secretariat", meeting=sitting)
    response = clerk_client.post(f"/meetings/action-items/{task.pk}/edit/", {"base_version": "1", "title_en": "Report", "owner_text": ""})
    assert response.status_code == 400
    assert "تحتاج مهمة المتابعة إلى مسؤول: عضو أو هيئة أو وحدة" in response.content.decode()

"""The chair moves waiting requests up and down the speakers' list; points of order stay
ahead of everyone else waiting."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.services.speakers import queue

pytestmark = pytest.mark.django_db


def _order(sitting):
    return [s.pk for s in queue(sitting)]


def test_move_up_and_down_within_rank(council, clerk, sitting):
    a, b, c = (services.request_floor(None, sitting, council.members[i]) for i in range(3))
    poo = services.request_floor(None, sitting, council.members[3], kind="point_of_order")
    assert _order(sitting) == [poo.pk, a.pk, b.pk, c.pk]
    assert [s.pk for s in services.move_in_queue(clerk, c, "up")] == [poo.pk, a.pk, c.pk, b.pk]
    services.move_in_queue(clerk, c, "up")
    assert _order(sitting) == [poo.pk, c.pk, a.pk, b.pk]
    with pytest.raises(ValidationError) as exc:
        services.move_in_queue(clerk, c, "up")  # a speech never passes a point of order
    assert "first" in str(exc.value)
    with pytest.raises(ValidationError):
        services.move_in_queue(clerk, poo, "down")  # nor does a point of order fall behind a speech
    services.move_in_queue(clerk, a, "down")
    assert _order(sitting) == [poo.pk, c.pk, b.pk, a.pk]
    with pytest.raises(ValidationError):
        services.move_in_queue(clerk, a, "down")
    with pytest.raises(ValidationError):
        services.move_in_queue(clerk, a, "sideways")
    event = AuditEvent.objects.filter(action="speaker.move").latest("id")
    assert event.before["order"] == [poo.pk, c.pk, a.pk, b.pk] and event.after["order"] == _order(sitting)
    assert AuditEvent.objects.filter(action="speaker.move").count() == 3


def test_points_of_order_trade_places_among_themselves(council, clerk, sitting):
    speech = services.request_floor(None, sitting, council.members[0])
    p1 = services.request_floor(None, sitting, council.members[1], kind="point_of_order")
    p2 = services.request_floor(None, sitting, council.members[2], kind="point_of_order")
    services.move_in_queue(clerk, p2, "up")
    assert _order(sitting) == [p2.pk, p1.pk, speech.pk]


def test_only_waiting_requests_move(council, clerk, sitting):
    a = services.request_floor(None, sitting, council.members[0])
    services.request_floor(None, sitting, council.members[1])
    services.give_floor(clerk, a)
    with pytest.raises(ValidationError) as exc:
        services.move_in_queue(clerk, a, "down")
    assert "waiting" in str(exc.value)


def test_move_over_http_is_the_chairs(council, clerk_client, sitting):
    a = services.request_floor(None, sitting, council.members[0])
    b = services.request_floor(None, sitting, council.members[1])
    url = f"/api/meetings/speakers/{b.pk}/move"
    response = clerk_client.post(url, data=json.dumps({"direction": "up"}), content_type="application/json")
    assert response.status_code == 200 and [s["id"] for s in response.json()] == [b.pk, a.pk]
    response = clerk_client.post(url, data=json.dumps({"direction": "up"}), content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "direction"
    response = clerk_client.post(url, data=json.dumps({"direction": "left"}), content_type="application/json")
    assert response.status_code == 400
    member = Client()
    member.force_login(council.users[1])
    response = member.post(f"/api/meetings/speakers/{a.pk}/move", data=json.dumps({"direction": "up"}), content_type="application/json")
    assert response.status_code == 403
    assert _order(sitting) == [b.pk, a.pk]
    assert clerk_client.get("/api/openapi.json").json()["paths"]["/api/meetings/speakers/{slot_id}/move"]["post"]


def test_a_move_renumbers_the_list_so_equal_places_still_trade(council, clerk, sitting):
    a, b, c = (services.request_floor(None, sitting, council.members[i]) for i in range(3))
    type(a).objects.filter(pk__in=[a.pk, b.pk]).update(position=a.position)  # e.g. rows from an import
    assert _order(sitting) == [a.pk, b.pk, c.pk]
    services.move_in_queue(clerk, b, "up")
    assert _order(sitting) == [b.pk, a.pk, c.pk]
    services.move_in_queue(clerk, c, "up")
    assert _order(sitting) == [b.pk, c.pk, a.pk]


def test_the_live_state_says_which_moves_the_service_allows(council, clerk, sitting):
    from majlis.meetings import live

    a, b = (services.request_floor(None, sitting, council.members[i]) for i in range(2))
    poo = services.request_floor(None, sitting, council.members[2], kind="point_of_order")
    state = live.state_for(sitting.pk, "staff")
    assert [(slot["id"], slot["moves"]) for slot in state["queue"]] == [
        (poo.pk, {"up": False, "down": False}),  # alone in its rank
        (a.pk, {"up": False, "down": True}),
        (b.pk, {"up": True, "down": False}),
    ]
    for slot in state["queue"]:  # what the console enables is what the service accepts
        for direction, allowed in slot["moves"].items():
            moved = queue(sitting)
            try:
                services.move_in_queue(clerk, next(s for s in moved if s.pk == slot["id"]), direction)
            except ValidationError:
                assert not allowed
            else:
                assert allowed
                services.move_in_queue(clerk, next(s for s in queue(sitting) if s.pk == slot["id"]), "down" if direction == "up" else "up")

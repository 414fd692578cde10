"""Voting's refusals are translated: the API answers in the request's language, and the
live path's vote batch builds each refusal once, lazily, so that every member it answers
reads it in their own language."""

import json

import pytest
from django.test import Client
from django.utils import translation

from majlis.meetings import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(clerk, sitting):
    return services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Adopt?", kind="named"))


def _vote(client, poll, choice, language):
    client.cookies["majlis_language"] = language
    response = client.post(f"/api/meetings/polls/{poll.pk}/votes", data=json.dumps({"choice": choice}), content_type="application/json")
    return response.status_code, response.json()


def test_api_vote_refusals_follow_the_request_s_language(council, clerk_client, poll):
    member = Client()
    member.force_login(council.users[0])
    assert _vote(member, poll, "perhaps", "ar") == (400, {"errors": [{"field": "choice", "reason": "إحدى القيم: yes, no, abstain"}]})
    assert _vote(member, poll, "perhaps", "en") == (400, {"errors": [{"field": "choice", "reason": "one of yes, no, abstain"}]})
    # A clerk is not a member: a permission refusal, translated too.
    assert _vote(clerk_client, poll, "yes", "ar") == (403, {"detail": "التصويت مقصور على الأعضاء المرتبطة حساباتهم بسجل عضو"})
    assert _vote(clerk_client, poll, "yes", "en") == (403, {"detail": "only members linked to a person may vote"})


def test_api_poll_state_is_named_by_its_translated_label(clerk, clerk_client, poll):
    services.close_poll(clerk, poll)
    clerk_client.cookies["majlis_language"] = "ar"
    response = clerk_client.post(f"/api/meetings/polls/{poll.pk}/close")
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "state", "reason": "التصويت في حالة: مختتم"}]}
    clerk_client.cookies["majlis_language"] = "en"
    assert clerk_client.post(f"/api/meetings/polls/{poll.pk}/close").json()["errors"][0]["reason"] == "the poll is closed"


def test_a_batch_makes_each_refusal_once_and_it_reads_in_any_language(council, clerk, sitting, poll):
    services.cast_vote(council.users[2], poll, "yes")
    services.set_rules(clerk, council.chamber, vote_changes_allowed=False)
    poll.refresh_from_db()
    batch = [(council.users[0], poll.pk, "perhaps"), (council.users[1], poll.pk, "maybe"),
             (council.users[2], poll.pk, "no"), (clerk, poll.pk, "yes"), (clerk, poll.pk, "no")]
    with translation.override("ar"):  # the worker thread's language must not matter
        results = services.cast_votes(batch)
    assert results[0] is results[1] and results[3] is results[4]  # one refusal per kind and batch
    with translation.override("en"):
        assert results[0].message_dict == {"choice": ["one of yes, no, abstain"]}
        assert str(results[3]) == "only members linked to a person may vote"
    with translation.override("ar"):
        assert results[0].message_dict == {"choice": ["إحدى القيم: yes, no, abstain"]}
        assert str(results[3]) == "التصويت مقصور على الأعضاء المرتبطة حساباتهم بسجل عضو"
    # The poll opened while changes were allowed, so member 2's second vote is a change.
    assert results[2] == {"poll": poll.pk, "choice": "no", "changed": True}


def test_a_batch_on_a_closed_poll_names_its_state_in_the_reader_s_language(council, clerk, poll):
    services.close_poll(clerk, poll)
    results = services.cast_votes([(council.users[0], poll.pk, "yes"), (council.users[1], poll.pk, "no")])
    assert results[0] is results[1]
    with translation.override("ar"):
        assert results[0].message_dict == {"poll": ["التصويت في حالة: مختتم"]}
    with translation.override("en"):
        assert results[0].message_dict == {"poll": ["the poll is closed"]}

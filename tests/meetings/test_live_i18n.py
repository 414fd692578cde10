"""Errors on a live meeting's WebSocket come in the language of the member's pages (their
saved choice, the language cookie, then Accept-Language where the deployment honours it),
not in whatever language the server's worker thread has. A vote batch serves members of
both languages with one refusal, rendered for each in their own."""

import pytest

from majlis.core.models import UserProfile
from majlis.meetings import services
from majlis.meetings.models import Vote
from tests.meetings.conftest import build_council, open_sitting
from tests.meetings.live_helpers import LiveClient, settled

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ONE_OF_AR = "إحدى القيم: yes, no, abstain"
ONE_OF_EN = "one of yes, no, abstain"
ALREADY_AR = "سبق التصويت (لا تسمح هذه الهيئة بتغيير الصوت)"
ALREADY_EN = "already voted (this body does not allow changing a vote)"


@pytest.fixture
def live_sitting(asgi_server, clerk):
    council = build_council(4, name="Lingua Council")
    services.set_rules(clerk, council.chamber, vote_changes_allowed=False)
    return council, open_sitting(clerk, council, "Live")


def _reason(reply: dict, field: str) -> str:
    assert reply["type"] == "error", reply
    (error,) = reply["errors"]
    assert error["field"] == field, reply
    return error["reason"]


@pytest.mark.parametrize("default", ["ar", "en"])
def test_refused_votes_come_in_each_member_s_language(settings, asgi_server, clerk, live_sitting, default):
    # Whichever language the deployment (and so the worker threads) defaults to, the
    # member whose cookie says otherwise gets their own.
    settings.LANGUAGE_CODE = default
    council, meeting = live_sitting
    arabic = LiveClient(asgi_server.url, meeting.pk, user=council.users[0], language="ar")
    english = LiveClient(asgi_server.url, meeting.pk, user=council.users[1], language="en")
    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="Adopt?", kind="named"))
    for client in (arabic, english):
        client.wait_for(lambda s: s["poll"] and s["poll"]["state"] == "open")

    # Sent together, so that the two bad votes are likely to share a batch (and a refusal).
    refs = arabic.send(action="vote", poll=poll.pk, choice="perhaps"), english.send(action="vote", poll=poll.pk, choice="perhaps")
    assert _reason(arabic.reply(refs[0]), "choice") == ONE_OF_AR
    assert _reason(english.reply(refs[1]), "choice") == ONE_OF_EN

    assert arabic.call(action="vote", poll=poll.pk, choice="yes")["type"] == "ack"
    assert english.call(action="vote", poll=poll.pk, choice="no")["type"] == "ack"
    refs = arabic.send(action="vote", poll=poll.pk, choice="no"), english.send(action="vote", poll=poll.pk, choice="yes")
    assert _reason(arabic.reply(refs[0]), "person") == ALREADY_AR
    assert _reason(english.reply(refs[1]), "person") == ALREADY_EN
    assert dict(Vote.objects.filter(poll=poll).values_list("person_id", "choice")) == {
        council.members[0].pk: "yes", council.members[1].pk: "no"}

    # The poll closed: the refusal carries the poll's state in the member's language.
    settled(services.close_poll, clerk, poll)
    assert _reason(arabic.call(action="vote", poll=poll.pk, choice="yes"), "poll") == "التصويت في حالة: مختتم"
    assert _reason(english.call(action="vote", poll=poll.pk, choice="yes"), "poll") == "the poll is closed"
    # The consumer's own messages, too.
    assert _reason(arabic.call(action="dance"), "action") == "إجراء غير معروف"
    assert _reason(english.call(action="dance"), "action") == "unknown action"
    arabic.close()
    english.close()


def test_floor_requests_are_refused_in_the_member_s_language(settings, asgi_server, clerk, live_sitting):
    # Services called in the worker thread (not through the vote batch) run in the
    # socket's language.
    settings.LANGUAGE_CODE = "en"
    council, meeting = live_sitting
    arabic = LiveClient(asgi_server.url, meeting.pk, user=council.users[0], language="ar")
    english = LiveClient(asgi_server.url, meeting.pk, user=council.users[1], language="en")
    for client in (arabic, english):
        assert client.call(action="request_floor", kind="speech")["type"] == "ack"
    assert _reason(arabic.call(action="request_floor", kind="speech"), "person") == "مسجّل بالفعل في القائمة لهذا البند"
    assert _reason(english.call(action="request_floor", kind="speech"), "person") == "already on the list for this item"
    assert _reason(arabic.call(action="withdraw", slot=0), "slot") == "ليس طلبك"
    assert _reason(english.call(action="withdraw", slot=0), "slot") == "not your request"
    arabic.close()
    english.close()


def test_saved_choice_then_cookie_then_accept_language_then_the_deployment(settings, asgi_server, clerk, live_sitting):
    council, meeting = live_sitting
    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="Which?", kind="named"))

    def refusal(**kwargs) -> str:
        client = LiveClient(asgi_server.url, meeting.pk, **kwargs)
        client.recv()
        try:
            return _reason(client.call(action="vote", poll=poll.pk, choice="perhaps"), "choice")
        finally:
            client.close()

    settings.LANGUAGE_CODE = "ar"
    # The deployment's language, whatever the browser asks for (Majlis's default)...
    assert refusal(user=council.users[0], headers={"Accept-Language": "en"}) == ONE_OF_AR
    # ...unless the deployment honours the browser's; a chosen language still comes first.
    settings.HONOR_BROWSER_LANGUAGE = True
    assert refusal(user=council.users[0], headers={"Accept-Language": "en-GB,en;q=0.9"}) == ONE_OF_EN
    assert refusal(user=council.users[0], headers={"Accept-Language": "en"}, language="ar") == ONE_OF_AR
    # The language saved in the user's profile follows them to every device.
    UserProfile.objects.update_or_create(user=council.users[1], defaults={"language": "en"})
    assert refusal(user=council.users[1], language="ar", headers={"Accept-Language": "ar"}) == ONE_OF_EN

"""Live updates through the real ASGI server: state on connect, pushes after commit,
per-user filtering, actions with acknowledgements."""

import pytest
from django.utils import timezone

from majlis.meetings import services
from majlis.meetings.models import Vote
from tests.meetings.conftest import build_council, open_sitting
from tests.meetings.live_helpers import LiveClient, settled

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def live_sitting(asgi_server, clerk):
    council = build_council(6, name="Live Council")
    return council, open_sitting(clerk, council, "Live")


def test_state_on_connect_push_after_commit_and_vote_ack(asgi_server, clerk, live_sitting):
    council, meeting = live_sitting
    member = LiveClient(asgi_server.url, meeting.pk, user=council.users[0])
    projector = LiveClient(asgi_server.url, meeting.pk, projector=True)
    hello = member.recv()
    assert hello["type"] == "state" and hello["you"]["person_id"] == council.members[0].pk
    assert projector.recv()["state"]["quorum"]["present"] == 6

    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="Adopt?", kind="named"))
    member.wait_for(lambda s: s["poll"] and s["poll"]["state"] == "open")
    ack = member.call(action="vote", poll=poll.pk, choice="yes")
    assert ack["type"] == "ack" and ack["result"]["choice"] == "yes"
    assert Vote.objects.filter(poll=poll, person=council.members[0], choice="yes").exists()  # committed before the ack
    projector.wait_for(lambda s: s["poll"] and s["poll"]["counts"] == {"yes": 1, "no": 0, "abstain": 0})
    error = member.call(action="vote", poll=poll.pk, choice="perhaps")
    assert error["type"] == "error" and error["errors"][0]["field"] == "choice"
    settled(services.close_poll, clerk, poll)
    projector.wait_for(lambda s: s["poll"] and s["poll"]["state"] == "closed" and s["poll"]["adopted"] is True)
    member.close()
    projector.close()


def test_secret_ballot_shows_only_the_number_of_ballots_live(asgi_server, clerk, live_sitting):
    council, meeting = live_sitting
    chair = LiveClient(asgi_server.url, meeting.pk, user=clerk)
    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="Secret", kind="secret"))
    voters = [LiveClient(asgi_server.url, meeting.pk, user=u) for u in council.users[:3]]
    for client, choice in zip(voters, ["yes", "no", "yes"]):
        assert client.call(action="vote", poll=poll.pk, choice=choice)["result"] == {"poll": poll.pk, "choice": None, "changed": False}
    state = chair.wait_for(lambda s: s["poll"] and s["poll"]["votes_cast"] == 3)
    assert state["poll"]["counts"] is None  # not even staff see counts while the ballot is open
    settled(services.close_poll, clerk, poll)
    state = chair.wait_for(lambda s: s["poll"] and s["poll"]["state"] == "closed")
    assert state["poll"]["counts"] == {"yes": 2, "no": 1, "abstain": 0}
    for client in voters + [chair]:
        client.close()


def test_floor_request_reaches_the_chair_and_reconnect_gets_current_state(asgi_server, clerk, live_sitting):
    council, meeting = live_sitting
    chair = LiveClient(asgi_server.url, meeting.pk, user=clerk)
    member = LiveClient(asgi_server.url, meeting.pk, user=council.users[2])
    assert member.call(action="request_floor", kind="speech")["type"] == "ack"
    chair.wait_for(lambda s: [q["person_id"] for q in s["queue"]] == [council.members[2].pk])
    settled(services.next_speaker, clerk, meeting)
    chair.close()
    # A tablet that was away gets the whole current state on connecting again.
    again = LiveClient(asgi_server.url, meeting.pk, user=clerk)
    state = again.recv()["state"]
    assert state["speaker"]["person_id"] == council.members[2].pk and state["speaker"]["remaining"] > 0 and state["queue"] == []
    again.close()
    member.close()


def test_permissions_on_the_socket(asgi_server, clerk, live_sitting):
    council, meeting = live_sitting
    draft = services.create_meeting(clerk, body=council.chamber, title_en="Draft", start=timezone.now())
    from websockets.exceptions import InvalidStatus, ConnectionClosed

    with pytest.raises((InvalidStatus, ConnectionClosed)):
        LiveClient(asgi_server.url, draft.pk).recv()
    anonymous = LiveClient(asgi_server.url, meeting.pk)
    anonymous.recv()
    reply = anonymous.call(action="request_floor")
    assert reply["type"] == "error"
    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="Q"))
    assert anonymous.call(action="vote", poll=poll.pk, choice="yes")["type"] == "error"
    assert not Vote.objects.exists()
    anonymous.close()


def test_one_relay_per_process_and_votes_only_in_the_page_s_own_meeting(asgi_server, clerk, live_sitting):
    """Pages of a meeting share one channel-layer channel per server process (the hub's
    relay), so a push costs one layer message per process, not one per page; and a
    tablet's socket votes only in polls of its own meeting."""
    import time

    from channels.layers import get_channel_layer

    from majlis.meetings.live import group_name

    council, meeting = live_sitting
    layer = get_channel_layer()  # the in-memory layer the server thread uses too
    pages = [LiveClient(asgi_server.url, meeting.pk, user=u) for u in council.users[:3]]
    pages.append(LiveClient(asgi_server.url, meeting.pk, projector=True))
    for page in pages:
        page.recv()
    assert len(layer.groups.get(group_name(meeting.pk), {})) == 1
    poll = settled(services.open_poll, clerk, settled(services.create_poll, clerk, meeting, title_en="All four see it"))
    for page in pages:
        page.wait_for(lambda s: s["poll"] and s["poll"]["id"] == poll.pk and s["poll"]["state"] == "open")

    other = open_sitting(clerk, council, "Elsewhere")
    elsewhere = settled(services.open_poll, clerk, settled(services.create_poll, clerk, other, title_en="Not on this page"))
    reply = pages[0].call(action="vote", poll=elsewhere.pk, choice="yes")
    assert reply["type"] == "error" and reply["errors"][0]["field"] == "poll"
    assert not Vote.objects.filter(poll=elsewhere).exists()
    assert pages[0].call(action="vote", poll=poll.pk, choice="no")["type"] == "ack"

    for page in pages:
        page.close()
    deadline = time.monotonic() + 10
    while layer.groups.get(group_name(meeting.pk)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not layer.groups.get(group_name(meeting.pk))  # the relay left with the last page

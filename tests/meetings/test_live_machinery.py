"""The live path without a server: group commit (`live.VoteBatcher`), pushes that wait for it, and pages leaving the hub."""

import asyncio

from majlis.meetings import live
from tests.conftest import run_async


def slow_writes(monkeypatch, events: list, release: asyncio.Event):
    """`cast_votes` in the batcher replaced by a write that lasts until `release`."""

    def fake_db_call(fn, write=False):
        async def call(batch):
            events.append(("write", len(batch)))
            await release.wait()
            return [{"vote": i} for i in range(len(batch))]

        return call

    monkeypatch.setattr(live, "db_call", fake_db_call)


def test_a_storm_is_one_batch_and_a_push_waits_until_its_acks_are_out(monkeypatch):
    events: list = []

    async def main():
        release = asyncio.Event()
        slow_writes(monkeypatch, events, release)
        batcher = live.VoteBatcher()

        async def vote(i):
            result = await batcher.submit(None, 1, "yes", 1)
            events.append(("ack", i, result["vote"]))

        async def push():
            await batcher.settled(timeout=5)
            events.append(("push",))

        votes = [asyncio.create_task(vote(i)) for i in range(3)]
        await asyncio.sleep(0.05)  # gathered and being written
        pusher = asyncio.create_task(push())
        await asyncio.sleep(0.02)
        assert events == [("write", 3)]  # the push is still waiting
        release.set()
        await asyncio.gather(*votes, pusher)
        await batcher.settled(timeout=5)  # idle: returns at once

    run_async(main())
    assert events == [("write", 3), ("ack", 0, 0), ("ack", 1, 1), ("ack", 2, 2), ("push",)]


def test_a_push_waits_for_a_slow_write_no_longer_than_its_limit(monkeypatch):
    events: list = []

    async def main():
        release = asyncio.Event()
        slow_writes(monkeypatch, events, release)
        batcher = live.VoteBatcher()
        vote = asyncio.create_task(batcher.submit(None, 1, "yes", 1))
        await asyncio.sleep(0.05)
        await batcher.settled(timeout=0.01)
        assert batcher.running and not vote.done()  # gave up waiting; the write goes on
        release.set()
        assert await vote == {"vote": 0}

    run_async(main())


def page_in_hub(meeting_id: int):
    """A meeting page joined to the running loop's hub, as `connect` leaves it."""
    from majlis.meetings.consumers import MeetingConsumer

    hub = live.hub()
    page = MeetingConsumer()
    page.meeting_id, page.joined = meeting_id, True
    hub.pages.setdefault(meeting_id, {})[page] = None
    return hub, page


def test_a_page_leaves_the_hub_however_its_socket_ends():
    """A send to a tablet that has gone (uvicorn raises ClientDisconnected) ends the
    consumer without a disconnect message: the page must still leave the hub."""
    from uvicorn.protocols.utils import ClientDisconnected

    async def main():
        hub, page = page_in_hub(7)

        async def receive():
            return {"type": "websocket.receive", "text": '{"ref": 1, "action": "dance"}'}  # answered with an error

        async def send(message):
            raise ClientDisconnected()

        try:
            await page({"type": "websocket"}, receive, send)
        except ClientDisconnected:
            pass
        else:
            raise AssertionError("the failed send should end the consumer")
        return 7 in hub.pages and page in hub.pages[7]

    assert run_async(main()) is False


def test_a_dropped_tablet_leaves_the_hub_without_a_hop_to_django_s_sync_thread(monkeypatch):
    """When a chamber's tablets drop at once, each disconnect must not queue a call in
    Django's one sync thread (Channels' handler closes that thread's connections, which
    this consumer does not use): the page leaves the hub and the consumer ends."""
    import channels.generic.websocket

    hops: list = []

    async def close_old_connections():
        hops.append("sync thread")

    monkeypatch.setattr(channels.generic.websocket, "aclose_old_connections", close_old_connections)

    async def main():
        hub, page = page_in_hub(8)

        async def receive():
            return {"type": "websocket.disconnect", "code": 1006}

        async def send(message):
            raise AssertionError("nothing is sent to a socket that has gone")

        await page({"type": "websocket"}, receive, send)  # ends, does not raise
        return 8 in hub.pages and page in hub.pages[8]

    assert run_async(main()) is False
    assert hops == []

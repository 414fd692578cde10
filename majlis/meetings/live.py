"""Live state of a meeting and its delivery to connected pages.

A change calls `broadcast(meeting_id)` after commit. In a server process the calls are
coalesced on the event loop for `DEBOUNCE` seconds, then the state is built once per
audience (staff / member / public, see `permissions.audience`), encoded once, and sent
to the meeting's channel-layer group. That group holds one channel per server process
(the `Hub`'s relay), not one per page: each process fans the message out to its own
pages, and each page forwards the view its user may see. Coalescing keeps 500
simultaneous votes from turning into 500 pushes; the per-process relay keeps a push to
a thousand pages from turning into a thousand channel-layer messages (with Redis, a
thousand round trips).
"""

from __future__ import annotations

import asyncio
import json
import contextvars
import threading
import time

from django.utils import timezone

from majlis.meetings.permissions import MEMBER, PUBLIC, STAFF

DEBOUNCE = 0.03
# The longest a push waits for the votes being written (see VoteBatcher.settled).
HOLD_PUSH_SECONDS = 0.1
AUDIENCES = (STAFF, MEMBER, PUBLIC)

_loop: asyncio.AbstractEventLoop | None = None
_pending: set[int] = set()
_lock = threading.Lock()


def _in_memory_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite" and connection.is_in_memory_db()


_sqlite_writer = threading.Lock()
LOCKED_RETRIES = 20


def db_call(fn, *, write: bool = False):
    """`fn` wrapped for the event loop, run in a worker thread that keeps its database
    connection between calls (reconnecting per message, as channels' helper does under
    CONN_MAX_AGE=0, costs more than the vote itself). Calls run in parallel threads,
    except on an in-memory SQLite database (the test database), whose shared cache
    cannot take concurrent access and so uses Django's one sync thread.

    On SQLite, writes also take a process-wide lock: SQLite admits one writer, and
    writers queued on this lock wake at once, while writers left to SQLite's busy
    handler sleep in steps of up to 100 ms and make every vote wait."""
    from asgiref.sync import sync_to_async

    def call(*args, **kwargs):
        from django.db import OperationalError, connections

        for attempt in range(LOCKED_RETRIES):
            try:
                if write and connections["default"].vendor == "sqlite":
                    with _sqlite_writer:
                        return fn(*args, **kwargs)
                return fn(*args, **kwargs)
            except OperationalError as exc:
                # SQLite's shared-cache (in-memory) mode answers "locked" at once instead of
                # waiting; the whole call was one transaction and rolled back, so retry it.
                if "locked" not in str(exc) or attempt == LOCKED_RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
            finally:
                for conn in connections.all(initialized_only=True):
                    if conn.errors_occurred and not conn.is_usable():
                        conn.close()

    return sync_to_async(call, thread_sensitive=_in_memory_sqlite())


def group_name(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


class Hub:
    """The live pages of one server process, per meeting, and the relay through which
    the process hears about each meeting's changes: one channel-layer channel per
    meeting with pages here, member of the meeting's group."""

    # Channel layers drop group members after a day (channels' `group_expiry`); a
    # sitting's relay renews its membership well before that.
    RENEW_SECONDS = 3600

    def __init__(self):
        self.pages: dict[int, dict] = {}
        self.relays: dict[int, asyncio.Task] = {}
        self.ready: dict[int, asyncio.Future] = {}
        self.delivery_cost: dict[int, float] = {}

    async def join(self, meeting_id: int, page) -> None:
        """Add a page; returns once the process's relay for the meeting is in the group,
        so that the state the page reads next cannot miss a change."""
        self.pages.setdefault(meeting_id, {})[page] = None
        if meeting_id not in self.relays:
            loop = asyncio.get_running_loop()
            self.ready[meeting_id] = ready = loop.create_future()
            self.relays[meeting_id] = loop.create_task(self._relay(meeting_id, ready), context=contextvars.Context())
        await asyncio.shield(self.ready[meeting_id])

    def leave(self, meeting_id: int, page) -> None:
        pages = self.pages.get(meeting_id)
        if pages is None:
            return
        pages.pop(page, None)
        if not pages:
            del self.pages[meeting_id]
            self.ready.pop(meeting_id, None)
            relay = self.relays.pop(meeting_id, None)
            if relay is not None:
                relay.cancel()

    async def deliver(self, meeting_id: int, texts: dict[str, str]) -> None:
        """One push to every page of the meeting in this process, one after the other:
        uvicorn's Sans-I/O protocol (`core.serving`) hands each frame to the transport
        without waiting for the network, so a slow tablet does not hold up the rest, and a
        task per page would cost more than the send itself."""
        changed(meeting_id)  # the change may have been made in another process
        await vote_batcher().settled(HOLD_PUSH_SECONDS)
        started = time.monotonic()
        for page in list(self.pages.get(meeting_id, ())):
            await page.push_text(texts[page.audience])
        self.delivery_cost[meeting_id] = time.monotonic() - started

    async def _relay(self, meeting_id: int, ready: asyncio.Future) -> None:
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        group = group_name(meeting_id)
        # The default prefix: channels-redis reads all of a process's own channels in one
        # loop that assumes they share it.
        channel = await layer.new_channel()
        try:
            await layer.group_add(group, channel)
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            raise
        ready.set_result(channel)
        receiving = None
        try:
            while True:
                receiving = receiving or asyncio.ensure_future(layer.receive(channel))
                done, _ = await asyncio.wait({receiving}, timeout=self.RENEW_SECONDS)
                if not done:
                    await layer.group_add(group, channel)
                    continue
                message, receiving = receiving.result(), None
                if message.get("type") == "meeting.state":
                    await self.deliver(meeting_id, message["texts"])
                    quiet_collector.voting(meeting_id, bool(message.get("voting")))
        finally:
            quiet_collector.voting(meeting_id, False)
            if receiving is not None:
                receiving.cancel()
            await layer.group_discard(group, channel)


class QuietCollector:
    """Keeps Python's cyclic garbage collector out of the way while a vote is open.

    With a chamber's sockets open, a full collection of a server process takes 110–240
    ms (measured); one that falls inside a vote storm holds every acknowledgement back
    by that much. While any meeting with pages in this process has an open poll the
    automatic collector is off (reference counting still frees almost everything); when
    the last such poll closes, or after MAX_SECONDS at the latest, it is back on and one
    collection runs a second later, after the result has gone out. Only in the process
    of `majlis serve` (`enabled` None: ask `core.serving`): a test process must not have
    its collector switched off."""

    MAX_SECONDS = 600.0
    COLLECT_AFTER = 1.0

    def __init__(self, enabled: bool | None = None):
        self.enabled = enabled
        self.open: set[int] = set()
        self.paused = False
        self.timed_out = False
        self.timer: asyncio.TimerHandle | None = None

    def voting(self, meeting_id: int, is_open: bool) -> None:
        import gc

        from majlis.core.serving import is_server_process

        if not (is_server_process() if self.enabled is None else self.enabled):
            return
        if is_open:
            self.open.add(meeting_id)
        else:
            self.open.discard(meeting_id)
        if not self.open:
            self.timed_out = False
            self.resume()
        elif not self.paused and not self.timed_out and gc.isenabled():
            gc.disable()
            self.paused = True
            self.timer = asyncio.get_running_loop().call_later(self.MAX_SECONDS, self._time_out)

    def _time_out(self) -> None:
        # Stays on until every poll here has closed, however long they stay open.
        self.timed_out = True
        self.resume()

    def resume(self) -> None:
        import gc

        if not self.paused:
            return
        self.paused = False
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        gc.enable()
        asyncio.get_running_loop().call_later(self.COLLECT_AFTER, gc.collect)


quiet_collector = QuietCollector()
_hubs: dict = {}


def hub() -> Hub:
    """The hub of the running event loop (a server process has one; tests may run several)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        for old in [old for old in _hubs if old.is_closed()]:
            del _hubs[old]
        found = _hubs[loop] = Hub()
    return found


def register_loop() -> None:
    """Called by consumers: from now on this process coalesces pushes on its loop."""
    global _loop
    _loop = asyncio.get_running_loop()


def broadcast(meeting_id: int, event: str = "state") -> None:
    from channels.layers import get_channel_layer

    changed(meeting_id)
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _loop
    if loop is not None and not loop.is_closed() and loop.is_running():
        # A fresh context: the caller's (a sync thread's) would make asgiref believe the
        # flush runs inside that thread and refuse its database call as a deadlock.
        loop.call_soon_threadsafe(_schedule, meeting_id, context=contextvars.Context())
        return
    from channels.layers import InMemoryChannelLayer

    if isinstance(layer, InMemoryChannelLayer) and not layer.groups.get(group_name(meeting_id)):
        return  # nobody in this process listens, and an in-memory layer reaches no other
    from asgiref.sync import async_to_sync

    # Built here, in the caller's thread and connection (a worker or the command line):
    # `db_call` inside a fresh event loop would open a connection per call in a thread
    # that is gone afterwards.
    async_to_sync(_send_views)(meeting_id, build_views(meeting_id))


def _schedule(meeting_id: int) -> None:
    with _lock:
        if meeting_id in _pending:
            return
        _pending.add(meeting_id)
    asyncio.get_running_loop().create_task(_flush_later(meeting_id), context=contextvars.Context())


_last_cost: dict[int, float] = {}


async def _flush_later(meeting_id: int) -> None:
    # Wait at least as long as the previous push took: during a vote storm pushes then
    # use at most about half of the event loop, and votes keep being read and acked.
    await asyncio.sleep(max(DEBOUNCE, _last_cost.get(meeting_id, 0.0) + hub().delivery_cost.get(meeting_id, 0.0)))
    # Built once the votes being written are in it (and their acks out, see
    # VoteBatcher.settled): not a state the next batch makes stale at once.
    await vote_batcher().settled(HOLD_PUSH_SECONDS)
    with _lock:
        # Cleared before building, so a change made while we build schedules another push.
        _pending.discard(meeting_id)
    started = time.monotonic()
    try:
        await send_state(meeting_id)
    finally:
        _last_cost[meeting_id] = min(time.monotonic() - started, 1.0)


async def send_state(meeting_id: int) -> None:
    await _send_views(meeting_id, await db_call(build_views)(meeting_id))


async def _send_views(meeting_id: int, views: dict | None) -> None:
    from channels.layers import get_channel_layer

    if views is not None:
        # Encoded once per audience here, not once per connection in each consumer: with a
        # thousand observers the JSON encoding, not the sending, was the cost of a push.
        texts = {audience: json.dumps({"type": "state", "state": view}, ensure_ascii=False) for audience, view in views.items()}
        poll = views[PUBLIC]["poll"]
        voting = bool(poll and poll["state"] == "open")
        await get_channel_layer().group_send(group_name(meeting_id), {"type": "meeting.state", "texts": texts, "voting": voting})


def build_views(meeting_id: int) -> dict | None:
    from majlis.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body", "current_item", "session").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    base = _common_state(meeting)
    return {audience: _for(base, audience) for audience in AUDIENCES}


def state_for(meeting_id: int, audience: str) -> dict | None:
    views = build_views(meeting_id)
    return views[audience] if views else None


# The views a page gets when it connects, kept briefly: when a chamber's tablets all
# reconnect at once (a Wi-Fi blip, the start of a sitting), building the state per page
# was most of the server's work. Every change (`broadcast`, or a relayed push from another
# process) moves the meeting's generation on, and views built across a change are not
# kept. The time limit bounds what a change this process never hears of can leave stale.
CONNECT_STATE_SECONDS = 2.0
_connect_views: dict[int, tuple[int, float, dict]] = {}
_generation: dict[int, int] = {}


def changed(meeting_id: int) -> None:
    with _lock:
        _generation[meeting_id] = _generation.get(meeting_id, 0) + 1
        _connect_views.pop(meeting_id, None)


def connect_state(meeting_id: int, audience: str) -> dict | None:
    """`state_for`, served from the views built for another page that connected within the
    last CONNECT_STATE_SECONDS when nothing changed since; the speaker's remaining time is
    brought up to now."""
    now = time.monotonic()
    cached = _connect_views.get(meeting_id)
    if cached is None or cached[0] != _generation.get(meeting_id, 0) or now - cached[1] > CONNECT_STATE_SECONDS:
        generation = _generation.get(meeting_id, 0)
        views = build_views(meeting_id)
        if views is None:
            return None
        with _lock:
            if _generation.get(meeting_id, 0) == generation:
                _connect_views[meeting_id] = cached = (generation, now, views)
            else:
                return views[audience]
    _gen, built, views = cached
    state = dict(views[audience])
    speaker = state.get("speaker")
    if speaker and speaker["state"] == "speaking":
        state["speaker"] = {**speaker, "remaining": round(speaker["remaining"] - (now - built), 1)}
    state["server_time"] = timezone.now().isoformat()
    return state


def _bi(ar: str, en: str) -> dict:
    return {"ar": ar or en, "en": en or ar}


def _poll_state(poll) -> dict:
    from majlis.meetings.services.voting import counts, votes_cast

    return {
        "id": poll.pk, "title": _bi(poll.title_ar, poll.title_en), "kind": poll.kind, "state": poll.state,
        "majority": poll.majority, "options": poll.options, "votes_cast": votes_cast(poll), "counts": counts(poll),
        "adopted": poll.adopted, "members": poll.members_count, "present": poll.present_count,
        "allow_vote_change": poll.allow_vote_change,
    }


def _common_state(meeting) -> dict:
    from majlis.meetings.models import Poll
    from majlis.meetings.services import speakers
    from majlis.meetings.services.attendance import quorum

    now = timezone.now()
    item = meeting.current_item
    current = speakers.current(meeting)
    waiting = speakers.queue(meeting)
    poll = meeting.polls.filter(state=Poll.State.OPEN).first() or meeting.polls.filter(state=Poll.State.CLOSED).order_by("-closed_at").first()
    return {
        "meeting": {
            "id": meeting.pk, "title": _bi(meeting.title_ar, meeting.title_en), "state": meeting.state,
            "number": meeting.number, "body": _bi(meeting.body.name_ar, meeting.body.name_en),
        },
        "item": {"id": item.pk, "number": item.number, "title": _bi(item.title_ar, item.title_en)} if item else None,
        "speaker": {
            "id": current.pk, "person_id": current.person_id, "name": _bi(current.person.name_ar, current.person.name_en),
            "kind": current.kind, "state": current.state, "limit": current.time_limit_seconds,
            "remaining": round(speakers.remaining_seconds(current, now), 1), "started_at": current.started_at.isoformat(),
        } if current else None,
        "queue": [
            {"id": s.pk, "person_id": s.person_id, "name": _bi(s.person.name_ar, s.person.name_en), "kind": s.kind, "moves": moves}
            for s, moves in zip(waiting, speakers.moves(waiting))
        ],
        "poll": _poll_state(poll) if poll else None,
        "quorum": quorum(meeting),
        "server_time": now.isoformat(),
    }


def _for(base: dict, audience: str) -> dict:
    state = dict(base)
    poll = state.get("poll")
    if poll and poll["kind"] == "secret" and poll["state"] == "open":
        # While a secret ballot is open only the number of ballots is shown: live counts
        # per option, watched vote by vote, would tie a choice to whoever just voted (staff included).
        state["poll"] = {**poll, "counts": None}
    state["audience"] = audience
    return state


class VoteBatcher:
    """Group commit for votes arriving over WebSockets: votes that arrive while the
    previous batch is being written go into the next one, so a storm of N votes costs a
    few transactions instead of N. Each vote is still acknowledged only after the
    transaction holding it committed."""

    MAX_BATCH = 500
    GATHER_SECONDS = 0.03

    def __init__(self):
        self.pending: list = []
        self.running = False
        self._idle: asyncio.Future | None = None

    async def settled(self, timeout: float) -> None:
        """Returns once no vote is waiting or being written in this process and the acks of
        the last batch have gone out, or after `timeout`. Pushes wait for this: a push to
        every page takes the event loop for tens of milliseconds, and the acks it would
        hold up are the latency members feel; the tally they carry is newer for waiting."""
        if not self.running:
            return
        if self._idle is None:
            self._idle = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait_for(asyncio.shield(self._idle), timeout)
        except TimeoutError:
            pass

    async def submit(self, actor, poll_id: int, choice: str, meeting_id: int):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((actor, poll_id, choice, meeting_id, future))
        if not self.running:
            self.running = True
            loop.create_task(self._drain(), context=contextvars.Context())
        return await future

    async def _drain(self):
        from majlis.meetings.services.voting import cast_votes

        try:
            # Let the votes already on their way join the first batch: while a storm's frames
            # keep arriving (up to GATHER_SECONDS), wait, and write the storm in one
            # transaction once its frames have been read. A batch written while frames were
            # still being read lost the GIL to the event loop at each of its queries and took
            # two to three times as long, holding back the acks of every vote behind it. A
            # lone vote waits a millisecond (one loop turn made the first vote of a storm a
            # batch of its own, whose transaction the rest then waited for).
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.GATHER_SECONDS
            seen = 0
            while len(self.pending) > seen and loop.time() < deadline:
                seen = len(self.pending)
                await asyncio.sleep(0.001)
            while self.pending:
                batch, self.pending = self.pending[: self.MAX_BATCH], self.pending[self.MAX_BATCH:]
                try:
                    results = await db_call(cast_votes, write=True)([entry[:4] for entry in batch])
                except Exception as exc:  # noqa: BLE001 - every waiting vote must hear about it
                    results = [exc] * len(batch)
                # Each page's own task sends its ack: the batcher only wakes it. Sending
                # from here would await each socket in turn, and one tablet that stopped
                # reading (its socket paused, uvicorn's send waiting) would hold every
                # later ack and batch until TCP gave up on it.
                for (*_vote, future), result in zip(batch, results):
                    if future.done():
                        continue
                    if isinstance(result, BaseException):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self.running = False
            # Resolved after every vote's future: the pages' ack steps are queued first.
            idle, self._idle = self._idle, None
            if idle is not None and not idle.done():
                idle.set_result(None)


_batchers: dict = {}


def vote_batcher() -> VoteBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        batcher = _batchers[loop] = VoteBatcher()
    return batcher

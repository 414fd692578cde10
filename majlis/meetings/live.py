"""Live state of a meeting and its delivery to connected pages.

A change calls `broadcast(meeting_id)` after commit. In a server process the calls are
coalesced on the event loop for `DEBOUNCE` seconds, then the state is built once per
audience (staff / member / public, see `permissions.audience`) and sent to the meeting's
group; each consumer forwards the view its user may see. Coalescing is what keeps 500
simultaneous votes from turning into 500 × (number of observers) messages.
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


def register_loop() -> None:
    """Called by consumers: from now on this process coalesces pushes on its loop."""
    global _loop
    _loop = asyncio.get_running_loop()


def broadcast(meeting_id: int, event: str = "state") -> None:
    from channels.layers import get_channel_layer

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

    async_to_sync(send_state)(meeting_id)


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
    await asyncio.sleep(max(DEBOUNCE, _last_cost.get(meeting_id, 0.0)))
    with _lock:
        # Cleared before building, so a change made while we build schedules another push.
        _pending.discard(meeting_id)
    started = time.monotonic()
    try:
        await send_state(meeting_id)
    finally:
        _last_cost[meeting_id] = min(time.monotonic() - started, 1.0)


async def send_state(meeting_id: int) -> None:
    from channels.layers import get_channel_layer

    views = await db_call(build_views)(meeting_id)
    if views is not None:
        # Encoded once per audience here, not once per connection in each consumer: with a
        # thousand observers the JSON encoding, not the sending, was the cost of a push.
        texts = {audience: json.dumps({"type": "state", "state": view}, ensure_ascii=False) for audience, view in views.items()}
        await get_channel_layer().group_send(group_name(meeting_id), {"type": "meeting.state", "texts": texts})


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
            {"id": s.pk, "person_id": s.person_id, "name": _bi(s.person.name_ar, s.person.name_en), "kind": s.kind}
            for s in speakers.queue(meeting)
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

    def __init__(self):
        self.pending: list = []
        self.running = False

    async def submit(self, actor, poll_id: int, choice: str):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((actor, poll_id, choice, future))
        if not self.running:
            self.running = True
            loop.create_task(self._drain(), context=contextvars.Context())
        return await future

    async def _drain(self):
        from majlis.meetings.services.voting import cast_votes

        try:
            await asyncio.sleep(0)  # let votes already read from other sockets join
            while self.pending:
                batch, self.pending = self.pending[: self.MAX_BATCH], self.pending[self.MAX_BATCH:]
                try:
                    results = await db_call(cast_votes, write=True)([(a, p, c) for a, p, c, _f in batch])
                except Exception as exc:  # noqa: BLE001 - every waiting vote must hear about it
                    results = [exc] * len(batch)
                for (_a, _p, _c, future), result in zip(batch, results):
                    if future.done():
                        continue
                    if isinstance(result, BaseException):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self.running = False


_batchers: dict = {}


def vote_batcher() -> VoteBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        batcher = _batchers[loop] = VoteBatcher()
    return batcher

"""Live vote under load: the real ASGI server, N members and M observers on WebSockets,
every member votes at the same moment.

    python benchmarks/live_vote.py                      # N=500, M=1000, in-memory layer
    python benchmarks/live_vote.py --layer redis --servers 2
    python benchmarks/live_vote.py --members 100 --observers 200 --json

Reports vote-acknowledgement latency (p50/p99, from sending the vote to its ack, which
the server sends only after the vote's transaction committed), the time until every
observer holds the final tally (measured from the first vote sent, and from the last
ack), how long the client took to send every vote (`votes_sent_within_ms`), and errors;
then checks the database: exactly one vote per member, none lost.
Members and observers run in two client processes (one clock: CLOCK_MONOTONIC), so the
observers' parsing does not inflate the members' latency.

The database is a throw-away SQLite file (or --database-url for PostgreSQL). Setup writes
members, logins and sessions in bulk (it is not what is measured); the meeting itself is
created, convened and opened through the services and the poll is opened over HTTP, as a
clerk would.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(data_dir: str, database_url: str, redis_url: str) -> None:
    os.environ["MAJLIS_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "majlis.settings"
    os.environ["MAJLIS_REDIS_URL"] = redis_url
    if database_url:
        os.environ["MAJLIS_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_sitting(members: int):
    """A chamber of `members` members with logins and sessions, and an open sitting."""
    import datetime as dt

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from majlis.core import services as core
    from majlis.core import tokens
    from majlis.core.models import Membership, Person
    from majlis.meetings import services
    from majlis.meetings.models import AttendanceEvent

    User = get_user_model()
    stamp = int(time.time())
    chamber = core.create_organization(None, name_ar="مجلس القياس", name_en=f"Benchmark Council {stamp}", classification="chamber")
    term = core.create_term(None, chamber=chamber, number=1, start_date=dt.date(2020, 1, 1))
    session = core.create_session(None, term=term, number=1, start_date=dt.date(2020, 1, 1))
    password = make_password("unused-password-123")
    users = User.objects.bulk_create([User(username=f"bench{stamp}-{i}", password=password) for i in range(members)])
    users = list(User.objects.filter(username__startswith=f"bench{stamp}-").order_by("id"))
    Group.objects.get(name="member").user_set.add(*users)
    people = Person.objects.bulk_create([Person(name_ar=f"عضو {i}", name_en=f"Member {i}", user=u) for i, u in enumerate(users)])
    Membership.objects.bulk_create([Membership(person=p, organization=chamber) for p in people])
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    clerk = User.objects.create_user(f"bench{stamp}-clerk")
    clerk.groups.add(Group.objects.get(name="clerk"))
    token = tokens.issue(None, clerk, "benchmark")
    meeting = services.create_meeting(clerk, body=chamber, session=session, title_en="Benchmark sitting", start=timezone.now())
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    now = timezone.now()
    AttendanceEvent.objects.bulk_create([AttendanceEvent(meeting=meeting, person=p, status="present", time=now) for p in people])
    poll = services.create_poll(clerk, meeting, title_en="Benchmark vote", kind="named")
    return meeting.pk, poll.pk, cookies, token


def start_servers(count: int, env: dict) -> list[tuple[subprocess.Popen, int]]:
    import socket

    servers = []
    for _ in range(count):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        # `majlis serve` itself (same uvicorn options as a deployment), without the task worker.
        proc = subprocess.Popen([sys.executable, "-m", "majlis.cli", "serve", "--no-migrate", "--no-worker", "--host", "127.0.0.1",
                                 "--port", str(port)], env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL)
        servers.append((proc, port))
    for proc, port in servers:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("server did not start")
                time.sleep(0.1)
    return servers


class Observer:
    def __init__(self, members: int):
        self.members = members
        self.final_at: float | None = None
        self.open_seen = asyncio.Event()

    def see(self, state: dict) -> None:
        poll = state.get("poll") if state else None
        if not poll:
            return
        if poll["state"] == "open":
            self.open_seen.set()
            if self.final_at is None and poll["votes_cast"] == self.members:
                self.final_at = time.perf_counter()


async def connect(url: str, origin: str, cookie: str | None, retries: int = 20):
    import websockets

    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    for attempt in range(retries):
        try:
            ws = await websockets.connect(url, origin=origin, additional_headers=headers, open_timeout=60, max_queue=None)
            first = json.loads(await asyncio.wait_for(ws.recv(), 120))
            return ws, first
        except (OSError, asyncio.TimeoutError, Exception):  # noqa: BLE001 - retried, then counted as an error
            if attempt == retries - 1:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))


def observe(conn, args, meeting_id: int, bases: list[str]) -> None:
    """The observers, in a process of their own: what they spend parsing a thousand
    state messages per push must not be counted in the members' ack latency."""

    async def main():
        errors: list[str] = []
        observers = [Observer(args.members) for _ in range(args.observers)]
        sem = asyncio.Semaphore(args.connect_parallel)
        ws_path = f"/ws/meetings/{meeting_id}/?view=projector"

        async def open_observer(i, obs):
            base = bases[i % len(bases)]
            async with sem:
                ws, first = await connect(base.replace("http", "ws") + ws_path, base, None)
            obs.see(first.get("state"))

            async def listen():
                try:
                    async for raw in ws:
                        message = json.loads(raw)
                        if message.get("type") == "state":
                            obs.see(message["state"])
                except Exception as exc:  # noqa: BLE001
                    errors.append(f"observer {i}: {exc!r}")

            return ws, asyncio.create_task(listen())

        links = await asyncio.gather(*(open_observer(i, o) for i, o in enumerate(observers)))
        conn.send("connected")
        await asyncio.wait_for(asyncio.gather(*(o.open_seen.wait() for o in observers)), 120)
        gc.disable()  # the clients' own collection pauses are not the server's latency
        conn.send("open_seen")
        deadline = time.perf_counter() + 180
        while any(o.final_at is None for o in observers) and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        finals = [o.final_at for o in observers if o.final_at is not None]
        missing = sum(1 for o in observers if o.final_at is None)
        if missing:
            errors.append(f"{missing} observers never saw the final tally")
        # Reported before closing, so that closing a thousand sockets is not counted in
        # the server's CPU time for the storm.
        conn.send({"last_final": max(finals) if finals else None, "errors": list(errors)})
        for ws, task in links:
            task.cancel()
            await ws.close()

    asyncio.run(main())


def from_observers(conn, watcher, timeout: float = 600):
    """The observer process's next message; an error, not a hang, if it died."""
    deadline = time.monotonic() + timeout
    while not conn.poll(0.5):
        if not watcher.is_alive():
            raise RuntimeError(f"the observer process died (exit code {watcher.exitcode})")
        if time.monotonic() > deadline:
            raise RuntimeError("no word from the observer process")
    return conn.recv()


def server_cpu_seconds(pids: list[int]) -> float:
    """CPU time the server processes have used (user + system). On a shared machine wall
    times vary with the load; the CPU a vote storm costs the server does not."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def run(args, meeting_id: int, poll_id: int, cookies: list[str], token: str, ports: list[int], server_pids: list[int]) -> dict:
    import multiprocessing
    import urllib.request

    errors: list[str] = []
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    ws_path = f"/ws/meetings/{meeting_id}/"
    sem = asyncio.Semaphore(args.connect_parallel)
    loop = asyncio.get_running_loop()

    parent, child = multiprocessing.Pipe()
    from django.db import connections

    connections.close_all()  # the observer process is forked and must not share them
    watcher = multiprocessing.get_context("fork").Process(target=observe, args=(child, args, meeting_id, bases), daemon=True)
    started = time.perf_counter()
    watcher.start()
    assert await loop.run_in_executor(None, from_observers, parent, watcher) == "connected"

    async def open_member(i, cookie):
        base = bases[(i + 1) % len(bases)]
        async with sem:
            ws, _first = await connect(base.replace("http", "ws") + ws_path, base, cookie)
        return ws

    member_sockets = await asyncio.gather(*(open_member(i, c) for i, c in enumerate(cookies)))
    connect_seconds = time.perf_counter() - started

    request = urllib.request.Request(f"{bases[0]}/api/meetings/polls/{poll_id}/open", method="POST", data=b"{}",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=60).read()
    assert await loop.run_in_executor(None, from_observers, parent, watcher) == "open_seen"

    latencies: list[float] = []
    acks_done: list[float] = []
    cpu_before = server_cpu_seconds(server_pids)

    sent_at: list[float] = [0.0] * len(member_sockets)

    async def await_ack(i, ws):
        async with asyncio.timeout(120):
            while True:
                raw = await ws.recv()
                # The tablets here share the server's two cores: skip decoding the state
                # pushes they also get, so that the latency measured is the server's.
                if raw.startswith('{"type": "state"'):
                    continue
                message = json.loads(raw)
                if message.get("ref") == 1:
                    done = time.perf_counter()
                    if message["type"] == "ack":
                        latencies.append((done - sent_at[i]) * 1000)
                        acks_done.append(done)
                    else:
                        errors.append(f"member {i}: {message.get('errors')}")
                    return

    # Every member votes at once: the frames are written in one loop, each vote's clock
    # started just before its own frame. One task per member sending its own frame took the
    # client 30-56 us a vote in task switches (500 votes spread over 15-28 ms; in one loop
    # 7-17 ms), and the votes sent first then waited for the client to send the rest: its
    # cost, not the server's. `votes_sent_within_ms` reports the spread.
    frames = [json.dumps({"ref": 1, "action": "vote", "poll": poll_id, "choice": choice})
              for choice in ("yes", "no", "abstain")]
    waiting = [asyncio.create_task(await_ack(i, ws)) for i, ws in enumerate(member_sockets)]
    await asyncio.sleep(0)  # every ack reader is waiting before the first vote goes
    gc.disable()  # the clients' own collection pauses are not the server's latency
    for i, ws in enumerate(member_sockets):
        sent_at[i] = time.perf_counter()
        await ws.send(frames[i % 3])
    all_sent = time.perf_counter()
    await asyncio.gather(*waiting)
    gc.enable()
    first_sent = min(sent_at)
    report = await loop.run_in_executor(None, from_observers, parent, watcher)
    storm_cpu = server_cpu_seconds(server_pids) - cpu_before
    watcher.join(timeout=30)
    errors.extend(report["errors"])
    for ws in member_sockets:
        await ws.close()
    last_final = report["last_final"]
    last_ack = max(acks_done) if acks_done else first_sent
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0] * 99
    return {
        "members": args.members, "observers": args.observers, "layer": args.layer, "servers": len(ports),
        "connect_s": round(connect_seconds, 1), "acks": len(latencies),
        "ack_p50_ms": round(q[49], 1), "ack_p99_ms": round(q[98], 1), "ack_max_ms": round(max(latencies or [0]), 1),
        "votes_sent_within_ms": round((all_sent - first_sent) * 1000, 1),
        "all_acked_ms": round((last_ack - first_sent) * 1000, 1),
        "final_tally_from_first_vote_ms": round((last_final - first_sent) * 1000, 1) if last_final else None,
        "fanout_after_last_ack_ms": round((last_final - last_ack) * 1000, 1) if last_final else None,
        "server_cpu_storm_ms": round(storm_cpu * 1000, 1),
        "errors": len(errors), "error_samples": errors[:5],
    }


def baseline(poll_id: int, members: int) -> dict:
    """The same N votes, in this process, one `cast_vote` transaction each, no server and
    no observers: what the live path is compared with in the same run."""
    from django.contrib.auth import get_user_model

    from majlis.meetings import services
    from majlis.meetings.models import Poll

    poll = Poll.objects.get(pk=poll_id)
    clerk = get_user_model().objects.filter(username__endswith="-clerk").order_by("-id").first()
    services.close_poll(clerk, poll)
    second = services.open_poll(clerk, services.create_poll(clerk, poll.meeting, title_en="Baseline vote", kind="named"))
    voters = list(get_user_model().objects.filter(person__memberships__organization=poll.meeting.body).order_by("id")[:members])
    started = time.perf_counter()
    for i, user in enumerate(voters):
        services.cast_vote(user, second, ("yes", "no", "abstain")[i % 3])
    serial_ms = (time.perf_counter() - started) * 1000
    return {"baseline_serial_in_process_ms": round(serial_ms, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--observers", type=int, default=1000)
    parser.add_argument("--layer", choices=["memory", "redis"], default="memory")
    parser.add_argument("--redis-url", default=os.environ.get("MAJLIS_REDIS_URL") or "redis://127.0.0.1:6379/12")
    parser.add_argument("--servers", type=int, default=1, help="server processes (more than one needs --layer redis)")
    parser.add_argument("--database-url", default="", help="default: a throw-away SQLite file")
    parser.add_argument("--connect-parallel", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.servers > 1 and args.layer != "redis":
        parser.error("several server processes share a sitting only through Redis (--layer redis)")

    with tempfile.TemporaryDirectory(prefix="majlis-bench-") as data_dir:
        redis_url = args.redis_url if args.layer == "redis" else ""
        setup_django(data_dir, args.database_url, redis_url)
        meeting_id, poll_id, cookies, token = build_sitting(args.members)
        env = {**os.environ, "MAJLIS_DATA_DIR": data_dir, "MAJLIS_REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
        servers = start_servers(args.servers, env)
        try:
            result = asyncio.run(run(args, meeting_id, poll_id, cookies, token, [p for _, p in servers], [proc.pid for proc, _ in servers]))
        finally:
            for proc, _ in servers:
                proc.terminate()
            for proc, _ in servers:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        from majlis.meetings.models import Vote

        stored = Vote.objects.filter(poll_id=poll_id)
        result["votes_stored"] = stored.count()
        result["distinct_voters"] = stored.values("person").distinct().count()
        result["lost_votes"] = result["acks"] - result["votes_stored"] if result["acks"] > result["votes_stored"] else 0
        result["double_votes"] = result["votes_stored"] - result["distinct_voters"]
        result.update(baseline(poll_id, args.members))
    if result.get("baseline_serial_in_process_ms"):
        result["all_acked_vs_baseline"] = round(result["all_acked_ms"] / result["baseline_serial_in_process_ms"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")
    return 0 if result["errors"] == 0 and result["double_votes"] == 0 and result["votes_stored"] == args.members else 1


if __name__ == "__main__":
    sys.exit(main())

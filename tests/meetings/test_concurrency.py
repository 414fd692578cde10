"""Races that only a real multi-connection database shows: many members voting at once
(and twice), numbers allocated by concurrent clerks, a server killed mid-poll, and two
server processes sharing one sitting through Redis."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from majlis.meetings import services
from majlis.meetings.models import Poll, PollTally, Vote
from tests.meetings.conftest import build_council
from tests.meetings.live_helpers import LiveClient, ServerProcess, database_url, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.slow]

requires_postgres = pytest.mark.skipif(
    "postgresql" not in os.environ.get("MAJLIS_TEST_DATABASE_URL", ""),
    reason="needs PostgreSQL (MAJLIS_TEST_DATABASE_URL): the SQLite test database is one in-memory connection "
    "shared by threads and invisible to other processes, so it cannot show these races",
)


def _sitting(clerk, size):
    council = build_council(size, name=f"Race Council {size}")
    meeting = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="Race", start=timezone.now())
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    for person in council.members:
        services.record_attendance(clerk, meeting, person, "present")
    return council, meeting


def _storm(users, poll_id, choices_for, attempts=2):
    """Every user votes `attempts` times, all threads released at once."""
    jobs = [(user, choices_for(i, n)) for i, user in enumerate(users) for n in range(attempts)]
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def vote(job):
        user, choice = job
        barrier.wait()
        try:
            return ("ok", services.cast_vote(user, poll_id, choice))
        except ValidationError as exc:
            return ("refused", exc.message_dict)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(pool.map(vote, jobs))
    return outcomes


@requires_postgres
@pytest.mark.parametrize("kind", ["named", "secret"])
def test_many_members_voting_at_once_and_twice_count_once(clerk, kind):
    council, meeting = _sitting(clerk, 40)
    services.set_rules(clerk, council.chamber, vote_changes_allowed=False)
    poll = services.open_poll(clerk, services.create_poll(clerk, meeting, title_en="Race", kind=kind))
    outcomes = _storm(council.users, poll.pk, lambda i, n: "yes" if i % 2 else "no")
    assert sum(1 for o in outcomes if o[0] == "ok") == 40
    assert sum(1 for o in outcomes if o[0] == "refused") == 40
    assert Vote.objects.filter(poll=poll).count() == 40
    assert Vote.objects.filter(poll=poll).values("person").distinct().count() == 40
    poll = services.close_poll(clerk, poll)
    assert poll.result == {"yes": 20, "no": 20, "abstain": 0} and poll.votes_cast == 40
    if kind == "secret":
        assert sum(PollTally.objects.filter(poll=poll).values_list("count", flat=True)) == 40


@requires_postgres
def test_concurrent_vote_changes_leave_one_vote_each(clerk):
    council, meeting = _sitting(clerk, 30)
    poll = services.open_poll(clerk, services.create_poll(clerk, meeting, title_en="Change", kind="named"))
    outcomes = _storm(council.users, poll.pk, lambda i, n: ["yes", "no"][n])
    assert all(o[0] == "ok" for o in outcomes)
    assert Vote.objects.filter(poll=poll).count() == 30
    assert set(Vote.objects.filter(poll=poll).values_list("choice", flat=True)) <= {"yes", "no"}


@requires_postgres
def test_concurrent_convening_never_duplicates_a_number(clerk):
    council = build_council(2, name="Numbering Council")
    meetings = [services.create_meeting(clerk, body=council.chamber, session=council.session, title_en=f"S{i}", start=timezone.now())
                for i in range(12)]
    barrier = threading.Barrier(len(meetings))

    def convene(meeting):
        barrier.wait()
        try:
            return services.transition(clerk, meeting, "convene").number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(meetings)) as pool:
        numbers = list(pool.map(convene, meetings))
    assert sorted(numbers) == list(range(1, 13))


@requires_postgres
def test_killed_server_keeps_every_acknowledged_vote(clerk, tmp_path):
    council, meeting = _sitting(clerk, 24)
    poll = services.open_poll(clerk, services.create_poll(clerk, meeting, title_en="Crash", kind="named"))
    cookies = [session_cookie(u) for u in council.users]
    server = ServerProcess(database_url(), str(tmp_path)).start()
    acked, lock = set(), threading.Lock()
    try:
        clients = [LiveClient(server.url, meeting.pk, cookie=c) for c in cookies]
        for c in clients:
            c.recv()
        half = threading.Event()

        def vote(i):
            try:
                reply = clients[i].call(action="vote", poll=poll.pk, choice="yes", timeout=15)
            except Exception:  # the server died under us: not acknowledged
                return
            if reply["type"] == "ack":
                with lock:
                    acked.add(council.members[i].pk)
                    if len(acked) >= 8:
                        half.set()

        threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(clients))]
        for t in threads:
            t.start()
        half.wait(timeout=20)
        server.kill()  # mid-poll: some votes acknowledged, others in flight
        for t in threads:
            t.join(timeout=20)
    finally:
        server.kill()
    assert len(acked) >= 8
    server = ServerProcess(database_url(), str(tmp_path), port=server.port).start()
    try:
        stored = set(Vote.objects.filter(poll=poll).values_list("person_id", flat=True))
        assert acked <= stored
        observer = LiveClient(server.url, meeting.pk, projector=True)
        state = observer.recv()["state"]
        assert state["poll"]["state"] == "open" and state["poll"]["counts"]["yes"] == len(stored)
        observer.close()
    finally:
        server.stop()
    assert Poll.objects.get(pk=poll.pk).state == "open"  # the sitting goes on after the restart


@requires_postgres
def test_two_server_processes_share_one_sitting_through_redis(clerk, tmp_path):
    redis_url = os.environ.get("MAJLIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
    try:
        import redis

        redis.Redis.from_url(redis_url).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no Redis to test with
        pytest.skip(f"no Redis at {redis_url}: {exc}")
    council, meeting = _sitting(clerk, 6)
    poll = services.open_poll(clerk, services.create_poll(clerk, meeting, title_en="Two", kind="named"))
    a = ServerProcess(database_url(), str(tmp_path / "a"), redis_url=redis_url).start()
    b = ServerProcess(database_url(), str(tmp_path / "b"), redis_url=redis_url).start()
    try:
        observer = LiveClient(b.url, meeting.pk, projector=True)
        observer.recv()
        voters = [LiveClient(a.url, meeting.pk, user=u) for u in council.users[:4]]
        for v in voters:
            assert v.call(action="vote", poll=poll.pk, choice="yes")["type"] == "ack"
        started = time.monotonic()
        observer.wait_for(lambda s: s["poll"] and s["poll"]["counts"]["yes"] == 4, timeout=10)
        assert time.monotonic() - started < 5
        # And the other way round: a floor request on B reaches a tablet on A.
        tablet = voters[0]
        requester = LiveClient(b.url, meeting.pk, user=council.users[5])
        assert requester.call(action="request_floor")["type"] == "ack"
        tablet.wait_for(lambda s: [q["person_id"] for q in s["queue"]] == [council.members[5].pk])
        for c in voters + [observer, requester]:
            c.close()
    finally:
        a.stop()
        b.stop()


@requires_postgres
def test_concurrent_vote_batches_from_several_servers_count_once(clerk):
    """Group-committed batches (the WebSocket path) racing each other, as two server
    processes would: overlapping members, each exactly once."""
    from majlis.meetings.services.voting import cast_votes

    council, meeting = _sitting(clerk, 40)
    services.set_rules(clerk, council.chamber, vote_changes_allowed=False)
    poll = services.open_poll(clerk, services.create_poll(clerk, meeting, title_en="Batches", kind="secret"))
    batches = [[(u, poll.pk, "yes") for u in council.users[start:start + 25]] for start in (0, 5, 10, 15)]
    barrier = threading.Barrier(len(batches))

    def run(batch):
        barrier.wait()
        try:
            return cast_votes(batch)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        results = [r for rs in pool.map(run, batches) for r in rs]
    accepted = [r for r in results if isinstance(r, dict)]
    assert len(accepted) == 40
    assert Vote.objects.filter(poll=poll).count() == 40
    assert sum(PollTally.objects.filter(poll=poll).values_list("count", flat=True)) == 40


@requires_postgres
def test_two_workers_reminding_at_once_mail_each_owner_once(monkeypatch):
    """Each worker enqueues the day's reminders (core.daily). With mail that takes a while
    to send, two runs at once both find every item due; the claim under the row's lock
    lets only one of them mail it."""
    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend

    from majlis.core import services as core
    from majlis.meetings.services.followup import send_reminders

    person = core.create_person(None, name_ar="المالك", name_en="Owner", email="owner@example.org")
    for i in range(10):
        services.create_action_item(None, title_en=f"Task {i}", owner_person=person, due_date=timezone.localdate())
    sending = EmailBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.3)  # an SMTP server's answer: the other run reads the items meanwhile
        return sending(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    start = threading.Barrier(2)

    def remind(_):
        start.wait()
        try:
            return send_reminders()
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        sent = sorted(pool.map(remind, range(2)))
    assert sent == [0, 10] and len(mail.outbox) == 10

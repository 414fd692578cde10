"""The state a page gets on connecting: served from views built moments ago for another
page, never across a change this process has heard of, never older than the limit."""

import pytest

from majlis.meetings import live, services
from tests.meetings.conftest import build_council, open_sitting


@pytest.fixture
def sitting(db, clerk):
    council = build_council(4, name="Connect Council")
    meeting = open_sitting(clerk, council, "Connect", present=False)
    live.changed(meeting.pk)
    return council, meeting


def test_a_change_heard_after_commit_is_in_the_next_connect_state(sitting, clerk, django_capture_on_commit_callbacks):
    council, meeting = sitting
    assert live.connect_state(meeting.pk, "public")["quorum"]["present"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.record_attendance(clerk, meeting, council.members[0], "present")
    assert live.connect_state(meeting.pk, "public")["quorum"]["present"] == 1


def test_views_are_reused_only_within_the_time_limit(sitting, clerk, monkeypatch):
    council, meeting = sitting
    live.connect_state(meeting.pk, "member")
    # A change this process never hears of (made by a process that cannot reach it).
    services.record_attendance(clerk, meeting, council.members[0], "present")
    assert live.connect_state(meeting.pk, "member")["quorum"]["present"] == 0
    monkeypatch.setattr(live, "CONNECT_STATE_SECONDS", 0.0)
    assert live.connect_state(meeting.pk, "member")["quorum"]["present"] == 1


def test_views_built_across_a_change_are_not_kept(sitting, monkeypatch):
    _council, meeting = sitting
    builds = []
    real = live.build_views

    def build_while_a_change_commits(meeting_id):
        builds.append(meeting_id)
        views = real(meeting_id)
        if len(builds) == 1:
            live.changed(meeting_id)
        return views

    monkeypatch.setattr(live, "build_views", build_while_a_change_commits)
    live.connect_state(meeting.pk, "public")
    live.connect_state(meeting.pk, "public")
    live.connect_state(meeting.pk, "public")
    assert len(builds) == 2  # the first was not kept; the second was, and served the third


def test_the_speaker_s_remaining_time_is_brought_up_to_now(sitting, clerk, monkeypatch):
    council, meeting = sitting
    services.request_floor(council.users[1], meeting, council.members[1])
    services.next_speaker(clerk, meeting)
    live.changed(meeting.pk)
    clock = [1000.0]
    monkeypatch.setattr(live, "CONNECT_STATE_SECONDS", 60.0)
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    first = live.connect_state(meeting.pk, "public")["speaker"]["remaining"]
    clock[0] += 30
    later = live.connect_state(meeting.pk, "public")["speaker"]["remaining"]
    assert first - later == pytest.approx(30, abs=0.2)


def test_a_chamber_opening_the_tablet_page_at_once_builds_the_state_once(sitting, clerk, monkeypatch, django_capture_on_commit_callbacks):
    """The tablet page's first state is the sockets' first state: one build serves every
    tablet that opens the page until something changes, and a change is on the next page."""
    from django.test import Client

    council, meeting = sitting
    builds = []
    real = live.build_views
    monkeypatch.setattr(live, "build_views", lambda meeting_id: builds.append(meeting_id) or real(meeting_id))
    tablets = []
    for user in council.users[:3]:
        client = Client()
        client.force_login(user)
        tablets.append(client)

    pages = [tablet.get(f"/meetings/{meeting.pk}/tablet/") for tablet in tablets]
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert builds == [meeting.pk]
    assert all(page.context["state"]["quorum"]["present"] == 0 for page in pages)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_attendance(clerk, meeting, council.members[0], "present")
    page = tablets[0].get(f"/meetings/{meeting.pk}/tablet/")
    assert page.context["state"]["quorum"]["present"] == 1 and builds == [meeting.pk, meeting.pk]

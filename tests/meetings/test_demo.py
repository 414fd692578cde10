"""The demo's past sitting reads like one that was held: it opens at 10:00, speeches follow
one another, votes fall inside their poll, and the minutes carry those times."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.slow


def test_the_past_demo_sitting_keeps_a_sitting_s_timeline(db):
    from majlis.core.demo import uid
    from majlis.meetings import demo
    from majlis.meetings.models import Meeting, Vote

    demo.load()
    past = Meeting.objects.get(uid=uid("meeting:demo-sitting-past"))
    start = timezone.localtime(past.start)
    assert (start.hour, start.minute) == (10, 0)
    slots = list(past.speaker_slots.filter(started_at__isnull=False).order_by("started_at"))
    assert len(slots) == 5
    for slot in slots:
        assert past.started_at <= slot.requested_at <= slot.started_at < slot.ended_at <= past.ended_at
    for before, after in zip(slots, slots[1:]):
        assert before.ended_at <= after.started_at
    polls = list(past.polls.order_by("opened_at"))
    assert len(polls) == 2
    for poll in polls:
        assert past.started_at <= poll.opened_at < poll.closed_at <= past.ended_at
        cast = Vote.objects.filter(poll=poll, cast_at__isnull=False).values_list("cast_at", flat=True)
        assert all(poll.opened_at <= when <= poll.closed_at for when in cast)
    # The first speech (four minutes) starts after the opening items; the minutes say so.
    assert "(speech) 10:12–10:16" in past.minutes.body_en
    # Dates as each language writes them, not ISO: "Date: 16 November 2026, 10:00".
    day = timezone.localdate(past.start)
    month = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")[day.month - 1]
    assert f"Date: {day.day} {month} {day.year}, 10:00" in past.minutes.body_en
    assert f"{day.day} " in past.minutes.body_ar and "، 10:00" in past.minutes.body_ar
    following = Meeting.objects.get(uid=uid("meeting:demo-sitting-approving"))
    assert timezone.localtime(following.start).hour == 10

"""Attendance as an event log, and the quorum computed from it and the body's rules."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from majlis.core import audit
from majlis.core.models import Person
from majlis.meetings.models import AgendaItem, AttendanceEvent, BodyRules, Meeting
from majlis.meetings.services.common import label, one_of, push

PRESENT_STATUSES = (AttendanceEvent.Status.PRESENT, AttendanceEvent.Status.REMOTE)


def entitled_people(meeting: Meeting):
    """Members of the meeting's body on the day of the meeting (the voters, the quorum base)."""
    day = timezone.localdate(meeting.start)
    # One filter() call, so that the body and both dates are tested on the same membership
    # (chained calls would join memberships three times, and an ended membership of the
    # body plus a current one elsewhere would count).
    return (
        Person.objects.filter(
            Q(memberships__start_date__isnull=True) | Q(memberships__start_date__lte=day),
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day),
            memberships__organization_id=meeting.body_id,
        )
        .select_related("user")
        .distinct()
        .order_by("name_en", "id")
    )


def entitled_ids(meeting: Meeting) -> list[int]:
    return sorted(set(entitled_people(meeting).values_list("id", flat=True)))


def is_entitled(meeting: Meeting, person: Person) -> bool:
    return entitled_people(meeting).filter(pk=person.pk).exists()


def attendance_open(meeting: Meeting) -> bool:
    """Whether attendance may be recorded: from convening until the meeting closes (the
    pages offer the buttons only then)."""
    return meeting.state not in (Meeting.State.CLOSED, Meeting.State.CANCELLED, Meeting.State.DRAFT)


@transaction.atomic
def record_attendance(actor, meeting: Meeting, person: Person, status: str, *, agenda_item: AgendaItem | None = None) -> AttendanceEvent:
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if status not in AttendanceEvent.Status.values:
        raise ValidationError({"status": one_of(AttendanceEvent.Status.values)})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("the item belongs to another meeting")})
    if not attendance_open(meeting):
        raise ValidationError({"meeting": _("attendance cannot be recorded while the meeting is %(state)s")
                               % {"state": label(Meeting.State, meeting.state)}})
    if not is_entitled(meeting, person):
        raise ValidationError({"person": _("not a member of this body")})
    event = AttendanceEvent.objects.create(
        meeting=meeting, agenda_item=agenda_item, person=person, status=status, time=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, "attendance.record", event, object_repr=f"{person} — {status}",
                 after={"meeting": meeting.pk, "person": person.pk, "status": status, "agenda_item": agenda_item.pk if agenda_item else None})
    push(meeting.pk)
    return event


def current_status(meeting: Meeting, *, agenda_item: AgendaItem | None = None) -> dict[int, str]:
    """person id → latest status (sitting-wide events, plus the item's own when given)."""
    events = AttendanceEvent.objects.filter(meeting=meeting)
    events = events.filter(Q(agenda_item__isnull=True) | Q(agenda_item=agenda_item)) if agenda_item else events.filter(agenda_item__isnull=True)
    status: dict[int, str] = {}
    for person_id, value in events.order_by("time", "id").values_list("person_id", "status"):
        status[person_id] = value
    return status


def present_ids(meeting: Meeting) -> set[int]:
    return {pid for pid, s in current_status(meeting).items() if s in PRESENT_STATUSES}


def required_for_quorum(rules: BodyRules, members: int) -> int:
    rule = rules.quorum_rule
    if rule == BodyRules.Quorum.NONE:
        return 0
    if rule == BodyRules.Quorum.FIXED:
        return rules.quorum_fixed
    if rule == BodyRules.Quorum.ONE_THIRD:
        return math.ceil(members / 3)
    if rule == BodyRules.Quorum.TWO_THIRDS:
        return math.ceil(2 * members / 3)
    return members // 2 + 1  # more than half


def quorum(meeting: Meeting) -> dict:
    from majlis.meetings.services.calendar import rules_for

    rules = rules_for(meeting.body)
    entitled = set(entitled_ids(meeting))
    members = len(entitled)
    present = len(present_ids(meeting) & entitled)
    required = required_for_quorum(rules, members)
    return {"members": members, "present": present, "required": required, "has_quorum": present >= required, "rule": rules.quorum_rule}

"""Demo meetings of the fictional Demo Council: a past plenary sitting run end to end
(agenda, papers, attendance, speeches with times, a named and a secret poll, decisions
with action items, approved minutes), the next sitting that approved them, a convened
upcoming sitting and committee meetings. Idempotent: each meeting has a stable uid and
is skipped when it exists.

The sittings are run through the same services as a real one, at the moment of loading,
and then moved back in time as a whole (the one place rows are written directly), so the
demo reads like a calendar with a past and a future.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from majlis.core.demo import uid
from majlis.meetings import services
from majlis.meetings.models import AttendanceEvent, Meeting, Poll, SpeakerSlot, Vote


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _shift(meeting: Meeting, delta: dt.timedelta) -> None:
    """Move a sitting and its event log (votes included) back in time by `delta`."""
    for field in ("start", "end", "started_at", "ended_at"):
        value = getattr(meeting, field)
        if value:
            setattr(meeting, field, value - delta)
    meeting.save(update_fields=["start", "end", "started_at", "ended_at"])
    for event in AttendanceEvent.objects.filter(meeting=meeting):
        AttendanceEvent.objects.filter(pk=event.pk).update(time=event.time - delta)
    for slot in SpeakerSlot.objects.filter(meeting=meeting):
        SpeakerSlot.objects.filter(pk=slot.pk).update(
            requested_at=slot.requested_at - delta, started_at=slot.started_at and slot.started_at - delta,
            ended_at=slot.ended_at and slot.ended_at - delta)
    for poll in Poll.objects.filter(meeting=meeting):
        Poll.objects.filter(pk=poll.pk).update(opened_at=poll.opened_at and poll.opened_at - delta,
                                                closed_at=poll.closed_at and poll.closed_at - delta)
        Vote.objects.filter(poll=poll, cast_at__isnull=False).update(cast_at=F("cast_at") - delta)


def _back_to_morning(meeting: Meeting, days_ago: int) -> None:
    """Move a sitting held just now back to 10:00 (local time) `days_ago` days ago, the hour
    a sitting opens, so that the demo's past sittings do not start at whatever hour the demo
    was loaded."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    _shift(meeting, meeting.start - timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))))


class _SittingClock:
    """The demo sitting's own clock. The services stamp each event with the moment it is
    run, so a sitting run in a second would have every speech start at the same minute
    (the minutes read "10:00–10:04, 10:00–10:03 …"). Each timed event is moved to where
    it falls in a sitting that takes its time: speeches one after another, a poll open for
    a few minutes, the sitting closing after the last of them."""

    GAP = dt.timedelta(seconds=30)

    def __init__(self, meeting: Meeting):
        meeting.refresh_from_db()
        # The opening items (apologies, previous minutes, correspondence) take a while.
        self.now = meeting.started_at + dt.timedelta(minutes=12)

    def speech(self, slot: SpeakerSlot, seconds: int) -> None:
        start = self.now
        SpeakerSlot.objects.filter(pk=slot.pk).update(
            requested_at=start - dt.timedelta(minutes=2), started_at=start, ended_at=start + dt.timedelta(seconds=seconds),
            spoken_seconds=seconds)
        self.now = start + dt.timedelta(seconds=seconds) + self.GAP

    def poll(self, poll: Poll, minutes: int = 3) -> None:
        opened, closed = self.now, self.now + dt.timedelta(minutes=minutes)
        Poll.objects.filter(pk=poll.pk).update(opened_at=opened, closed_at=closed)
        Vote.objects.filter(poll=poll, cast_at__isnull=False).update(cast_at=opened + dt.timedelta(minutes=1))
        self.now = closed + self.GAP

    def close(self, meeting: Meeting) -> None:
        Meeting.objects.filter(pk=meeting.pk).update(ended_at=self.now + dt.timedelta(minutes=5))
        meeting.refresh_from_db()


def _speech(clerk, meeting, person, seconds: int, clock: _SittingClock, kind="speech"):
    slot = services.request_floor(clerk, meeting, person, kind=kind)
    slot = services.give_floor(clerk, slot)
    slot = services.end_speech(clerk, slot)
    clock.speech(slot, seconds)
    return slot


def _past_sitting(reg, *, key, number_hint, title_ar, title_en, days_ago, full=True):
    found = Meeting.objects.filter(uid=uid(key)).first()
    if found:
        return found, False
    chamber, users, members = reg["demo_chamber"], reg["users"], reg["members"]
    clerk = users["clerk"]
    session = reg["term"].sessions.order_by("-number").first()
    meeting = services.create_meeting(
        clerk, uid=uid(key), body=chamber, session=session, kind="plenary", mode="hybrid", title_ar=title_ar, title_en=title_en,
        start=timezone.now(), end=timezone.now() + dt.timedelta(hours=3), location="قاعة الجلسات الرئيسية / Main Chamber",
        join_url="https://meet.example.org/demo-council",
    )
    bill = services.add_agenda_item(clerk, meeting, title_ar="مشروع قانون بشأن الحكومة الإلكترونية (خيالي)",
                                    title_en="Draft law on e-government (fictional)")
    services.add_agenda_item(clerk, meeting, parent=bill, title_ar="تقرير لجنة الشؤون التشريعية والقانونية",
                             title_en="Report of the Legislative and Legal Affairs Committee")
    report = services.add_agenda_item(clerk, meeting, title_ar="تقرير البرلمان الأخضر: خفض استهلاك الورق",
                                      title_en="Green parliament report: cutting paper use")
    services.upload_paper(clerk, meeting, filename="bill.docx", agenda_item=bill, access="public",
                          title_ar="نص مشروع القانون", title_en="Text of the draft law",
                          data=_docx_bytes(["المادة 1: تقدم الخدمات الحكومية إلكترونياً.", "Article 1: Government services are offered electronically."] * 40))
    services.upload_paper(clerk, meeting, filename="committee-report.txt", agenda_item=bill, access="members",
                          title_ar="تقرير اللجنة", title_en="Committee report",
                          data=("توصي اللجنة بالموافقة على مشروع القانون.\nThe committee recommends adopting the draft law.\n" * 120).encode())
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    for i, person in enumerate(members):
        status = "excused" if i in (7, 19) else "remote" if i in (3, 11, 27) else "absent" if i == 33 else "present"
        services.record_attendance(clerk, meeting, person, status)
    items = list(meeting.agenda_items.order_by("order"))
    clock = _SittingClock(meeting)
    services.set_current_item(clerk, meeting, items[0])
    services.set_current_item(clerk, meeting, bill)
    _speech(clerk, meeting, members[4], 240, clock)
    _speech(clerk, meeting, members[9], 180, clock)
    _speech(clerk, meeting, members[14], 60, clock, kind="point_of_order")
    _speech(clerk, meeting, members[21], 300, clock)
    motion = services.submit_motion(clerk, meeting, agenda_item=bill, submitter=members[4], cosigners=[members[9], members[21]],
                                    title_ar="الموافقة على مشروع القانون", title_en="Adopt the draft law",
                                    text_ar="يوافق المجلس على مشروع القانون بصيغته المعدلة.", text_en="The Council adopts the draft law as amended.")
    services.transition_motion(clerk, motion, "admitted")
    services.transition_motion(clerk, motion, "debated")
    named = services.open_poll(clerk, services.create_poll(clerk, meeting, motion=motion, kind="named", agenda_item=bill))
    present = [p for i, p in enumerate(members) if i not in (7, 19, 33)]
    for i, person in enumerate(present):
        services.cast_vote(person.user, named, "yes" if i % 5 else ("no" if i % 2 else "abstain"))
    named = services.close_poll(clerk, named)
    clock.poll(named)
    d1 = services.record_decision(clerk, meeting, agenda_item=bill, motion=motion, poll=named,
                                  text_ar="وافق المجلس على مشروع القانون بشأن الحكومة الإلكترونية.",
                                  text_en="The Council adopted the draft law on e-government.")
    services.create_action_item(clerk, decision=d1, owner_organization=reg["committees"][0], due_date=timezone.localdate() + dt.timedelta(days=10),
                                title_ar="إحالة القانون إلى مجلس الشورى", title_en="Transmit the law to the Shura Council")
    services.set_current_item(clerk, meeting, report)
    _speech(clerk, meeting, members[2], 200, clock)
    secret = services.open_poll(clerk, services.create_poll(
        clerk, meeting, kind="secret", majority="absolute", agenda_item=report,
        title_ar="اعتماد خطة البرلمان الأخضر", title_en="Adopt the green parliament plan"))
    for i, person in enumerate(present):
        services.cast_vote(person.user, secret, "yes" if i % 3 else "no")
    secret = services.close_poll(clerk, secret)
    clock.poll(secret)
    d2 = services.record_decision(clerk, meeting, agenda_item=report, poll=secret,
                                  text_ar="اعتمد المجلس خطة خفض استهلاك الورق.", text_en="The Council adopted the plan to cut paper use.")
    services.create_action_item(clerk, decision=d2, owner_text="الأمانة العامة — قطاع تقنية المعلومات / Secretariat IT sector",
                                due_date=timezone.localdate() - dt.timedelta(days=3), title_ar="توزيع الأجهزة اللوحية على اللجان",
                                title_en="Hand out tablets to the committees")
    services.create_action_item(clerk, decision=d2, owner_person=members[2], due_date=timezone.localdate() + dt.timedelta(days=30),
                                title_ar="تقرير متابعة عن الأوراق الموفرة", title_en="Follow-up report on paper saved")
    services.transition(clerk, meeting, "close")
    clock.close(meeting)
    _back_to_morning(meeting, days_ago)
    services.generate_minutes(clerk, meeting)
    return meeting, True


@transaction.atomic
def load(stdout=None) -> dict:
    from majlis.core import demo as core_demo

    reg = core_demo.load()
    chamber, users, members, committees = reg["demo_chamber"], reg["users"], reg["members"], reg["committees"]
    clerk = users["clerk"]
    session = reg["term"].sessions.order_by("-number").first()
    # The default rules row exists from the migrations on: ask whether the body has its own.
    if services.rules_for(chamber).body_id != chamber.pk:
        services.set_rules(None, chamber, quorum_rule="majority", max_speakers=10, speech_seconds=300, vote_changes_allowed=True)
    for committee in committees:
        if services.rules_for(committee).body_id != committee.pk:
            services.set_rules(None, committee, quorum_rule="majority", max_speakers=0, speech_seconds=600, vote_changes_allowed=True,
                               poll_requires_quorum=False)

    past, created = _past_sitting(reg, key="meeting:demo-sitting-past", number_hint=1, days_ago=21,
                                  title_ar="الجلسة الاعتيادية (تجريبية)", title_en="Ordinary sitting (demo)")
    _say(stdout, f"meetings: past sitting #{past.pk}{' created' if created else ''}\n")

    approving = Meeting.objects.filter(uid=uid("meeting:demo-sitting-approving")).first()
    if approving is None:
        approving = services.create_meeting(
            clerk, uid=uid("meeting:demo-sitting-approving"), body=chamber, session=session, kind="plenary", title_ar="الجلسة التالية (تجريبية)",
            title_en="Following sitting (demo)", start=timezone.now(), location="قاعة الجلسات الرئيسية / Main Chamber")
        services.transition(clerk, approving, "convene")
        services.transition(clerk, approving, "open")
        for i, person in enumerate(members):
            services.record_attendance(clerk, approving, person, "absent" if i % 9 == 0 else "present")
        services.transition(clerk, approving, "close")
        approving.refresh_from_db()
        _back_to_morning(approving, 7)
        approving.refresh_from_db()
        minutes = past.minutes
        services.transition_minutes(clerk, minutes, "circulate")
        services.transition_minutes(clerk, minutes, "approve", at_meeting=approving)
        services.transition_minutes(clerk, minutes, "lock")

    upcoming = Meeting.objects.filter(uid=uid("meeting:demo-sitting-upcoming")).first()
    if upcoming is None:
        start = timezone.localtime(timezone.now() + dt.timedelta(days=7)).replace(hour=9, minute=30, second=0, microsecond=0)
        upcoming = services.create_meeting(
            clerk, uid=uid("meeting:demo-sitting-upcoming"), body=chamber, session=session, kind="plenary", mode="hybrid",
            title_ar="الجلسة الاعتيادية القادمة (تجريبية)", title_en="Next ordinary sitting (demo)", start=start,
            end=start + dt.timedelta(hours=3), location="قاعة الجلسات الرئيسية / Main Chamber", join_url="https://meet.example.org/demo-council")
        services.add_agenda_item(clerk, upcoming, title_ar="مشروع قانون بشأن حماية البيانات الشخصية (خيالي)", title_en="Draft law on personal data protection (fictional)")
        services.add_agenda_item(clerk, upcoming, title_ar="سؤال برلماني بشأن النقل الرقمي", title_en="Parliamentary question on digital transport")
        services.upload_paper(clerk, upcoming, filename="agenda-note.txt", access="public", title_ar="مذكرة جدول الأعمال", title_en="Agenda note",
                              data="جدول أعمال الجلسة القادمة.\nAgenda of the next sitting.\n".encode())
        services.transition(clerk, upcoming, "convene")
    _say(stdout, f"meetings: upcoming sitting #{upcoming.pk}\n")

    for i, committee in enumerate(committees[:2]):
        key = f"meeting:demo-committee-{i}"
        if Meeting.objects.filter(uid=uid(key)).exists():
            continue
        start = timezone.localtime(timezone.now() + dt.timedelta(days=3 + i)).replace(hour=11, minute=0, second=0, microsecond=0)
        meeting = services.create_meeting(
            clerk, uid=uid(key), body=committee, session=session, kind="committee", mode="virtual" if i else "in_person",
            title_ar=f"اجتماع {committee.name_ar}", title_en=f"Meeting of the {committee.name_en}", start=start,
            end=start + dt.timedelta(hours=2), location="" if i else "قاعة اللجان 2 / Committee Room 2",
            join_url="https://meet.example.org/committee" if i else "")
        services.add_agenda_item(clerk, meeting, title_ar="دراسة مشروع القانون المحال", title_en="Study of the referred draft law")
        services.transition(clerk, meeting, "convene")
    return {"past": past, "approving": approving, "upcoming": upcoming}

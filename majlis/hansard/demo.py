"""Demo Hansard: the published record of the demo's past plenary sitting (Arabic and
English speeches, narrative, the sitting's votes in place) and a draft record of the
following sitting. Idempotent: a sitting that already has a record is left alone.

Everything is written through `services`, seeded from eMeeting exactly as a real sitting.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from majlis.hansard import services
from majlis.hansard.models import Kind, Record, Section, Speech

AR_TEXTS = [
    "بسم الله الرحمن الرحيم، أعلن افتتاح الجلسة، وأرحب بالإخوة والأخوات الأعضاء.",
    "شكراً معالي الرئيس. إن مشروع القانون المعروض يعالج مسألة مهمة تتعلق بحماية المستهلك، وأرى أن المادة الثالثة تحتاج إلى توضيح.",
    "أؤيد ما تفضل به الزميل، وأقترح أن تُحال المادة إلى اللجنة التشريعية لمزيد من الدراسة.",
    "نحن في اللجنة درسنا المشروع دراسة مستفيضة، وتوصي اللجنة بالموافقة عليه مع التعديلات المقترحة.",
    "أشكر الزملاء على ملاحظاتهم القيمة، وأرجو أن نصل إلى صيغة توافقية.",
]
EN_TEXTS = [
    "Thank you, Mr Speaker. I will speak in English for the benefit of our guests from the Milli Majlis. The bill protects consumers and deserves our support.",
    "I have a question for the rapporteur: how will the new fees affect small businesses?",
]


def _editor():
    User = get_user_model()
    return User.objects.filter(username="editor").first()


def _fill(actor, record: Record) -> None:
    """Give the seeded speeches their words: mostly Arabic, some English."""
    spoken = list(Speech.objects.filter(record=record, kind=Kind.SPEECH, text="").order_by("start", "order"))
    ar, en = 0, 0
    for i, speech in enumerate(spoken):
        if i % 3 == 1:
            text, lang = EN_TEXTS[en % len(EN_TEXTS)], "en"
            en += 1
        else:
            text, lang = AR_TEXTS[ar % len(AR_TEXTS)], "ar"
            ar += 1
        services.update_unit(actor, speech, text=text, language=lang)
    opening = Section.objects.filter(record=record).order_by("order").first()
    if opening is not None:
        first = Speech.objects.filter(section=opening).order_by("order").first()
        services.add_unit(actor, record, section=opening, kind=Kind.NARRATIVE, order=max(1, (first.order - 5) if first else 5),
                          text="افتتحت الجلسة في تمام الساعة التاسعة والنصف صباحاً برئاسة معالي رئيس المجلس.", language="ar")
        last_section = Section.objects.filter(record=record).order_by("-order").first()
        services.add_unit(actor, record, section=last_section, kind=Kind.NARRATIVE, text="ورفعت الجلسة عند الساعة الثانية عشرة ظهراً.", language="ar")
    if not spoken and opening is not None:
        for i, text in enumerate(AR_TEXTS[:2] + EN_TEXTS[:1]):
            services.add_unit(actor, record, section=opening, kind=Kind.SPEECH, text=text, language="en" if text in EN_TEXTS else "ar")


def _own_sitting(reg):
    """A short closed sitting run through the meetings services (used when the meetings
    demo has not made its past sitting)."""
    from django.utils import timezone

    from majlis.core.demo import uid
    from majlis.meetings import services as meetings
    from majlis.meetings.models import Meeting

    found = Meeting.objects.filter(uid=uid("meeting:hansard-demo-sitting")).first()
    if found is not None:
        return found
    clerk = reg["users"]["clerk"]
    members = reg["members"]
    session = reg["term"].sessions.order_by("-number").first()
    meeting = meetings.create_meeting(
        clerk, uid=uid("meeting:hansard-demo-sitting"), body=reg["demo_chamber"], session=session, kind="plenary",
        title_ar="جلسة المضبطة التجريبية", title_en="Hansard demo sitting", start=timezone.now(), end=timezone.now() + dt.timedelta(hours=2),
    )
    bill = meetings.add_agenda_item(clerk, meeting, title_ar="مشروع قانون حماية المستهلك (خيالي)", title_en="Consumer protection bill (fictional)")
    meetings.transition(clerk, meeting, "convene")
    meetings.transition(clerk, meeting, "open")
    for person in members:
        meetings.record_attendance(clerk, meeting, person, "present")
    meetings.set_current_item(clerk, meeting, bill)
    for person in (members[0], members[4], members[9], members[2]):
        slot = meetings.request_floor(clerk, meeting, person)
        slot = meetings.give_floor(clerk, slot)
        meetings.end_speech(clerk, slot)
    meetings.transition(clerk, meeting, "close")
    meeting.refresh_from_db()
    return meeting


def _record_for(actor, meeting, reg, *, title_ar: str, title_en: str) -> Record:
    if meeting is not None:
        return services.seed_from_meeting(actor, meeting, language="ar")
    from django.utils import timezone

    record = services.create_record(actor, date=timezone.localdate(), body=reg["demo_chamber"], title_ar=title_ar, title_en=title_en)
    services.add_section(actor, record, heading_ar="وقائع الجلسة", heading_en="Proceedings", name="proceedings")
    return record


def _demo_record(actor, meeting, reg, note: str, *, title_ar: str, title_en: str) -> tuple[Record, bool]:
    """The demo record of `meeting` (or, without one, the record marked `note`), made and
    filled if missing; True when it was made now."""
    found = Record.objects.filter(meeting=meeting).first() if meeting is not None else Record.objects.filter(source_note=note).first()
    if found is not None:
        return found, False
    record = _record_for(actor, meeting, reg, title_ar=title_ar, title_en=title_en)
    if meeting is None:
        Record.objects.filter(pk=record.pk).update(source_note=note)
    _fill(actor, record)
    return record, True


@transaction.atomic
def load(stdout=None) -> dict:
    from majlis.core import demo as core_demo
    from majlis.core.demo import uid
    from majlis.meetings.models import Meeting

    reg = core_demo.load()
    actor = _editor()
    out = {}
    try:  # speech-to-text in the AI inventory (switch, log), whether or not a model is configured
        from majlis.hansard import asr

        asr.register_system()
    except ImportError:  # pragma: no cover - AI app absent
        pass
    past = Meeting.objects.filter(uid=uid("meeting:demo-sitting-past")).first()
    if past is None:
        try:
            with transaction.atomic():
                past = _own_sitting(reg)
        except Exception as exc:  # the meetings services changed: fall back to a record of its own
            if stdout is not None:
                stdout.write(f"hansard: no demo sitting from eMeeting ({exc}); the record stands alone\n")
            past = None
    record, made = _demo_record(actor, past, reg, "demo-published", title_ar="جلسة المضبطة التجريبية", title_en="Hansard demo sitting")
    if made:
        services.transition(actor, record, "in_review")
        services.transition(actor, record, "approved")
        services.publish(actor, record)
    out["published"] = record
    if stdout is not None:
        stdout.write(f"hansard: published record #{record.pk} (version {record.version})\n")

    following = Meeting.objects.filter(uid=uid("meeting:demo-sitting-approving")).first()
    draft, made = _demo_record(actor, following, reg, "demo-draft", title_ar="مسودة مضبطة الجلسة التالية",
                               title_en="Draft record of the following sitting")
    if made:
        draft.refresh_from_db()
    out["draft"] = draft
    if stdout is not None:
        stdout.write(f"hansard: draft record #{draft.pk}\n")
    return out

"""Fixtures of the Hansard tests: a past sitting with agenda, speakers' list and a poll
(rows written directly: the meetings services are another app's concern), and records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import make_user


@pytest.fixture
def editor(db):
    return make_user("editor-t", "hansard_editor")


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client


MEMBERS = [
    ("خالد الدوسري", "Khalid Al-Dosari", ["Khaled Aldosari"]), ("فاطمة المناعي", "Fatima Al-Mannai", []),
    ("يوسف العلوي", "Yousif Al-Alawi", ["Yusuf Alalawi"]), ("مريم الكوهجي", "Maryam Al-Kooheji", []),
    ("علي السعدي", "Ali Al-Saadi", []), ("نورة الحايكي", "Noora Al-Haiki", []),
]


@pytest.fixture
def register(db):
    """A small chamber (faster than the full demo register): six members with variants."""
    from majlis.core import services as core

    chamber = core.create_organization(None, name_ar="مجلس الاختبار", name_en="Test Council", classification="chamber")
    members = [core.create_person(None, name_ar=ar, name_en=en, variants=variants, is_fictional=True) for ar, en, variants in MEMBERS]
    speaker = core.create_post(None, organization=chamber, name_ar="رئيس المجلس", name_en="Speaker", role="speaker")
    core.create_membership(None, person=members[0], organization=chamber, post=speaker)
    for person in members[1:]:
        core.create_membership(None, person=person, organization=chamber, role_ar="عضو", role_en="Member")
    return {"demo_chamber": chamber, "members": members, "speaker_post": speaker}


@pytest.fixture
def sitting(register):
    """A closed plenary sitting: two agenda items, three speakers, one poll."""
    from majlis.meetings.models import AgendaItem, Meeting, Poll, SpeakerSlot

    chamber = register["demo_chamber"]
    members = register["members"]
    start = timezone.make_aware(dt.datetime(2026, 3, 4, 10, 0))
    meeting = Meeting.objects.create(
        body=chamber, kind="plenary", number=12, start=start, end=start + dt.timedelta(hours=2), state="closed",
        started_at=start, ended_at=start + dt.timedelta(hours=2), title_ar="الجلسة الثانية عشرة", title_en="Twelfth sitting",
    )
    item1 = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title_ar="التصديق على المضبطة السابقة", title_en="Approval of the previous record")
    item2 = AgendaItem.objects.create(meeting=meeting, order=2, number="2", title_ar="مشروع قانون الموازنة العامة", title_en="The general budget bill")
    slots = []
    for i, (person, item, minute, length) in enumerate([(members[0], item1, 1, 2), (members[2], item2, 5, 3), (members[3], item2, 9, 2)]):
        slots.append(SpeakerSlot.objects.create(
            meeting=meeting, agenda_item=item, person=person, state="done", position=i, requested_at=start,
            started_at=start + dt.timedelta(minutes=minute), ended_at=start + dt.timedelta(minutes=minute + length),
        ))
    poll = Poll.objects.create(
        meeting=meeting, agenda_item=item2, title_ar="الموافقة على مشروع القانون", title_en="Approval of the bill", state="closed",
        options=["yes", "no", "abstain"], opened_at=start + dt.timedelta(minutes=12), closed_at=start + dt.timedelta(minutes=13),
        result={"yes": 25, "no": 5, "abstain": 2}, adopted=True, votes_cast=32, present_count=34, members_count=40,
    )
    return {"meeting": meeting, "items": [item1, item2], "slots": slots, "poll": poll, "members": members, "chamber": chamber}


@pytest.fixture
def seeded_record(sitting, editor):
    from majlis.hansard import services
    from majlis.hansard.models import Speech

    record = services.seed_from_meeting(editor, sitting["meeting"])
    texts = [
        ("ar", "بسم الله الرحمن الرحيم، نفتتح الجلسة الثانية عشرة."),
        ("en", "Thank you, Mr Speaker. The budget bill deserves our support.\nIt protects public services."),
        ("ar", "أشكر الزميل، ولدي ملاحظات على المادة الخامسة من المشروع."),
    ]
    spoken = list(Speech.objects.filter(record=record, kind="speech").order_by("start"))
    for speech, (lang, text) in zip(spoken, texts):
        services.update_unit(editor, speech, text=text, language=lang)
    return record


@pytest.fixture
def published_record(seeded_record, editor):
    from majlis.hansard import services

    services.transition(editor, seeded_record, "in_review")
    services.transition(editor, seeded_record, "approved")
    services.publish(editor, seeded_record)
    seeded_record.refresh_from_db()
    return seeded_record

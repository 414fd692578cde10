"""A small fictional chamber (cheaper than the full demo register) and a sitting in it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.conftest import make_user


def build_council(size: int = 9, *, name: str = "Test Council"):
    from majlis.core import services as core
    from majlis.core.models import Organization

    chamber = core.create_organization(None, name_ar="مجلس الاختبار", name_en=name, classification=Organization.Classification.CHAMBER)
    term = core.create_term(None, chamber=chamber, number=1, start_date=dt.date(2020, 1, 1), name_en="Term 1")
    session = core.create_session(None, term=term, number=1, start_date=dt.date(2020, 1, 1), name_en="Session 1")
    members, users = [], []
    for i in range(size):
        user = make_user(f"{name.split()[0].lower()}-m{i}", "member")
        person = core.create_person(None, name_ar=f"العضو {i}", name_en=f"Member {i}", user=user)
        core.create_membership(None, person=person, organization=chamber)
        members.append(person)
        users.append(user)
    return SimpleNamespace(chamber=chamber, term=term, session=session, members=members, users=users)


def open_sitting(clerk, council, title_en: str, *, present: bool = True):
    """A sitting of the council in progress, convened and opened through the services,
    with every member present when `present` (recorded through `settled`: in the live
    tests a server thread shares the in-memory test database)."""
    from majlis.meetings import services
    from tests.meetings.live_helpers import settled

    meeting = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en=title_en, start=timezone.now())
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    for person in council.members if present else ():
        settled(services.record_attendance, clerk, meeting, person, "present")
    return meeting


@pytest.fixture
def council(db):
    return build_council()


@pytest.fixture
def chair_user(db):
    return make_user("chair-t", "presiding_officer")


@pytest.fixture
def sitting(council, clerk):
    """A plenary sitting in progress with everyone present."""
    from majlis.meetings import services

    meeting = services.create_meeting(
        clerk, body=council.chamber, session=council.session, kind="plenary", title_ar="الجلسة", title_en="Sitting",
        start=timezone.now(), location="Hall",
    )
    services.add_agenda_item(clerk, meeting, title_en="Budget bill", title_ar="مشروع الميزانية")
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    for person in council.members:
        services.record_attendance(clerk, meeting, person, "present")
    meeting.refresh_from_db()
    return meeting


@pytest.fixture(autouse=True)
def _english_messages():
    """Services translate their errors into the active language, which outside a request
    is the deployment's (Arabic). Tests that call services directly read them in English;
    requests still choose their own language (test_i18n_errors checks the Arabic)."""
    from django.utils import translation

    with translation.override("en"):
        yield

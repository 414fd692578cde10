"""The pages that write a sitting's record: motions, decisions, action items, show of
hands, attendance per agenda item. Thin views over the services: a form that the service
refuses shows the error and saves nothing; permissions come from meetings.permissions."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.models import ActionItem, AttendanceEvent, Decision, Motion, PollTally

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Motions -------------------------------------------------------------------------------

def test_clerk_submits_a_motion_in_a_members_name(clerk_client, council, sitting):
    member = council.members[2]
    response = clerk_client.post(f"/meetings/{sitting.pk}/motions/", {
        "title_en": "Refer the bill", "text_en": "Refer the bill to committee.", "submitter": member.pk,
        "cosigners": [council.members[3].pk], "agenda_item": sitting.current_item_id or "",
    })
    assert response.status_code == 302
    motion = Motion.objects.get(meeting=sitting)
    assert (motion.title_en, motion.submitter_id, motion.state) == ("Refer the bill", member.pk, "submitted")
    assert list(motion.cosigners.values_list("pk", flat=True)) == [council.members[3].pk]
    assert AuditEvent.objects.filter(action="motion.submit", object_id=str(motion.pk)).exists()
    page = clerk_client.get(f"/meetings/{sitting.pk}/motions/").content.decode()
    assert "Refer the bill" in page and 'data-testid="motion-admitted"' in page


def test_bad_motion_shows_the_error_and_keeps_the_text(clerk_client, sitting):
    response = clerk_client.post(f"/meetings/{sitting.pk}/motions/", {"title_en": "No text here"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="form-error"' in page and "يحتاج الاقتراح إلى نص" in page
    assert 'value="No text here"' in page
    assert not Motion.objects.exists() and not AuditEvent.objects.filter(action="motion.submit").exists()


def test_member_submits_own_motion_but_not_in_anothers_name_nor_moves_it(council, sitting):
    member = login(council.users[0])
    response = member.post(f"/meetings/{sitting.pk}/motions/", {"title_en": "Other", "text_en": "t", "submitter": council.members[1].pk})
    assert response.status_code == 403 and not Motion.objects.exists()
    assert member.post(f"/meetings/{sitting.pk}/motions/", {"title_en": "Mine", "text_en": "t"}).status_code == 302
    motion = Motion.objects.get()
    assert motion.submitter_id == council.members[0].pk
    assert member.post(f"/meetings/motions/{motion.pk}/state/", {"state": "admitted"}).status_code == 403
    motion.refresh_from_db()
    assert motion.state == "submitted"
    # A colleague co-signs; the submitter withdraws their own motion.
    assert login(council.users[1]).post(f"/meetings/motions/{motion.pk}/cosign/").status_code == 302
    assert list(motion.cosigners.values_list("pk", flat=True)) == [council.members[1].pk]
    assert member.post(f"/meetings/motions/{motion.pk}/state/", {"state": "withdrawn"}).status_code == 302
    motion.refresh_from_db()
    assert motion.state == "withdrawn"


def test_anonymous_cannot_submit_and_public_can_read(sitting):
    anonymous = Client()
    assert anonymous.get(f"/meetings/{sitting.pk}/motions/").status_code == 200
    response = anonymous.post(f"/meetings/{sitting.pk}/motions/", {"title_en": "x", "text_en": "y"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Motion.objects.exists()


def test_chair_moves_a_motion_and_a_refused_move_is_a_message(council, clerk, chair_user, sitting):
    motion = services.submit_motion(clerk, sitting, title_en="M", text_en="T", submitter=council.members[0])
    chair = login(chair_user)
    assert chair.post(f"/meetings/motions/{motion.pk}/state/", {"state": "admitted"}).status_code == 302
    motion.refresh_from_db()
    assert motion.state == "admitted"
    assert AuditEvent.objects.filter(action="motion.admitted", object_id=str(motion.pk)).exists()
    response = chair.post(f"/meetings/motions/{motion.pk}/state/", {"state": "adopted"}, follow=True)
    assert "لا يمكن أن ينتقل اقتراح من حالة «مقبول»" in response.content.decode()  # the page's language (Arabic)
    motion.refresh_from_db()
    assert motion.state == "admitted"


def test_pages_need_csrf(council, clerk, sitting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    assert client.post(f"/meetings/{sitting.pk}/motions/", {"title_en": "x", "text_en": "y"}).status_code == 403
    assert client.post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "x"}).status_code == 403
    assert not Motion.objects.exists() and not Decision.objects.exists()


# --- Decisions -----------------------------------------------------------------------------

def test_chair_records_a_decision_numbered_and_audited(chair_user, sitting):
    chair = login(chair_user)
    assert chair.get(f"/meetings/{sitting.pk}/decisions/new/").status_code == 200
    response = chair.post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "The chamber adopts the budget."})
    decision = Decision.objects.get(meeting=sitting)
    assert response.status_code == 302 and response["Location"].endswith(f"#decision-{decision.pk}")
    assert decision.number == 1 and decision.created_by == chair_user
    assert AuditEvent.objects.filter(action="decision.create", object_id=str(decision.pk)).exists()


def test_bad_decision_shows_error_and_members_cannot_record(council, clerk_client, sitting):
    poll = services.create_poll(None, sitting, title_en="Still a draft")
    response = clerk_client.post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "Cites an open poll", "poll": poll.pk})
    assert response.status_code == 400 and "لا يستند القرار إلا إلى تصويت مغلق" in response.content.decode()
    response = clerk_client.post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "  "})
    assert response.status_code == 400 and "يحتاج القرار إلى نص" in response.content.decode()
    assert login(council.users[0]).post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "x"}).status_code == 403
    assert not Decision.objects.exists()


# --- Action items --------------------------------------------------------------------------

def test_clerk_creates_an_action_item_for_a_decision(council, clerk, clerk_client, sitting):
    decision = services.record_decision(clerk, sitting, text_en="Adopted")
    page = clerk_client.get(f"/meetings/{sitting.pk}/").content.decode()
    assert f"decision={decision.pk}" in page
    form = clerk_client.get(f"/meetings/action-items/new/?meeting={sitting.pk}&decision={decision.pk}")
    assert form.status_code == 200
    response = clerk_client.post("/meetings/action-items/new/", {
        "meeting": sitting.pk, "decision": decision.pk, "title_en": "Publish the law", "owner_person": council.members[4].pk,
        "due_date": "2030-01-31"})
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.decision_id, item.meeting_id, item.owner_person_id, item.due_date) == (decision.pk, sitting.pk, council.members[4].pk, dt.date(2030, 1, 31))
    assert AuditEvent.objects.filter(action="action_item.create", object_id=str(item.pk)).exists()
    assert "Publish the law" in clerk_client.get("/meetings/follow-up/?all=1").content.decode()


def test_action_item_without_owner_or_with_a_bad_date_saves_nothing(council, clerk_client):
    response = clerk_client.post("/meetings/action-items/new/", {"title_en": "Orphan"})
    assert response.status_code == 400 and "تحتاج مهمة المتابعة إلى مسؤول" in response.content.decode()
    assert 'value="Orphan"' in response.content.decode()
    response = clerk_client.post("/meetings/action-items/new/", {"title_en": "Dated", "owner_text": "IT", "due_date": "someday"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
    assert not ActionItem.objects.exists()
    assert 'data-testid="new-action-item"' in clerk_client.get("/meetings/follow-up/?all=1").content.decode()


def test_members_and_chairs_cannot_create_action_items(council, chair_user):
    for user in (council.users[0], chair_user):
        assert login(user).post("/meetings/action-items/new/", {"title_en": "x", "owner_text": "y"}).status_code == 403
    assert not ActionItem.objects.exists()


# --- Show of hands -------------------------------------------------------------------------

def test_chair_enters_a_show_of_hands(council, chair_user, clerk, sitting):
    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Hands?", kind="show_of_hands"))
    chair = login(chair_user)
    page = chair.get(f"/meetings/{sitting.pk}/show-of-hands/").content.decode()
    assert "Hands?" in page and 'name="count_yes"' in page
    response = chair.post(f"/meetings/{sitting.pk}/show-of-hands/", {"poll": poll.pk, "count_yes": "6", "count_no": "2", "count_abstain": ""})
    assert response.status_code == 302
    assert dict(PollTally.objects.filter(poll=poll).values_list("choice", "count")) == {"yes": 6, "no": 2, "abstain": 0}
    assert AuditEvent.objects.filter(action="poll.show_of_hands", object_id=str(poll.pk)).exists()
    # Too many hands (9 members) or not a number: the error is shown and the counts stay.
    response = chair.post(f"/meetings/{sitting.pk}/show-of-hands/", {"poll": poll.pk, "count_yes": "8", "count_no": "5"})
    assert response.status_code == 400 and "عدد الأصوات أكبر من عدد الأعضاء" in response.content.decode()
    response = chair.post(f"/meetings/{sitting.pk}/show-of-hands/", {"poll": poll.pk, "count_yes": "many"})
    assert response.status_code == 400 and "أعداد صحيحة" in response.content.decode()
    assert dict(PollTally.objects.filter(poll=poll).values_list("choice", "count")) == {"yes": 6, "no": 2, "abstain": 0}
    assert login(council.users[0]).post(f"/meetings/{sitting.pk}/show-of-hands/", {"poll": poll.pk, "count_yes": "1"}).status_code == 403


# --- Attendance per agenda item ------------------------------------------------------------

def test_attendance_per_agenda_item(council, clerk, chair_user, sitting):
    item = sitting.agenda_items.first()
    chair = login(chair_user)
    page = chair.get(f"/meetings/{sitting.pk}/attendance/?item={item.pk}").content.decode()
    assert page.count('data-testid="attendance-row"') == 9
    response = chair.post(f"/meetings/{sitting.pk}/attendance/", {"item": item.pk, "person": council.members[0].pk, "status": "left"})
    assert response.status_code == 302 and response["Location"].endswith(f"?item={item.pk}")
    event = AttendanceEvent.objects.filter(agenda_item=item).get()
    assert (event.person_id, event.status, event.recorded_by) == (council.members[0].pk, "left", chair_user)
    assert services.current_status(sitting, agenda_item=item)[council.members[0].pk] == "left"
    assert services.current_status(sitting)[council.members[0].pk] == "present"  # the sitting-wide record is untouched
    assert AuditEvent.objects.filter(action="attendance.record").count() == 10
    # A stranger or a bad status is refused with a message; a member may not record.
    response = chair.post(f"/meetings/{sitting.pk}/attendance/", {"item": item.pk, "person": council.members[1].pk, "status": "asleep"}, follow=True)
    assert "status:" in response.content.decode()
    assert login(council.users[0]).post(f"/meetings/{sitting.pk}/attendance/", {"person": council.members[0].pk, "status": "absent"}).status_code == 403
    assert AttendanceEvent.objects.filter(agenda_item=item).count() == 1


def test_a_closed_meeting_offers_no_attendance_buttons(council, clerk, chair_user, sitting):
    chair = login(chair_user)
    for path in ("attendance", "console"):
        page = chair.get(f"/meetings/{sitting.pk}/{path}/").content.decode()
        assert 'data-testid="attendance-closed"' not in page and ('name="status"' in page or "data-attend=" in page)
    services.transition(clerk, sitting, "close")
    for path in ("attendance", "console"):
        page = chair.get(f"/meetings/{sitting.pk}/{path}/").content.decode()
        assert 'data-testid="attendance-closed"' in page
        assert 'name="status"' not in page and "data-attend=" not in page
    assert page.count("من الدعوة إلى الاجتماع حتى اختتامه") == 1  # said in the page's language


def test_the_meeting_page_lists_an_action_item_s_owner_and_date_with_the_language_s_comma(clerk, clerk_client, sitting):
    decision = services.record_decision(clerk, sitting, text_en="Agreed")
    services.create_action_item(clerk, decision=decision, title_en="Publish", owner_text="IT sector", due_date=dt.date(2026, 12, 17))
    arabic = clerk_client.get(f"/meetings/{sitting.pk}/").content.decode()
    assert '(IT sector، <time datetime="2026-12-17">17 ديسمبر 2026</time>)' in arabic
    clerk_client.cookies["majlis_language"] = "en"
    english = clerk_client.get(f"/meetings/{sitting.pk}/").content.decode()
    assert '(IT sector, <time datetime="2026-12-17">17 December 2026</time>)' in english


def test_console_and_detail_link_the_record_pages(clerk_client, council, sitting):
    console = clerk_client.get(f"/meetings/{sitting.pk}/console/").content.decode()
    for testid in ("motions-link", "decision-link", "action-item-link", "show-of-hands-link", "attendance-link"):
        assert f'data-testid="{testid}"' in console
    member_page = login(council.users[0]).get(f"/meetings/{sitting.pk}/").content.decode()
    assert 'data-testid="motions-link"' in member_page and 'data-testid="decision-link"' not in member_page


def test_record_pages_are_translated(clerk, sitting):
    client = login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = {f"/meetings/{sitting.pk}/motions/": "تقديم الاقتراح", f"/meetings/{sitting.pk}/decisions/new/": "تسجيل القرار",
              f"/meetings/action-items/new/?meeting={sitting.pk}": "إنشاء بند المتابعة",
              f"/meetings/{sitting.pk}/show-of-hands/": "لا يوجد تصويت برفع الأيدي مفتوح",
              f"/meetings/{sitting.pk}/attendance/": "الجلسة كاملة", f"/meetings/{sitting.pk}/console/": "الحضور لكل بند من جدول الأعمال"}
    for url, text in arabic.items():
        assert text in client.get(url).content.decode(), url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Submit the motion" in client.get(f"/meetings/{sitting.pk}/motions/").content.decode()


def test_show_of_hands_on_a_closed_vote_says_why(chair_user, clerk, sitting):
    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Hands?", kind="show_of_hands"))
    services.close_poll(clerk, poll)
    response = login(chair_user).post(f"/meetings/{sitting.pk}/show-of-hands/", {"poll": poll.pk, "count_yes": "3"})
    assert response.status_code == 400 and "التصويت في حالة: مختتم" in response.content.decode()


def test_adopted_motion_offers_a_prefilled_decision(council, clerk, clerk_client, sitting):
    motion = services.submit_motion(clerk, sitting, title_en="Adopt the plan", text_en="T", submitter=council.members[0])
    for state in ("admitted", "debated", "voted", "adopted"):
        services.transition_motion(clerk, motion, state)
    page = clerk_client.get(f"/meetings/{sitting.pk}/motions/").content.decode()
    assert 'data-testid="motion-decision"' in page
    form = clerk_client.get(f"/meetings/{sitting.pk}/decisions/new/?motion={motion.pk}").content.decode()
    assert f'<option value="{motion.pk}" selected>' in form
    clerk_client.post(f"/meetings/{sitting.pk}/decisions/new/", {"text_en": "Plan adopted", "motion": motion.pk})
    assert Decision.objects.get().motion_id == motion.pk


# --- Bad form input is a clear 4xx or a message, never a server error ----------------------

def test_non_numeric_ids_in_forms_do_not_crash(clerk_client, sitting):
    response = clerk_client.post("/meetings/new/", {"title_en": "X", "body": "abc", "session": "1x", "start": "2030-01-01T10:00"})
    assert response.status_code == 200 and "body" in response.content.decode().lower()
    response = clerk_client.post(f"/meetings/{sitting.pk}/agenda/", {"title_en": "Any other business", "parent": "abc"})
    assert response.status_code == 302
    assert sitting.agenda_items.filter(title_en="Any other business", parent=None).exists()
    assert clerk_client.post("/meetings/follow-up/", {"item": "abc", "status": "done"}).status_code == 404
    # No minutes exist yet: saving or moving them on is a 404, not an AttributeError.
    assert clerk_client.post(f"/meetings/{sitting.pk}/minutes/", {"action": "save", "body_en": "x"}).status_code == 404
    assert clerk_client.post(f"/meetings/{sitting.pk}/minutes/", {"action": "circulate", "at_meeting": "x"}).status_code == 404


def test_minutes_save_with_a_bad_version_is_refused_with_a_message(clerk, clerk_client, sitting):
    minutes = services.generate_minutes(clerk, sitting)
    response = clerk_client.post(f"/meetings/{sitting.pk}/minutes/", {"action": "save", "base_version": "v1", "body_en": "typed"})
    assert response.status_code == 200 and "typed" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.version == 1 and minutes.body_en != "typed"

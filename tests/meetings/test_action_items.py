import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.models import ActionItem

pytestmark = pytest.mark.django_db


def test_create_action_item_needs_title_and_owner(demo_register):
    with pytest.raises(ValidationError) as exc:
        services.create_action_item(None, title_en="Follow up")
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_action_item(None, owner_text="Secretariat")
    assert "title_ar" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.create_action_item(None, title_en="x", owner_text="y", colour="red")
    assert ActionItem.objects.count() == 0


def test_create_and_move_status_is_audited(demo_register):
    person = demo_register["members"][3]
    item = services.create_action_item(
        None, title_ar="متابعة", title_en="Follow up", owner_person=person, due_date="2026-01-10", source="relations.visit:1"
    )
    assert item.due_date == dt.date(2026, 1, 10)
    assert AuditEvent.objects.filter(action="action_item.create", object_id=str(item.pk)).exists()
    item = services.update_action_item_status(None, item, "in_progress")
    item = services.update_action_item_status(None, item, "done")
    assert item.status == "done"
    with pytest.raises(ValidationError):
        services.update_action_item_status(None, item, "in_progress")  # done → open first
    with pytest.raises(ValidationError):
        services.update_action_item_status(None, item, "nonsense")


def test_board_puts_overdue_first(demo_register):
    person = demo_register["members"][3]
    today = dt.date.today()
    later = services.create_action_item(None, title_en="later", owner_person=person, due_date=today + dt.timedelta(days=30))
    late = services.create_action_item(None, title_en="late", owner_person=person, due_date=today - dt.timedelta(days=2))
    services.create_action_item(None, title_en="someone else", owner_text="Ministry")
    mine = list(services.board(person=person))
    assert [i.pk for i in mine] == [late.pk, later.pk]
    assert mine[0].overdue and mine[0].is_overdue


def test_reminders_mail_owners_once_a_day(demo_register):
    from django.core import mail
    from django.core.management import call_command

    person = demo_register["members"][5]
    person.user.email = "owner@example.org"
    person.user.save()
    today = dt.date.today()
    services.create_action_item(None, title_en="Due soon", owner_person=person, due_date=today + dt.timedelta(days=1))
    services.create_action_item(None, title_en="Far away", owner_person=person, due_date=today + dt.timedelta(days=60))
    services.create_action_item(None, title_en="Unit task", owner_text="IT sector", due_date=today)
    call_command("meeting", "remind", "--days", "3")
    assert [m.to for m in mail.outbox] == [["owner@example.org"]] and "Due soon" in mail.outbox[0].subject
    from majlis.meetings.tasks import send_action_item_reminders

    assert send_action_item_reminders.enqueue(days_ahead=3).return_value == 0  # reminded today already


def test_the_worker_s_daily_run_reminds_owners_from_its_hour_once_a_day(demo_register, settings):
    """No cron: the worker enqueues the reminders once a day from MAJLIS_DAILY_HOUR, and
    a second worker (or a restart) enqueuing them again mails nobody twice."""
    from django.core import mail
    from django.utils import timezone

    from majlis.core import daily

    settings.DAILY_HOUR = 8
    person = demo_register["members"][6]
    person.user.email = "owner6@example.org"
    person.user.save()
    services.create_action_item(None, title_en="Due tomorrow", owner_person=person, due_date=dt.date.today() + dt.timedelta(days=1))
    day = timezone.localdate()
    before = timezone.make_aware(dt.datetime.combine(day, dt.time(7, 59)))
    assert daily.enqueue_due(None, before) is None and mail.outbox == []
    at = before + dt.timedelta(minutes=1)
    assert daily.enqueue_due(None, at) == day
    assert [m.to for m in mail.outbox] == [["owner6@example.org"]] and "Due tomorrow" in mail.outbox[0].subject
    assert daily.enqueue_due(day, at + dt.timedelta(hours=3)) == day  # not again today
    assert daily.enqueue_due(None, at + dt.timedelta(hours=3)) == day  # another worker: enqueued, but claimed
    assert len(mail.outbox) == 1
    assert daily.due(at + dt.timedelta(days=1), day, 8)  # and tomorrow again


def test_updates_audit_real_changes_only(clerk, sitting):
    """Meeting, agenda item and action item updates share apply_changes: a no-op writes nothing."""
    item = sitting.agenda_items.first()
    task = services.create_action_item(clerk, title_en="Draft the report", owner_text="Secretariat", meeting=sitting)
    count = AuditEvent.objects.count
    before = count()
    services.update_meeting(clerk, sitting, location=sitting.location)
    services.update_agenda_item(clerk, item, title_en=item.title_en)
    services.update_action_item(clerk, task, title_en="Draft the report")
    assert count() == before
    services.update_meeting(clerk, sitting, location="Annex")
    services.update_agenda_item(clerk, item, title_en="Budget bill (second reading)")
    services.update_action_item(clerk, task, title_en="Draft the final report")
    assert list(AuditEvent.objects.order_by("-id").values_list("action", flat=True)[:3])[::-1] == [
        "meeting.update", "agenda_item.update", "action_item.update"]
    with pytest.raises(ValidationError):
        services.update_agenda_item(clerk, item, title_en="", title_ar="")


def test_an_edit_based_on_an_old_version_is_refused(clerk, sitting):
    task = services.create_action_item(clerk, title_en="Draft the report", owner_text="Secretariat", meeting=sitting)
    assert task.version == 1
    task = services.update_action_item(clerk, task, base_version=1, title_en="Draft the final report", status="in_progress")
    assert (task.version, task.status) == (2, "in_progress")
    assert services.update_action_item(clerk, task, base_version=2, title_en="Draft the final report").version == 2  # no change, no bump
    with pytest.raises(ValidationError) as exc:
        services.update_action_item(clerk, task, base_version=1, title_en="Someone else's idea")
    assert "base_version" in exc.value.message_dict
    assert services.update_action_item_status(clerk, task, "done").version == 3
    with pytest.raises(ValidationError) as exc:
        services.update_action_item(clerk, task, status="in_progress")  # done → open first, whichever way it is set
    assert "status" in exc.value.message_dict
    task.refresh_from_db()
    assert (task.title_en, task.status, task.version) == ("Draft the final report", "done", 3)
    event = AuditEvent.objects.filter(action="action_item.update", object_id=str(task.pk)).latest("id")
    assert event.before["status"] == "open" and event.after["status"] == "in_progress"


def test_action_item_patch_api_checks_the_version_and_sets_owner_and_status(council, clerk_client, sitting):
    import json

    task = services.create_action_item(None, title_en="Report", owner_text="Secretariat", meeting=sitting)

    def patch(body):
        response = clerk_client.patch(f"/api/meetings/action-items/{task.pk}", data=json.dumps(body), content_type="application/json")
        return response.status_code, response.json()

    status, body = patch({"base_version": 1, "owner_person_id": council.members[2].pk, "owner_text": "", "status": "in_progress"})
    assert status == 200 and body["owner_person_id"] == council.members[2].pk and body["status"] == "in_progress" and body["version"] == 2
    status, body = patch({"base_version": 1, "title_en": "Stale"})
    assert status == 400 and body["errors"][0]["field"] == "base_version"
    status, body = patch({"owner_person_id": 999999})
    assert status == 400


def _page(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_clerk_edits_an_action_item_on_its_page(council, clerk, sitting):
    decision = services.record_decision(clerk, sitting, text_en="Adopted")
    task = services.create_action_item(clerk, title_en="Report", owner_text="Secretariat", meeting=sitting, decision=decision)
    loose = services.create_action_item(clerk, title_en="Book the hall", owner_text="Protocol", meeting=sitting)
    client = _page(clerk)
    edit_url = f"/meetings/action-items/{task.pk}/edit/"
    assert edit_url in client.get("/meetings/follow-up/?all=1").content.decode()
    detail = client.get(f"/meetings/{sitting.pk}/").content.decode()
    assert edit_url in detail and f"/meetings/action-items/{loose.pk}/edit/" in detail
    page = client.get(edit_url)
    assert page.status_code == 200 and 'value="Report"' in page.content.decode() and 'name="base_version" value="1"' in page.content.decode()

    response = client.post(edit_url, {
        "base_version": "1", "title_en": "Final report", "title_ar": "التقرير النهائي", "owner_person": council.members[1].pk,
        "owner_text": "", "due_date": "2030-05-01", "status": "in_progress", "decision": decision.pk, "next": f"/meetings/{sitting.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/meetings/{sitting.pk}/"
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("التقرير النهائي" in m for m in shown)  # the message names the title as saved, not as it was
    task.refresh_from_db()
    assert (task.title_en, task.owner_person, str(task.due_date), task.status, task.version) == (
        "Final report", council.members[1], "2030-05-01", "in_progress", 2)
    assert AuditEvent.objects.filter(action="action_item.update", object_id=str(task.pk)).count() == 1

    # A second clerk who opened the page before that save is told, and their text stays on the page.
    stale = client.post(edit_url, {"base_version": "1", "title_en": "Older idea", "owner_text": "Secretariat", "status": "open"})
    assert stale.status_code == 400
    html = stale.content.decode()
    assert 'data-testid="form-error"' in html and 'value="Older idea"' in html and "reload-action-item" in html
    task.refresh_from_db()
    assert task.title_en == "Final report"
    for version in ("", "two"):  # no version (a form from before the field) or a garbled one: refused, not overwritten
        response = client.post(edit_url, {"base_version": version, "title_en": "Blind", "owner_text": "Secretariat", "status": "open"})
        assert response.status_code == 400 and "reload-action-item" in response.content.decode()
    assert client.post(edit_url, {"title_en": "Blind", "owner_text": "Secretariat", "status": "open"}).status_code == 400
    task.refresh_from_db()
    assert task.title_en == "Final report"
    assert client.post(edit_url, {"base_version": "2", "title_en": "x", "owner_text": "", "status": "open"}).status_code == 400  # no owner
    assert client.post(edit_url, {"base_version": "2", "title_en": "x", "owner_text": "u", "status": "open",
                                  "next": "https://evil.example/"})["Location"] == "/meetings/follow-up/?all=1"


def test_members_cannot_edit_action_items(council, sitting):
    task = services.create_action_item(None, title_en="Report", owner_person=council.members[0], meeting=sitting)
    member = _page(council.users[0])
    assert member.get(f"/meetings/action-items/{task.pk}/edit/").status_code == 403
    assert member.post(f"/meetings/action-items/{task.pk}/edit/", {"title_en": "Mine now"}).status_code == 403
    assert "/edit/" not in member.get("/meetings/follow-up/").content.decode()

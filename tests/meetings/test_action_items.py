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
    person.refresh_from_db()  # the demo's list predates the members' logins
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

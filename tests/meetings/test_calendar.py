import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db(transaction=False)


def _meeting(clerk, council, **extra):
    fields = dict(body=council.chamber, session=council.session, kind="plenary", title_en="Sitting", start=timezone.now())
    fields.update(extra)
    return services.create_meeting(clerk, **fields)


def test_standard_opening_items_and_nested_numbering(council, clerk):
    meeting = _meeting(clerk, council)
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == ["apologies", "previous_minutes", "correspondence"]
    bill = services.add_agenda_item(clerk, meeting, title_en="Bill")
    sub = services.add_agenda_item(clerk, meeting, title_en="Article 1", parent=bill)
    assert (bill.number, sub.number) == ("4", "4.1")
    ids = list(meeting.agenda_items.filter(parent=None).order_by("order").values_list("id", flat=True))
    services.reorder_agenda(clerk, meeting, [ids[-1], *ids[:-1], sub.pk])
    assert AgendaItem.objects.get(pk=bill.pk).number == "1"
    assert AgendaItem.objects.get(pk=sub.pk).number == "1.1"
    with pytest.raises(ValidationError):
        services.reorder_agenda(clerk, meeting, ids)  # one item missing


def test_lifecycle_is_guarded_and_audited(council, clerk):
    meeting = _meeting(clerk, council, standard_items=False)
    with pytest.raises(ValidationError) as exc:
        services.transition(clerk, meeting, "convene")  # no agenda
    assert "agenda" in str(exc.value)
    services.add_agenda_item(clerk, meeting, title_en="Item")
    with pytest.raises(ValidationError):
        services.transition(clerk, meeting, "close")
    for action, state in [("convene", "convened"), ("open", "in_progress"), ("suspend", "suspended"), ("resume", "in_progress"),
                          ("adjourn", "adjourned"), ("open", "in_progress"), ("close", "closed")]:
        meeting = services.transition(clerk, meeting, action)
        assert meeting.state == state
    actions = list(AuditEvent.objects.filter(object_type="meetings.meeting", object_id=str(meeting.pk)).values_list("action", flat=True))
    assert actions == ["meeting.create", "meeting.convene", "meeting.open", "meeting.suspend", "meeting.resume",
                       "meeting.adjourn", "meeting.open", "meeting.close"]
    with pytest.raises(ValidationError):
        services.transition(clerk, meeting, "open")
    with pytest.raises(ValidationError):
        services.transition(clerk, meeting, "explode")


def test_numbers_per_session_allocated_at_convening_never_reused(council, clerk):
    a = _meeting(clerk, council)
    b = _meeting(clerk, council)
    c = _meeting(clerk, council, kind="bureau")
    assert a.number is None  # drafts take no number
    for m in (b, a, c):
        services.transition(clerk, m, "convene")
    a.refresh_from_db(); b.refresh_from_db(); c.refresh_from_db()
    assert (b.number, a.number, c.number) == (1, 2, 3)
    services.transition(clerk, c, "cancel")
    d = _meeting(clerk, council)
    services.transition(clerk, d, "convene")
    d.refresh_from_db()
    assert d.number == 4  # the cancelled sitting's number stays used


def test_virtual_meeting_needs_link_and_end_after_start(council, clerk):
    with pytest.raises(ValidationError) as exc:
        _meeting(clerk, council, mode="virtual")
    assert "join_url" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _meeting(clerk, council, end=timezone.now() - timezone.timedelta(hours=1))
    assert Meeting.objects.count() == 0


def test_convening_sends_invitations_with_icalendar_and_changes_notify(council, clerk, django_capture_on_commit_callbacks):
    for i, person in enumerate(council.members):
        person.user.email = f"m{i}@example.org"
        person.user.save()
    meeting = _meeting(clerk, council)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(clerk, meeting, "convene")
    assert len(mail.outbox) == len(council.members)
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in content and f"UID:{meeting.uid}@majlis" in content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_agenda_item(clerk, meeting, title_en="Late item")
    assert len(mail.outbox) == len(council.members)
    assert mail.outbox[0].subject.endswith("Changed: Sitting")
    assert "SEQUENCE:1" in mail.outbox[0].attachments[0][1]


def test_rules_are_per_body_data(council, clerk):
    rules = services.rules_for(council.chamber)
    assert rules.body_id is None and rules.vote_options == ["yes", "no", "abstain"]
    services.set_rules(clerk, council.chamber, quorum_rule="one_third", max_speakers=2, vote_options=["yes", "no"])
    assert services.rules_for(council.chamber).quorum_rule == "one_third"
    with pytest.raises(ValidationError):
        services.set_rules(clerk, council.chamber, vote_options=["for", "against"])
    with pytest.raises(ValidationError):
        services.set_rules(clerk, council.chamber, quorum_rule="fixed", quorum_fixed=0)

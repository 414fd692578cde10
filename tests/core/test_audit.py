"""The audit chain: every register write is logged, and any tampering is detected."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from majlis.core import audit, services
from majlis.core.audit_guard import unguarded
from majlis.core.models import AuditEvent, Organization, Person

pytestmark = pytest.mark.django_db


def _people(n=4):
    return [services.create_person(None, name_ar=f"عضو {i}", name_en=f"Member {i}") for i in range(n)]


def test_every_register_write_appends_a_linked_event():
    person = services.create_person(None, name_ar="فريد حاجييف", name_en="Farid Hajiyev")
    services.update_person(None, person, email="farid@example.org")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.action for e in events[-2:]] == ["person.create", "person.update"]
    assert events[-1].before["email"] == "" and events[-1].after["email"] == "farid@example.org"
    assert events[-1].prev_hash == events[-2].hash
    assert audit.verify().ok


def test_a_change_that_changes_nothing_is_not_logged():
    person = services.create_person(None, name_en="Rustam Mahmudov")
    before = AuditEvent.objects.count()
    services.update_person(None, person, name_en="Rustam Mahmudov")
    assert AuditEvent.objects.count() == before


def test_the_database_refuses_updates_and_deletes_of_events():
    _people(1)
    event = AuditEvent.objects.last()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE seq = %s", [event.seq])
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [event.seq])
    with pytest.raises(PermissionError):
        event.delete()


def _tamper(sql, params):
    with unguarded(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db(transaction=True)
def test_editing_a_row_is_detected_and_named(capsys):
    _people()
    target = AuditEvent.objects.order_by("seq")[2]
    _tamper("UPDATE core_auditevent SET object_repr = %s WHERE seq = %s", ["someone else", target.seq])
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == target.seq and "edited" in result.reason
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"#{target.seq}" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_deleting_a_middle_row_is_detected():
    _people()
    target = AuditEvent.objects.order_by("seq")[1]
    _tamper("DELETE FROM core_auditevent WHERE seq = %s", [target.seq])
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == target.seq


@pytest.mark.django_db(transaction=True)
def test_deleting_the_last_rows_is_detected_by_the_head():
    _people()
    last = AuditEvent.objects.order_by("seq").last()
    _tamper("DELETE FROM core_auditevent WHERE seq = %s", [last.seq])
    result = audit.verify()
    assert not result.ok and "head" in result.reason


@pytest.mark.django_db(transaction=True)
def test_rewriting_a_row_and_its_hash_breaks_the_next_link():
    _people()
    rows = list(AuditEvent.objects.order_by("seq"))
    victim = rows[1]
    forged = audit.event_hash(seq=victim.seq, time=victim.time, actor_id=victim.actor_id, actor_name=victim.actor_name,
                              action=victim.action, object_type=victim.object_type, object_id=victim.object_id,
                              object_repr="forged", before=victim.before, after=victim.after, prev_hash=victim.prev_hash)
    _tamper("UPDATE core_auditevent SET object_repr = %s, hash = %s WHERE seq = %s", ["forged", forged, victim.seq])
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == rows[2].seq


def test_intact_chain_verifies_from_the_cli(capsys):
    _people(2)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_a_failed_action_leaves_neither_row_nor_event():
    org = services.create_organization(None, name_en="Committee", classification=Organization.Classification.COMMITTEE)
    person = services.create_person(None, name_en="Someone")
    events, memberships = AuditEvent.objects.count(), person.memberships.count()
    import datetime as dt
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.create_membership(None, person=person, organization=org, start_date=dt.date(2025, 1, 2), end_date=dt.date(2025, 1, 1))
    assert "end_date" in info.value.message_dict
    assert AuditEvent.objects.count() == events and person.memberships.count() == memberships
    with pytest.raises(ValidationError):
        services.create_person(None, name_ar=" ", name_en="")
    assert Person.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(None, "x", object_type="t", object_id="1")

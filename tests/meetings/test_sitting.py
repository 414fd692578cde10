import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from majlis.core import audit
from majlis.core.models import AuditEvent, Person
from majlis.meetings import services
from majlis.meetings.models import Decision, Minutes, Poll, PollTally, SpeakerSlot, Vote

pytestmark = pytest.mark.django_db


def test_quorum_follows_attendance_log_and_rules(council, clerk):
    meeting = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="S", start=timezone.now())
    services.transition(clerk, meeting, "convene")
    services.transition(clerk, meeting, "open")
    q = services.quorum(meeting)
    assert (q["members"], q["present"], q["required"], q["has_quorum"]) == (9, 0, 5, False)
    for person in council.members[:4]:
        services.record_attendance(clerk, meeting, person, "present")
    services.record_attendance(clerk, meeting, council.members[4], "remote")
    assert services.quorum(meeting)["has_quorum"]
    services.record_attendance(clerk, meeting, council.members[0], "left")
    assert not services.quorum(meeting)["has_quorum"]
    services.set_rules(clerk, council.chamber, quorum_rule="one_third")
    assert services.quorum(meeting) | {} == {**services.quorum(meeting), "required": 3, "has_quorum": True}
    poll = services.create_poll(clerk, meeting, title_en="Q")
    services.set_rules(clerk, council.chamber, quorum_rule="two_thirds")
    with pytest.raises(ValidationError) as exc:
        services.open_poll(clerk, poll)
    assert "quorum" in exc.value.message_dict
    services.set_rules(clerk, council.chamber, quorum_rule="two_thirds", poll_requires_quorum=False)
    assert services.open_poll(clerk, poll).state == "open"


def test_entitled_members_are_those_whose_membership_of_this_body_covers_the_day(council, clerk, sitting):
    from majlis.core import services as core
    from majlis.core.models import Membership, Organization

    former = council.members[0]
    Membership.objects.filter(person=former, organization=council.chamber).update(end_date=dt.date(2021, 1, 1))
    committee = core.create_organization(None, name_en="Another body", classification=Organization.Classification.COMMITTEE)
    core.create_membership(None, person=former, organization=committee)  # current, but elsewhere
    core.create_membership(None, person=council.members[1], organization=committee)
    entitled = services.entitled_ids(sitting)
    assert former.pk not in entitled and council.members[1].pk in entitled and len(entitled) == len(council.members) - 1
    assert services.quorum(sitting)["members"] == len(council.members) - 1


def test_attendance_rejects_strangers_and_bad_status(council, clerk, sitting, demo_register):
    with pytest.raises(ValidationError):
        services.record_attendance(clerk, sitting, council.members[0], "asleep")
    with pytest.raises(ValidationError):
        services.record_attendance(clerk, sitting, demo_register["members"][0], "present")


def test_speakers_queue_points_of_order_limits_and_times(council, clerk, sitting):
    services.set_rules(clerk, council.chamber, max_speakers=2, speech_seconds=120)
    a = services.request_floor(None, sitting, council.members[0])
    b = services.request_floor(None, sitting, council.members[1])
    with pytest.raises(ValidationError) as exc:
        services.request_floor(None, sitting, council.members[2])
    assert "full" in str(exc.value)
    with pytest.raises(ValidationError):
        services.request_floor(None, sitting, council.members[0])  # already waiting
    poo = services.request_floor(None, sitting, council.members[3], kind="point_of_order")
    from majlis.meetings.services.speakers import queue

    assert [s.pk for s in queue(sitting)] == [poo.pk, a.pk, b.pk]
    first = services.next_speaker(clerk, sitting)
    assert first.pk == poo.pk and first.kind == "point_of_order" and first.started_at and first.time_limit_seconds == 120
    second = services.next_speaker(clerk, sitting)  # ends the point of order
    poo.refresh_from_db()
    assert poo.state == "done" and poo.ended_at >= poo.started_at
    assert second.pk == a.pk and second.time_limit_seconds == 120
    services.pause_speech(clerk, second)
    services.resume_speech(clerk, second)
    services.end_speech(clerk, second)
    services.reorder_queue(clerk, sitting, [b.pk])
    services.withdraw(None, b)
    assert services.next_speaker(clerk, sitting) is None
    slot = SpeakerSlot.objects.get(pk=a.pk)
    assert slot.state == "done" and slot.started_at < slot.ended_at
    assert slot.agenda_item_id == sitting.current_item_id


def _open(clerk, sitting, **fields):
    poll = services.create_poll(clerk, sitting, title_en="Adopt?", **fields)
    return services.open_poll(clerk, poll)


def test_named_poll_one_vote_change_allowed_frozen_at_close(council, clerk, sitting):
    poll = _open(clerk, sitting, kind="named")
    u = council.users
    services.cast_vote(u[0], poll, "yes")
    assert services.cast_vote(u[0], poll, "no")["changed"]
    services.cast_vote(u[1], poll, "yes")
    services.cast_vote(u[2], poll, "abstain")
    assert Vote.objects.filter(poll=poll).count() == 3
    with pytest.raises(ValidationError):
        services.cast_vote(u[3], poll, "maybe")
    outsider = council.users[0].__class__.objects.create_user("outsider")
    with pytest.raises(PermissionDenied):
        services.cast_vote(outsider, poll, "yes")
    poll = services.close_poll(clerk, poll)
    assert poll.result == {"yes": 1, "no": 1, "abstain": 1} and poll.adopted is False
    assert poll.entitled == sorted(p.pk for p in council.members) and poll.present_count == 9 and poll.votes_cast == 3
    with pytest.raises(ValidationError):
        services.cast_vote(u[4], poll, "yes")
    event = AuditEvent.objects.get(action="poll.close", object_id=str(poll.pk))
    assert event.after["votes"][str(council.members[0].pk)] == "no"
    assert event.after["result"] == {"yes": 1, "no": 1, "abstain": 1}
    assert audit.verify().ok
    rows = services.named_results(poll)
    assert len(rows) == 9 and sum(1 for r in rows if r["choice"]) == 3


def test_vote_change_refused_when_body_forbids_it(council, clerk, sitting):
    services.set_rules(clerk, council.chamber, vote_changes_allowed=False)
    poll = _open(clerk, sitting, kind="named")
    services.cast_vote(council.users[0], poll, "yes")
    with pytest.raises(ValidationError):
        services.cast_vote(council.users[0], poll, "no")
    assert Vote.objects.get(poll=poll).choice == "yes"


def test_secret_ballot_keeps_no_link_between_member_and_choice(council, clerk, sitting):
    poll = _open(clerk, sitting, kind="secret", majority="absolute")
    for user, choice in zip(council.users, ["yes"] * 5 + ["no"] * 2 + ["abstain"]):
        assert services.cast_vote(user, poll, choice)["choice"] is None
    with pytest.raises(ValidationError):
        services.cast_vote(council.users[0], poll, "no")  # never changed: it would need the link
    stored = list(Vote.objects.filter(poll=poll).values("choice", "cast_at", "changes"))
    assert stored and all(v == {"choice": "", "cast_at": None, "changes": 0} for v in stored)
    assert dict(PollTally.objects.filter(poll=poll).values_list("choice", "count")) == {"yes": 5, "no": 2, "abstain": 1}
    assert not AuditEvent.objects.filter(action__startswith="vote").exists()
    poll = services.close_poll(clerk, poll)
    assert poll.adopted is True  # 5 of 9 members is an absolute majority
    event = AuditEvent.objects.get(action="poll.close", object_id=str(poll.pk))
    assert "votes" not in event.after and len(event.after["voted"]) == 8


@pytest.mark.parametrize("majority,result,adopted", [
    ("simple", {"yes": 3, "no": 2, "abstain": 4}, True),
    ("absolute", {"yes": 4, "no": 0, "abstain": 0}, False),
    ("two_thirds_members", {"yes": 6, "no": 0, "abstain": 0}, True),
    ("two_thirds_members", {"yes": 5, "no": 0, "abstain": 0}, False),
])
def test_show_of_hands_and_majority_rules(council, clerk, sitting, majority, result, adopted):
    poll = _open(clerk, sitting, kind="show_of_hands", majority=majority)
    with pytest.raises(ValidationError):
        services.cast_vote(council.users[0], poll, "yes")
    with pytest.raises(ValidationError):
        services.enter_show_of_hands(clerk, poll, {"yes": 20})
    services.enter_show_of_hands(clerk, poll, result)
    assert services.close_poll(clerk, poll).adopted is adopted


def test_two_thirds_of_present(council, clerk, sitting):
    for person in council.members[6:]:
        services.record_attendance(clerk, sitting, person, "absent")
    poll = _open(clerk, sitting, kind="show_of_hands", majority="two_thirds_present")
    services.enter_show_of_hands(clerk, poll, {"yes": 4, "no": 2})
    poll = services.close_poll(clerk, poll)
    assert poll.present_count == 6 and poll.adopted is True


def test_decisions_numbered_per_session_and_motion_follows_poll(council, clerk, sitting):
    motion = services.submit_motion(clerk, sitting, title_en="Motion", text_en="That …", submitter=council.members[0],
                                    cosigners=[council.members[1]], agenda_item=sitting.current_item)
    for state in ("admitted", "debated"):
        services.transition_motion(clerk, motion, state)
    with pytest.raises(ValidationError):
        services.transition_motion(clerk, motion, "submitted")
    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, motion=motion))
    assert poll.title_en == "Motion"
    for user in council.users[:5]:
        services.cast_vote(user, poll, "yes")
    poll = services.close_poll(clerk, poll)
    motion.refresh_from_db()
    assert motion.state == "adopted"
    d1 = services.record_decision(clerk, sitting, text_en="Adopted", poll=poll, motion=motion)
    d2 = services.record_decision(clerk, sitting, text_ar="قرار")
    assert (d1.number, d2.number) == (1, 2)
    with pytest.raises(ValidationError):
        services.record_decision(clerk, sitting, text_en="")
    assert Decision.objects.count() == 2
    item = services.create_action_item(clerk, title_en="Publish", owner_organization=council.chamber, decision=d1,
                                       due_date=dt.date.today())
    assert item.meeting_id == sitting.pk


def test_minutes_generated_edited_with_conflict_guard_and_approved(council, clerk, sitting):
    slot = services.request_floor(None, sitting, council.members[0])
    services.give_floor(clerk, slot)
    services.end_speech(clerk, slot)
    services.record_decision(clerk, sitting, text_en="We agreed", text_ar="اتفقنا")
    services.transition(clerk, sitting, "close")
    minutes = services.generate_minutes(clerk, sitting)
    assert "Member 0" in minutes.body_en and "We agreed" in minutes.body_en and "اتفقنا" in minutes.body_ar
    assert "Attendance" in minutes.body_en and "الحضور" in minutes.body_ar and "Attendance" not in minutes.body_ar
    v = minutes.version
    services.save_minutes(clerk, minutes, base_version=v, body_en=minutes.body_en + "\nEdited by A")
    with pytest.raises(ValidationError) as exc:
        services.save_minutes(clerk, minutes, base_version=v, body_en="B overwrites")
    assert "base_version" in exc.value.message_dict
    minutes.refresh_from_db()
    assert "Edited by A" in minutes.body_en and minutes.revisions.count() == 2
    services.transition_minutes(clerk, minutes, "circulate")
    with pytest.raises(ValidationError):
        services.save_minutes(clerk, minutes, base_version=minutes.version, body_en="x")
    with pytest.raises(ValidationError):
        services.transition_minutes(clerk, minutes, "approve", at_meeting=sitting)
    later = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="Next",
                                    start=sitting.start + dt.timedelta(days=7))
    services.transition_minutes(clerk, minutes, "approve", at_meeting=later)
    minutes = services.transition_minutes(clerk, minutes, "lock")
    assert minutes.state == Minutes.State.LOCKED and minutes.approved_at_id == later.pk


def test_minutes_name_a_motion_s_step_keep_what_no_item_held_and_list_people_in_the_draft_s_language(council, clerk, sitting):
    motion = services.submit_motion(clerk, sitting, submitter=council.members[1], title_en="Adjourn the debate",
                                    title_ar="تأجيل النقاش", text_en="The debate is adjourned.")
    services.transition_motion(clerk, motion, "withdrawn")
    services.transition(clerk, sitting, "close")
    minutes = services.generate_minutes(clerk, sitting)
    # Taken under no agenda item: in a section of its own, not left out.
    assert "Outside the agenda items\n  * Motion: Adjourn the debate" in minutes.body_en
    assert "خارج بنود جدول الأعمال" in minutes.body_ar
    motion_ar = next(line for line in minutes.body_ar.splitlines() if "تأجيل النقاش" in line)
    assert "مسحوب" in motion_ar and "withdrawn" not in motion_ar
    assert "Adjourn the debate — withdrawn" in minutes.body_en
    # Everyone is present: one list, with the comma of each language between the names.
    present_en = next(line for line in minutes.body_en.splitlines() if line.startswith("Present in the room"))
    present_ar = next(line for line in minutes.body_ar.splitlines() if "العضو 0" in line)
    assert "Member 0, Member 1" in present_en and "،" not in present_en
    assert "العضو 0، العضو 1" in present_ar


def test_vote_racing_close_is_refused(council, clerk, sitting):
    poll = _open(clerk, sitting)
    Poll.objects.filter(pk=poll.pk).update(state="closed")
    with pytest.raises(ValidationError):
        services.cast_vote(council.users[0], poll, "yes")
    assert not Vote.objects.filter(poll=poll).exists()


def test_batched_votes_follow_the_same_rules(council, clerk, sitting):
    from majlis.meetings.services.voting import cast_votes

    poll = _open(clerk, sitting, kind="named")
    services.cast_vote(council.users[4], poll, "no")  # already voted before the batch
    services.cast_vote(council.users[5], poll, "abstain")
    services.cast_vote(council.users[6], poll, "abstain")
    outsider = council.users[0].__class__.objects.create_user("outsider-b")
    stranger = council.users[0].__class__.objects.create_user("stranger-b")  # a person, of another body
    Person.objects.create(name_en="Stranger", user=stranger)
    u = council.users
    results = cast_votes([(u[0], poll.pk, "yes"), (u[1], poll.pk, "maybe"), (outsider, poll.pk, "yes"),
                          (u[2], poll.pk, "yes"), (u[2], poll.pk, "no"), (u[4], poll.pk, "yes"),
                          (u[5], poll.pk, "no"), (u[6], poll.pk, "yes"), (stranger, poll.pk, "yes")])
    assert results[0] == {"poll": poll.pk, "choice": "yes", "changed": False}
    assert isinstance(results[1], ValidationError)
    assert isinstance(results[2], PermissionDenied) and "linked to a person" in str(results[2])
    assert isinstance(results[8], PermissionDenied) and "not entitled" in str(results[8])
    assert results[4]["changed"] and results[5]["changed"] and results[6]["changed"] and results[7]["changed"]
    m = council.members
    assert dict(Vote.objects.filter(poll=poll).values_list("person_id", "choice")) == {
        m[0].pk: "yes", m[2].pk: "no", m[4].pk: "yes", m[5].pk: "no", m[6].pk: "yes"}
    # Each member's earlier vote changed once, whichever option it changed to.
    assert dict(Vote.objects.filter(poll=poll, person__in=[m[4], m[5], m[6]]).values_list("person_id", "changes")) == {
        m[4].pk: 1, m[5].pk: 1, m[6].pk: 1}
    secret = services.close_poll(clerk, poll) and _open(clerk, sitting, kind="secret")
    results = cast_votes([(u[0], secret.pk, "yes"), (u[0], secret.pk, "no"), (u[1], secret.pk, "no")])
    assert results[0]["choice"] is None and isinstance(results[1], ValidationError)
    assert dict(PollTally.objects.filter(poll=secret).values_list("choice", "count")) == {"yes": 1, "no": 1, "abstain": 0}
    assert set(Vote.objects.filter(poll=secret).values_list("choice", flat=True)) == {""}
    services.close_poll(clerk, secret)
    assert isinstance(cast_votes([(u[3], secret.pk, "yes")])[0], ValidationError)


def test_a_batch_that_meets_the_unique_constraint_is_cast_one_vote_at_a_time(council, clerk, sitting, monkeypatch):
    """The net under group commit: if the batch's transaction hits the unique constraint
    (another writer that did not lock the poll), nothing of it stays and each vote is cast
    alone, with the same refusals, its page's meeting still checked."""
    from django.db import IntegrityError

    from majlis.meetings.services import voting

    poll = _open(clerk, sitting, kind="named")
    elsewhere = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="Elsewhere", start=timezone.now())

    def collide(poll_id, batch, indexes, results):
        Vote.objects.create(poll_id=poll_id, person=council.members[3], choice="no", cast_at=timezone.now())
        Vote.objects.create(poll_id=poll_id, person=council.members[3], choice="no", cast_at=timezone.now())

    monkeypatch.setattr(voting, "_cast_batch", collide)
    u = council.users
    results = voting.cast_votes([(u[0], poll.pk, "yes", sitting.pk), (u[1], poll.pk, "yes", elsewhere.pk),
                                 (u[2], poll.pk, "maybe", sitting.pk), (u[0], poll.pk, "no", sitting.pk)])
    assert results[0] == {"poll": poll.pk, "choice": "yes", "changed": False}
    assert isinstance(results[1], ValidationError) and "poll" in results[1].message_dict
    assert isinstance(results[2], ValidationError) and "choice" in results[2].message_dict
    assert results[3] == {"poll": poll.pk, "choice": "no", "changed": True}
    assert dict(Vote.objects.filter(poll=poll).values_list("person_id", "choice")) == {council.members[0].pk: "no"}


def test_a_batch_larger_than_one_statement_s_values_is_written_whole(council, clerk, sitting):
    """450 votes in one batch: several INSERTs on SQLite (999 values a statement), one on
    PostgreSQL; every vote is stored once."""
    from django.contrib.auth import get_user_model

    from majlis.core.models import Membership
    from majlis.meetings.services.voting import cast_votes

    users = get_user_model().objects.bulk_create([get_user_model()(username=f"bulk-{i}") for i in range(450)])
    users = list(get_user_model().objects.filter(username__startswith="bulk-").order_by("id"))
    people = Person.objects.bulk_create([Person(name_en=f"Bulk {i}", user=u) for i, u in enumerate(users)])
    Membership.objects.bulk_create([Membership(person=p, organization=council.chamber) for p in people])
    services.set_rules(clerk, council.chamber, poll_requires_quorum=False)
    poll = _open(clerk, sitting, kind="named")
    results = cast_votes([(u, poll.pk, ("yes", "no", "abstain")[i % 3]) for i, u in enumerate(users)])
    assert all(r["changed"] is False for r in results)
    assert Vote.objects.filter(poll=poll).count() == 450 == Vote.objects.filter(poll=poll).values("person").distinct().count()
    assert services.counts(poll) == {"yes": 150, "no": 150, "abstain": 150}


def test_a_batch_stores_options_of_any_text_as_cast(council, clerk, sitting):
    """Options are the clerk's free text: a batch stores each vote's option exactly,
    whatever quotes, commas, braces or backslashes it holds (PostgreSQL gets the choices
    as positions among the batch's labels, not as text spliced into an array)."""
    from majlis.meetings.services.voting import cast_votes

    odd = ['yes', 'نعم، "بتحفظ"', "{a,b}", "back\\slash", "it's NULL", ""]
    poll = _open(clerk, sitting, kind="named", options=odd[:5])
    u, m = council.users, council.members
    results = cast_votes([(u[0], poll.pk, odd[1]), (u[1], poll.pk, odd[2]), (u[2], poll.pk, odd[3]),
                          (u[3], poll.pk, odd[4]), (u[4], poll.pk, odd[0]), (u[5], poll.pk, odd[5])])
    assert [r["choice"] for r in results[:5]] == [odd[1], odd[2], odd[3], odd[4], odd[0]]
    assert isinstance(results[5], ValidationError)
    assert dict(Vote.objects.filter(poll=poll).values_list("person_id", "choice")) == {
        m[0].pk: odd[1], m[1].pk: odd[2], m[2].pk: odd[3], m[3].pk: odd[4], m[4].pk: odd[0]}
    assert services.counts(poll) == {option: 1 for option in odd[:5]}


def test_a_batch_gives_each_vote_a_random_version_4_key(council, clerk, sitting):
    """SQLite's keys are drawn for the whole batch at once, PostgreSQL's by the server:
    either way each vote's key is a distinct random version-4 UUID, as `uuid.uuid4` makes."""
    import uuid

    from majlis.meetings.services.voting import _version4_keys, cast_votes

    poll = _open(clerk, sitting, kind="named")
    cast_votes([(user, poll.pk, "yes") for user in council.users])
    keys = list(Vote.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(keys) == len(set(keys)) == len(council.users)
    assert all(key.version == 4 and key.variant == uuid.RFC_4122 for key in keys)
    drawn = _version4_keys(2000)
    assert len(set(drawn)) == 2000 and all(uuid.UUID(key).hex == key and uuid.UUID(key).version == 4 for key in drawn)
    assert {uuid.UUID(key).variant for key in drawn} == {uuid.RFC_4122}
    # Random beyond the fixed bits: every hex digit but the version's takes many values.
    assert all(len({key[i] for key in drawn}) >= 4 for i in range(32) if i != 12)


@pytest.mark.django_db
def test_votes_are_indexed_by_the_unique_pair_alone_and_keep_their_foreign_keys():
    """A vote storm writes every index of the vote table 500 times: the (poll, person)
    unique index serves the lookups by poll, so there is no second index on poll alone,
    while both foreign keys (and the person index that deleting a person needs) stay."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Vote._meta.db_table)
    plain_indexes = [c["columns"] for c in constraints.values() if c["index"] and not c["unique"]]
    assert plain_indexes == [["person_id"]]
    assert [c["columns"] for c in constraints.values() if c["unique"] and not c["primary_key"]] == [["poll_id", "person_id"]]
    assert sorted(c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]) == ["core_person", "meetings_poll"]

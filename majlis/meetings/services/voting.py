"""Polls: named (roll-call), secret and show-of-hands.

Rules kept here:
- one vote per entitled member, enforced by a unique constraint (not by a prior read);
- a named vote may change until close when the body's rules allow it; a secret vote
  never (changing it would need the member↔choice link a secret ballot must not keep);
- a secret ballot writes a "has voted" row with no choice and no time, and increments
  the choice's counter in `PollTally`; nothing else records the choice;
- at close the entitled list, attendance, counts and outcome are frozen on the poll and
  written to the audit chain (for named polls, with every member's vote).
"""

from __future__ import annotations

import math
import os
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from majlis.core import audit
from majlis.core.models import Person
from majlis.meetings.models import Meeting, Poll, PollTally, Vote
from majlis.meetings.services.common import check_fields, label, one_of, push

MAJORITIES = [m.value for m in Poll.Majority]
POLL_FIELDS = {"title_ar", "title_en", "kind", "majority", "options", "agenda_item", "motion"}


@transaction.atomic
def create_poll(actor, meeting: Meeting, **fields) -> Poll:
    from majlis.meetings.services.calendar import rules_for

    check_fields(fields, POLL_FIELDS)
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    rules = rules_for(meeting.body)
    poll = Poll(meeting=meeting, **fields)
    if not poll.options:
        poll.options = list(rules.vote_options)
    if not poll.title_ar and not poll.title_en:
        if poll.motion_id:
            poll.title_ar, poll.title_en = poll.motion.title_ar, poll.motion.title_en
        elif poll.agenda_item_id:
            poll.title_ar, poll.title_en = poll.agenda_item.title_ar, poll.agenda_item.title_en
    if "majority" not in fields:
        poll.majority = rules.default_majority
    if not poll.title_ar and not poll.title_en:
        raise ValidationError({"title_ar": _("a poll needs a question (or a motion or agenda item to take it from)")})
    if poll.kind not in Poll.Kind.values:
        raise ValidationError({"kind": one_of(Poll.Kind.values)})
    if poll.majority not in MAJORITIES:
        raise ValidationError({"majority": one_of(MAJORITIES)})
    options = poll.options
    if not isinstance(options, list) or len(options) < 2 or len(set(options)) != len(options) or "yes" not in options:
        raise ValidationError({"options": _("at least two distinct options, one of them \"yes\"")})
    for name, obj in (("agenda_item", poll.agenda_item), ("motion", poll.motion)):
        if obj is not None and obj.meeting_id != meeting.pk:
            raise ValidationError({name: _("belongs to another meeting")})
    if meeting.state in (Meeting.State.CLOSED, Meeting.State.CANCELLED):
        raise ValidationError({"meeting": _("the meeting is %(state)s") % {"state": label(Meeting.State, meeting.state)}})
    poll.save()
    audit.record(actor, "poll.create", poll, after=audit.snapshot(poll))
    push(meeting.pk)
    return poll


@transaction.atomic
def open_poll(actor, poll: Poll) -> Poll:
    from majlis.meetings.services.attendance import quorum
    from majlis.meetings.services.calendar import rules_for

    poll = Poll.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=poll.pk)
    meeting = poll.meeting
    if poll.state != Poll.State.DRAFT:
        raise ValidationError({"state": _("the poll is %(state)s") % {"state": label(Poll.State, poll.state)}})
    if meeting.state != Meeting.State.IN_PROGRESS:
        raise ValidationError({"meeting": _("polls open only while the sitting is in progress")})
    if meeting.polls.filter(state=Poll.State.OPEN).exists():
        raise ValidationError({"state": _("another poll is open")})
    rules = rules_for(meeting.body)
    q = quorum(meeting)
    if rules.poll_requires_quorum and not q["has_quorum"]:
        raise ValidationError({"quorum": _("no quorum: %(present)s present, %(required)s required")
                               % {"present": q["present"], "required": q["required"]}})
    before = audit.snapshot(poll)
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    # The rule in force when the poll opened applies to the whole poll.
    poll.allow_vote_change = rules.vote_changes_allowed and poll.kind == Poll.Kind.NAMED
    poll.save()
    PollTally.objects.bulk_create([PollTally(poll=poll, choice=c, count=0) for c in poll.options], ignore_conflicts=True)
    audit.record(actor, "poll.open", poll, before=before, after=audit.snapshot(poll))
    push(meeting.pk, "poll")
    return poll


class VoteRefused(ValidationError):
    pass


# The refusals of a vote are lazy: they are translated when they are shown, not when they
# are made. A live vote batch (`cast_votes`) answers members who read different languages
# with one refusal object, and its worker thread has no language of its own; the consumer
# renders each refusal in its member's language, the API in the request's.
_lazy_label = lazy(label, str)
_lazy_one_of = lazy(one_of, str)


def _refusal(field: str, message, **params) -> VoteRefused:
    return VoteRefused({field: ValidationError(message, params=params or None)})


def _poll_is(poll: Poll) -> VoteRefused:
    return _refusal("poll", gettext_lazy("the poll is %(state)s"), state=_lazy_label(Poll.State, poll.state))


def _no_person() -> PermissionDenied:
    return PermissionDenied(gettext_lazy("only members linked to a person may vote"))


def _show_of_hands() -> VoteRefused:
    return _refusal("poll", gettext_lazy("a show of hands is counted by the clerk, not cast"))


def _choice(poll: Poll) -> VoteRefused:
    return _refusal("choice", _lazy_one_of(poll.options))


def _not_entitled() -> PermissionDenied:
    return PermissionDenied(gettext_lazy("not entitled to vote in this poll"))


def _already_secret() -> VoteRefused:
    return _refusal("person", gettext_lazy("already voted (a secret vote cannot be changed)"))


def _already_named() -> VoteRefused:
    return _refusal("person", gettext_lazy("already voted (this body does not allow changing a vote)"))


def _other_meeting() -> VoteRefused:
    return _refusal("poll", gettext_lazy("no such poll in this meeting"))


def cast_vote(actor, poll: Poll | int, choice: str, *, person: Person | None = None) -> dict:
    """Record the actor's (or, for the clerk entering a proxy, `person`'s) vote.
    Returns {"poll", "choice" (None for secret), "changed"}. Retries once when two of
    the same member's votes race, so that the second becomes a change or a refusal."""
    try:
        return _cast_vote(actor, poll, choice, person)
    except IntegrityError:
        return _cast_vote(actor, poll, choice, person)


@transaction.atomic
def _cast_vote(actor, poll, choice, person) -> dict:
    from majlis.meetings.permissions import person_for
    from majlis.meetings.services.attendance import is_entitled

    poll_id = poll.pk if isinstance(poll, Poll) else int(poll)
    # Every writer of a poll's votes (and close_poll) locks the poll row first: votes on
    # one poll queue there instead of deadlocking on each other's unique-index waits, and
    # a vote either commits before the close counts or sees the poll closed.
    poll = Poll.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=poll_id)
    if person is None:
        person = person_for(actor)
        if person is None:
            raise _no_person()
    elif person != person_for(actor):
        from majlis.meetings.permissions import can_chair

        if not can_chair(actor, poll.meeting):
            raise PermissionDenied(gettext_lazy("only the chair or a clerk may record another member's vote"))
    if poll.state != Poll.State.OPEN:
        raise _poll_is(poll)
    if poll.kind == Poll.Kind.SHOW_OF_HANDS:
        raise _show_of_hands()
    if choice not in poll.options:
        raise _choice(poll)
    if not is_entitled(poll.meeting, person):
        raise _not_entitled()

    if poll.kind == Poll.Kind.SECRET:
        try:
            with transaction.atomic():
                Vote.objects.create(poll=poll, person=person, choice="", cast_at=None)
        except IntegrityError:
            raise _already_secret() from None
        PollTally.objects.filter(poll=poll, choice=choice).update(count=F("count") + 1)
        push(poll.meeting_id, "vote")
        return {"poll": poll.pk, "choice": None, "changed": False}

    now = timezone.now()
    try:
        with transaction.atomic():
            Vote.objects.create(poll=poll, person=person, choice=choice, cast_at=now)
        changed = False
    except IntegrityError:
        if not poll.allow_vote_change:
            raise _already_named() from None
        updated = Vote.objects.filter(poll=poll, person=person).exclude(choice=choice).update(
            choice=choice, cast_at=now, changes=F("changes") + 1)
        changed = bool(updated)
    push(poll.meeting_id, "vote")
    return {"poll": poll.pk, "choice": choice, "changed": changed}


def counts(poll: Poll) -> dict[str, int]:
    """Current counts per option (live, or the frozen result once closed)."""
    if poll.state == Poll.State.CLOSED and poll.result:
        # In the poll's option order: PostgreSQL's jsonb does not keep key order.
        return {option: int(poll.result.get(option, 0)) for option in poll.options}
    if poll.kind == Poll.Kind.NAMED:
        found = dict(poll.votes.values_list("choice").annotate(n=Count("id")).values_list("choice", "n"))
    else:
        found = dict(poll.tallies.values_list("choice", "count"))
    return {option: int(found.get(option, 0)) for option in poll.options}


def votes_cast(poll: Poll) -> int:
    if poll.state == Poll.State.CLOSED:
        return poll.votes_cast
    if poll.kind == Poll.Kind.SHOW_OF_HANDS:
        return sum(counts(poll).values())
    return poll.votes.count()


def outcome(majority: str, result: dict[str, int], *, members: int, present: int) -> bool:
    yes = result.get("yes", 0)
    against = result.get("no", 0)
    if majority == Poll.Majority.SIMPLE:
        return yes > against
    if majority == Poll.Majority.ABSOLUTE:
        return yes > members / 2
    if majority == Poll.Majority.TWO_THIRDS_MEMBERS:
        return yes >= math.ceil(2 * members / 3) and yes > 0
    if majority == Poll.Majority.TWO_THIRDS_PRESENT:
        return yes >= math.ceil(2 * present / 3) and yes > 0
    raise ValueError(majority)


@transaction.atomic
def enter_show_of_hands(actor, poll: Poll, result: dict[str, int]) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.kind != Poll.Kind.SHOW_OF_HANDS:
        raise ValidationError({"kind": _("counts are entered only for a show of hands")})
    if poll.state != Poll.State.OPEN:
        raise ValidationError({"state": _("the poll is %(state)s") % {"state": label(Poll.State, poll.state)}})
    unknown = set(result) - set(poll.options)
    if unknown:
        raise ValidationError({"result": _("unknown options: %(options)s") % {"options": ", ".join(sorted(unknown))}})
    if any(not isinstance(v, int) or v < 0 for v in result.values()):
        raise ValidationError({"result": _("counts are whole numbers, zero or more")})
    from majlis.meetings.services.attendance import entitled_ids

    if sum(result.values()) > len(entitled_ids(poll.meeting)):
        raise ValidationError({"result": _("more votes than members")})
    for option in poll.options:
        PollTally.objects.filter(poll=poll, choice=option).update(count=int(result.get(option, 0)))
    audit.record(actor, "poll.show_of_hands", poll, after={"result": {o: int(result.get(o, 0)) for o in poll.options}})
    push(poll.meeting_id, "vote")
    return poll


@transaction.atomic
def close_poll(actor, poll: Poll) -> Poll:
    from majlis.meetings.services.attendance import entitled_ids, present_ids

    poll = Poll.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=poll.pk)
    if poll.state != Poll.State.OPEN:
        raise ValidationError({"state": _("the poll is %(state)s") % {"state": label(Poll.State, poll.state)}})
    meeting = poll.meeting
    entitled = entitled_ids(meeting)
    present = present_ids(meeting) & set(entitled)
    before = audit.snapshot(poll)
    result = counts(poll)
    poll.entitled = entitled
    poll.members_count = len(entitled)
    poll.present_count = len(present)
    poll.votes_cast = votes_cast(poll)
    poll.result = result
    poll.adopted = outcome(poll.majority, result, members=len(entitled), present=len(present))
    poll.state = Poll.State.CLOSED
    poll.closed_at = timezone.now()
    poll.save()
    frozen = {**audit.snapshot(poll), "present": sorted(present)}
    if poll.kind == Poll.Kind.NAMED:
        frozen["votes"] = {str(pid): c for pid, c in poll.votes.order_by("person_id").values_list("person_id", "choice")}
    elif poll.kind == Poll.Kind.SECRET:
        frozen["voted"] = sorted(poll.votes.values_list("person_id", flat=True))
    audit.record(actor, "poll.close", poll, before=before, after=frozen)
    if poll.motion_id and poll.motion.state == "debated":
        from majlis.meetings.services.motions import transition_motion

        transition_motion(actor, poll.motion, "voted")
        transition_motion(actor, poll.motion, "adopted" if poll.adopted else "rejected")
    push(meeting.pk, "poll")
    return poll


@transaction.atomic
def cancel_poll(actor, poll: Poll) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state not in (Poll.State.DRAFT, Poll.State.OPEN):
        raise ValidationError({"state": _("the poll is %(state)s") % {"state": label(Poll.State, poll.state)}})
    before = audit.snapshot(poll)
    poll.state = Poll.State.CANCELLED
    poll.save(update_fields=["state"])
    audit.record(actor, "poll.cancel", poll, before=before, after=audit.snapshot(poll))
    push(poll.meeting_id, "poll")
    return poll


def named_results(poll: Poll) -> list[dict]:
    """Per member (for the CSV/PDF export): every entitled member with their vote or none."""
    if poll.kind != Poll.Kind.NAMED:
        raise ValidationError({"poll": _("only a named poll has results per member")})
    ids = poll.entitled if poll.state == Poll.State.CLOSED else None
    from majlis.meetings.services.attendance import entitled_people

    people = Person.objects.filter(pk__in=ids) if ids is not None else entitled_people(poll.meeting)
    choices = dict(poll.votes.values_list("person_id", "choice"))
    return [{"person": p, "choice": choices.get(p.pk, "")} for p in people.order_by("name_en", "id")]




def cast_votes(batch: list[tuple]) -> list:
    """Record many votes in one transaction (group commit for the live path, where a
    vote storm arrives within milliseconds). `batch` is [(actor, poll_id, choice)] or,
    from a meeting's page, [(actor, poll_id, choice, meeting_id)], which refuses a poll of
    another meeting. The result list holds, per entry, what `cast_vote` would return or
    the exception it would raise. The same rules hold: the unique constraint still
    decides, and a batch that meets a vote written by another process falls back to one
    vote at a time."""
    results: list = [None] * len(batch)
    by_poll: dict[int, list[int]] = {}
    for index, (_actor, poll_id, *_rest) in enumerate(batch):
        by_poll.setdefault(int(poll_id), []).append(index)
    try:
        # No savepoint per poll: on PostgreSQL each costs two more round trips, and a batch
        # is on the path of every ack it holds.
        with transaction.atomic():
            for poll_id, indexes in by_poll.items():
                _cast_batch(poll_id, batch, indexes, results)
    except IntegrityError:  # cannot happen while every writer locks the poll; kept as a net
        return [_cast_alone(*entry) for entry in batch]
    return results


def _cast_alone(actor, poll_id, choice, meeting_id=None):
    """One entry of a batch in a transaction of its own: `cast_vote`'s result or refusal."""
    try:
        if meeting_id is not None and not Poll.objects.filter(pk=poll_id, meeting_id=meeting_id).exists():
            return _other_meeting()
        return cast_vote(actor, poll_id, choice)
    except (ValidationError, PermissionDenied) as exc:
        return exc
    except Poll.DoesNotExist:
        return _refusal("poll", gettext_lazy("no such poll"))
    except IntegrityError:
        return _refusal("person", gettext_lazy("already voted"))


def _cast_batch(poll_id: int, batch, indexes, results) -> None:
    from majlis.meetings.services.attendance import entitled_people

    poll = Poll.objects.select_for_update(of=("self",)).select_related("meeting").filter(pk=poll_id).first()
    if poll is None:
        refuse = _refusal("poll", gettext_lazy("no such poll"))
        for index in indexes:
            results[index] = refuse
        return
    refuse = None
    if poll.state != Poll.State.OPEN:
        refuse = _poll_is(poll)
    elif poll.kind == Poll.Kind.SHOW_OF_HANDS:
        refuse = _show_of_hands()
    if refuse is not None:
        for index in indexes:
            results[index] = refuse
        return
    # One query, plain ids, no IN list of every voter (Django prepares each value of
    # one): this runs for every batch of a storm. The entitled members come with their
    # logins and their vote so far (only theirs counts: anyone else is refused); voters
    # outside them are looked up, for the right refusal.
    current = Vote.objects.filter(poll=poll, person=OuterRef("pk")).values("choice")[:1]
    people, existing = {}, {}
    for pk, user_id, choice in entitled_people(poll.meeting).order_by().annotate(voted=Subquery(current)).values_list("pk", "user_id", "voted"):
        if user_id:
            people[user_id] = pk
        if choice is not None:
            existing[pk] = choice
    entitled = set(people.values())
    outsiders = {getattr(batch[i][0], "pk", None) for i in indexes} - people.keys() - {None}
    if outsiders:
        people.update(Person.objects.filter(user_id__in=outsiders).values_list("user_id", "pk"))
    now = timezone.now()
    new_votes: dict[int, str] = {}
    changes: dict[int, str] = {}
    # Each kind of refusal is made once per batch and shared by every vote it answers (as
    # `refuse` above): its message is lazy, rendered later in each member's language.
    refusals: dict = {}

    def refusal(make, *args):
        found = refusals.get(make)
        if found is None:
            found = refusals[make] = make(*args)
        return found

    for index in indexes:
        actor, _pid, choice, *where = batch[index]
        person_id = people.get(getattr(actor, "pk", None)) if getattr(actor, "is_authenticated", False) else None
        if where and where[0] is not None and where[0] != poll.meeting_id:
            results[index] = refusal(_other_meeting)
        elif person_id is None:
            results[index] = refusal(_no_person)
        elif choice not in poll.options:
            results[index] = refusal(_choice, poll)
        elif person_id not in entitled:
            results[index] = refusal(_not_entitled)
        elif person_id in existing or person_id in new_votes:
            if poll.kind == Poll.Kind.SECRET:
                results[index] = refusal(_already_secret)
            elif not poll.allow_vote_change:
                results[index] = refusal(_already_named)
            else:
                previous = new_votes.get(person_id, changes.get(person_id, existing.get(person_id)))
                if person_id in new_votes:
                    new_votes[person_id] = choice
                else:
                    changes[person_id] = choice
                results[index] = {"poll": poll.pk, "choice": choice, "changed": previous != choice}
        else:
            new_votes[person_id] = choice
            results[index] = {"poll": poll.pk, "choice": None if poll.kind == Poll.Kind.SECRET else choice, "changed": False}
    secret = poll.kind == Poll.Kind.SECRET
    _insert_votes(poll.pk, [(pid, "" if secret else choice) for pid, choice in sorted(new_votes.items())], None if secret else now)
    if secret:
        per_choice: dict[str, int] = {}
        for choice in new_votes.values():
            per_choice[choice] = per_choice.get(choice, 0) + 1
        for choice, n in per_choice.items():
            PollTally.objects.filter(poll=poll, choice=choice).update(count=F("count") + n)
    # Changed votes: one UPDATE per option, not one per member (a storm of changes).
    changed_to: dict[str, list[int]] = {}
    for pid, choice in changes.items():
        changed_to.setdefault(choice, []).append(pid)
    for choice, pids in changed_to.items():
        Vote.objects.filter(poll=poll, person_id__in=pids).exclude(choice=choice).update(choice=choice, cast_at=now, changes=F("changes") + 1)
    if new_votes or changes:
        push(poll.meeting_id, "vote")


def _insert_votes(poll_id: int, rows: list[tuple[int, str]], cast_at) -> None:
    """Many new votes in one INSERT. The ORM's bulk_create builds and prepares a model
    instance per row, which was most of the time of a 500-vote batch, and `executemany`
    sends PostgreSQL one statement per row (44 ms for 500); a vote is five plain values.
    The unique constraint on (poll, person) still decides, as for `cast_vote`."""
    if not rows:
        return
    meta = Vote._meta
    table = connection.ops.quote_name(meta.db_table)
    when = meta.get_field("cast_at").get_db_prep_save(cast_at, connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Columns as arrays, five parameters in all: psycopg splits a statement of
            # 2,500 placeholders in Python (11 ms for 500 votes). The keys are random
            # version-4 UUIDs as `uuid.uuid4` makes them, made by the server: 500 of them
            # built and quoted in Python took ~2 ms of the batch. The two long arrays go
            # as literals of plain numbers built here (psycopg's list dumper took 1.5 ms
            # of a 500-vote batch); a choice goes as its position among the batch's few
            # labels, which psycopg quotes, as they are the clerk's free text.
            labels = sorted({choice for _, choice in rows})
            position = {label: str(n) for n, label in enumerate(labels, 1)}
            cursor.execute(
                f"INSERT INTO {table} (id, poll_id, person_id, choice, cast_at, changes) "
                "SELECT gen_random_uuid(), %s, v.person_id, (%s::text[])[v.label], %s, 0 "
                "FROM unnest(%s::bigint[], %s::int[]) AS v(person_id, label)",
                [poll_id, labels, when, "{" + ",".join([str(int(pid)) for pid, _ in rows]) + "}",
                 "{" + ",".join([position[choice] for _, choice in rows]) + "}"],
            )
            return
        # Elsewhere (SQLite) multi-row VALUES, as many rows a statement as it takes values.
        keys = iter([uuid.uuid4() for _ in rows] if connection.features.has_native_uuid_field else _version4_keys(len(rows)))
        columns = ("id", "poll_id", "person_id", "choice", "cast_at")
        size = max(1, connection.ops.bulk_batch_size(columns, rows))
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}, changes) VALUES " + ", ".join(["(%s, %s, %s, %s, %s, 0)"] * len(chunk)),
                           [value for pid, choice in chunk for value in (next(keys), poll_id, pid, choice, when)])


def _version4_keys(count: int) -> list[str]:
    """`count` random version-4 UUIDs as the 32 hex digits a UUIDField is stored as where
    the database has no uuid type (SQLite), with the bytes of all of them drawn at once:
    500 `uuid.uuid4().hex` took 2.1 ms of a 500-vote batch, this takes 0.2."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(byte & 0x0F | 0x40 for byte in raw[6::16])  # version 4
    raw[8::16] = bytes(byte & 0x3F | 0x80 for byte in raw[8::16])  # the RFC 4122 variant
    digits = raw.hex()
    return [digits[i:i + 32] for i in range(0, 32 * count, 32)]

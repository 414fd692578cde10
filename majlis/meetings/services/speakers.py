"""The speakers' list: requests for the floor, the chair's control of it, and the
recorded start and end of every speech (the Hansard attributes transcripts with them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from majlis.core import audit
from majlis.core.models import Person
from majlis.meetings.models import Meeting, SpeakerSlot
from majlis.meetings.services.common import label, one_of, push

WAITING = (SpeakerSlot.State.REQUESTED,)
ACTIVE = (SpeakerSlot.State.SPEAKING, SpeakerSlot.State.PAUSED)
# Points of order are heard before anyone still waiting (standing orders everywhere).
QUEUE_PRIORITY = {SpeakerSlot.Kind.POINT_OF_ORDER: 0}


def _snap(slot: SpeakerSlot) -> dict:
    return audit.snapshot(slot, ["meeting", "agenda_item", "person", "kind", "state", "position", "requested_at", "started_at", "ended_at"])


def queue(meeting: Meeting) -> list[SpeakerSlot]:
    """Waiting requests in the order they will be called."""
    slots = list(SpeakerSlot.objects.filter(meeting=meeting, state__in=WAITING).select_related("person"))
    return sorted(slots, key=lambda s: (QUEUE_PRIORITY.get(s.kind, 1), s.position, s.pk))


def current(meeting: Meeting) -> SpeakerSlot | None:
    return SpeakerSlot.objects.filter(meeting=meeting, state__in=ACTIVE).select_related("person").first()


def remaining_seconds(slot: SpeakerSlot, now=None) -> float:
    if not slot.time_limit_seconds:
        return 0.0
    spoken = slot.spoken_seconds
    if slot.state == SpeakerSlot.State.SPEAKING and slot.resumed_at:
        spoken += ((now or timezone.now()) - slot.resumed_at).total_seconds()
    return slot.time_limit_seconds - spoken


def _live(meeting: Meeting) -> None:
    if meeting.state not in (Meeting.State.IN_PROGRESS, Meeting.State.SUSPENDED, Meeting.State.CONVENED):
        raise ValidationError({"meeting": _("the speakers' list is closed while the meeting is %(state)s") % {"state": label(Meeting.State, meeting.state)}})


@transaction.atomic
def request_floor(actor, meeting: Meeting, person: Person, *, kind: str = SpeakerSlot.Kind.SPEECH) -> SpeakerSlot:
    from majlis.meetings.services.attendance import is_entitled
    from majlis.meetings.services.calendar import rules_for

    # Lock the meeting so two requests cannot both take the last free place.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _live(meeting)
    if kind not in SpeakerSlot.Kind.values:
        raise ValidationError({"kind": one_of(SpeakerSlot.Kind.values)})
    if not is_entitled(meeting, person):
        raise ValidationError({"person": _("only members of the body may ask for the floor")})
    item = meeting.current_item
    if SpeakerSlot.objects.filter(meeting=meeting, agenda_item=item, person=person, kind=kind, state__in=WAITING).exists():
        raise ValidationError({"person": _("already on the list for this item")})
    rules = rules_for(meeting.body)
    if kind == SpeakerSlot.Kind.SPEECH and rules.max_speakers:
        taken = SpeakerSlot.objects.filter(meeting=meeting, agenda_item=item, kind=kind).exclude(
            state__in=[SpeakerSlot.State.WITHDRAWN, SpeakerSlot.State.REFUSED]).count()
        if taken >= rules.max_speakers:
            raise ValidationError({"kind": _("the list is full (%(count)s speakers per item)") % {"count": rules.max_speakers}})
    position = (SpeakerSlot.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0) + 1
    limit = rules.point_of_order_seconds if kind == SpeakerSlot.Kind.POINT_OF_ORDER else rules.speech_seconds
    slot = SpeakerSlot.objects.create(
        meeting=meeting, agenda_item=item, person=person, kind=kind, position=position,
        requested_at=timezone.now(), time_limit_seconds=limit,
    )
    audit.record(actor, "speaker.request", slot, object_repr=str(person), after=_snap(slot))
    push(meeting.pk)
    return slot


def _locked(slot: SpeakerSlot) -> SpeakerSlot:
    Meeting.objects.select_for_update().get(pk=slot.meeting_id)
    return SpeakerSlot.objects.select_related("meeting", "person").get(pk=slot.pk)


def _stop(slot: SpeakerSlot, now) -> None:
    if slot.state == SpeakerSlot.State.SPEAKING and slot.resumed_at:
        slot.spoken_seconds += (now - slot.resumed_at).total_seconds()
    slot.resumed_at = None


def end_running_speech(actor, meeting: Meeting) -> None:
    for slot in SpeakerSlot.objects.filter(meeting=meeting, state__in=ACTIVE):
        _finish(actor, slot)


def _finish(actor, slot: SpeakerSlot) -> SpeakerSlot:
    before = _snap(slot)
    now = timezone.now()
    _stop(slot, now)
    slot.state = SpeakerSlot.State.DONE
    slot.ended_at = now
    slot.save()
    audit.record(actor, "speaker.end", slot, object_repr=str(slot.person), before=before, after=_snap(slot))
    return slot


@transaction.atomic
def give_floor(actor, slot: SpeakerSlot) -> SpeakerSlot:
    """Start the speech: whoever is speaking now is ended first."""
    slot = _locked(slot)
    meeting = slot.meeting
    if meeting.state != Meeting.State.IN_PROGRESS:
        raise ValidationError({"meeting": _("the sitting is not in progress")})
    if slot.state != SpeakerSlot.State.REQUESTED:
        raise ValidationError({"state": _("this request is %(state)s") % {"state": label(SpeakerSlot.State, slot.state)}})
    end_running_speech(actor, meeting)
    before = _snap(slot)
    now = timezone.now()
    slot.state = SpeakerSlot.State.SPEAKING
    slot.started_at = now
    slot.resumed_at = now
    slot.save()
    audit.record(actor, "speaker.start", slot, object_repr=str(slot.person), before=before, after=_snap(slot))
    push(meeting.pk)
    return slot


@transaction.atomic
def next_speaker(actor, meeting: Meeting) -> SpeakerSlot | None:
    waiting = queue(meeting)
    if not waiting:
        end_running_speech(actor, meeting)
        push(meeting.pk)
        return None
    return give_floor(actor, waiting[0])


@transaction.atomic
def pause_speech(actor, slot: SpeakerSlot) -> SpeakerSlot:
    slot = _locked(slot)
    if slot.state != SpeakerSlot.State.SPEAKING:
        raise ValidationError({"state": _("only a running speech can be paused")})
    _stop(slot, timezone.now())
    slot.state = SpeakerSlot.State.PAUSED
    slot.save()
    push(slot.meeting_id)
    return slot


@transaction.atomic
def resume_speech(actor, slot: SpeakerSlot) -> SpeakerSlot:
    slot = _locked(slot)
    if slot.state != SpeakerSlot.State.PAUSED:
        raise ValidationError({"state": _("only a paused speech can be resumed")})
    slot.state = SpeakerSlot.State.SPEAKING
    slot.resumed_at = timezone.now()
    slot.save()
    push(slot.meeting_id)
    return slot


@transaction.atomic
def end_speech(actor, slot: SpeakerSlot) -> SpeakerSlot:
    slot = _locked(slot)
    if slot.state not in ACTIVE:
        raise ValidationError({"state": _("this speech is not running")})
    _finish(actor, slot)
    push(slot.meeting_id)
    return slot


@transaction.atomic
def withdraw(actor, slot: SpeakerSlot, *, refused: bool = False) -> SpeakerSlot:
    """The member withdraws a request, or the chair refuses it."""
    slot = _locked(slot)
    if slot.state != SpeakerSlot.State.REQUESTED:
        raise ValidationError({"state": _("only a waiting request can be withdrawn")})
    before = _snap(slot)
    slot.state = SpeakerSlot.State.REFUSED if refused else SpeakerSlot.State.WITHDRAWN
    slot.save()
    audit.record(actor, "speaker.refuse" if refused else "speaker.withdraw", slot, object_repr=str(slot.person), before=before, after=_snap(slot))
    push(slot.meeting_id)
    return slot


@transaction.atomic
def reorder_queue(actor, meeting: Meeting, slot_ids: list[int]) -> list[SpeakerSlot]:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    waiting = {s.pk: s for s in SpeakerSlot.objects.filter(meeting=meeting, state__in=WAITING)}
    if sorted(slot_ids) != sorted(waiting):
        raise ValidationError({"slots": _("give every waiting request exactly once")})
    _place(waiting.values(), slot_ids)
    audit.record(actor, "speaker.reorder", meeting, after={"order": slot_ids})
    push(meeting.pk)
    return queue(meeting)


def _place(waiting, slot_ids: list[int]) -> None:
    """Number the waiting requests in the order given, from the lowest place they hold."""
    base = min((s.position for s in waiting), default=1)
    for offset, pk in enumerate(slot_ids):
        SpeakerSlot.objects.filter(pk=pk).update(position=base + offset)


MOVES = ("up", "down")


def _partner(waiting: list[SpeakerSlot], index: int, direction: str) -> int | None:
    """The place of the request that the one at `index` would trade places with, moving
    `direction`: its neighbour of the same rank (the queue is sorted by rank first, so
    points of order stay ahead of everyone else waiting), or None."""
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(waiting) and QUEUE_PRIORITY.get(waiting[other].kind, 1) == QUEUE_PRIORITY.get(waiting[index].kind, 1):
        return other
    return None


def moves(waiting: list[SpeakerSlot]) -> list[dict[str, bool]]:
    """For each request of `queue(meeting)`, whether `move_in_queue` can move it up and
    down (the chair's console disables the other buttons)."""
    return [{direction: _partner(waiting, i, direction) is not None for direction in MOVES} for i in range(len(waiting))]


@transaction.atomic
def move_in_queue(actor, slot: SpeakerSlot, direction: str) -> list[SpeakerSlot]:
    """Move a waiting request one place up or down the list. It trades places with its
    neighbour of the same rank: points of order stay ahead of everyone else waiting."""
    if direction not in MOVES:
        raise ValidationError({"direction": one_of(MOVES)})
    slot = _locked(slot)
    if slot.state not in WAITING:
        raise ValidationError({"state": _("only a waiting request can be moved")})
    waiting = queue(slot.meeting)
    before = [s.pk for s in waiting]
    index = before.index(slot.pk)
    other = _partner(waiting, index, direction)
    if other is None:
        raise ValidationError({"direction": _("already first in the list") if direction == "up" else _("already last in the list")})
    order = list(before)
    order[index], order[other] = order[other], order[index]
    _place(waiting, order)
    after = queue(slot.meeting)
    audit.record(actor, "speaker.move", slot, object_repr=str(slot.person),
                 before={"order": before}, after={"order": [s.pk for s in after], "direction": direction})
    push(slot.meeting_id)
    return after

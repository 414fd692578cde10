"""Motions and amendments. Their workflow is the data below: states with flags and the
states each may move to; `transition_motion` refuses anything else."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from majlis.core import audit
from majlis.core.models import Person
from majlis.meetings.models import AgendaItem, Meeting, Motion
from majlis.meetings.services.common import check_fields, label, push, require_title


@dataclass(frozen=True)
class MotionState:
    key: str
    label: object
    next: tuple[str, ...]
    final: bool = False
    allows_poll: bool = False
    allows_cosigning: bool = False
    flags: dict = field(default_factory=dict)


MOTION_WORKFLOW = {
    s.key: s
    for s in [
        MotionState("submitted", gettext_lazy("submitted"), ("admitted", "withdrawn", "not_admitted"), allows_cosigning=True),
        MotionState("admitted", gettext_lazy("admitted"), ("debated", "withdrawn")),
        MotionState("debated", gettext_lazy("under debate"), ("voted", "withdrawn"), allows_poll=True),
        MotionState("voted", gettext_lazy("voted"), ("adopted", "rejected")),
        MotionState("adopted", gettext_lazy("adopted"), (), final=True),
        MotionState("rejected", gettext_lazy("rejected"), (), final=True),
        MotionState("withdrawn", gettext_lazy("withdrawn"), (), final=True),
        MotionState("not_admitted", gettext_lazy("not admitted"), (), final=True),
    ]
}
INITIAL_STATE = "submitted"
# States a body's rules may switch off (`BodyRules.motions_need_admission`): without an
# admission step there is nothing to admit and nothing to refuse.
ADMISSION_STATES = ("admitted", "not_admitted")


def _without(workflow: dict[str, MotionState], off: set[str]) -> dict[str, MotionState]:
    """The workflow with the states in `off` removed: a move into a removed state leads
    on to where that state would have led, so no path through the workflow is lost."""

    def onward(keys, seen=()):
        for key in keys:
            if key not in off:
                yield key
            elif key not in seen:
                yield from onward(workflow[key].next, (*seen, key))

    result = {}
    for key, state in workflow.items():
        if key not in off:
            result[key] = replace(state, next=tuple(dict.fromkeys(onward(state.next))))
    return result


def workflow_for(body) -> dict[str, MotionState]:
    """The motion workflow under a body's rules (the full table unless a rule turns a
    step off)."""
    from majlis.meetings.services.calendar import rules_for

    if rules_for(body).motions_need_admission:
        return MOTION_WORKFLOW
    return _without(MOTION_WORKFLOW, set(ADMISSION_STATES))


def state_of(motion: Motion, workflow: dict[str, MotionState] | None = None) -> MotionState:
    """A motion's step; one left in a state its body has since switched off keeps the
    moves that state had, so it is never stuck."""
    workflow = workflow or workflow_for(motion.meeting.body)
    return workflow.get(motion.state) or MOTION_WORKFLOW[motion.state]

MOTION_FIELDS = {"title_ar", "title_en", "text_ar", "text_en", "agenda_item", "amends", "submitter"}


@transaction.atomic
def submit_motion(actor, meeting: Meeting, *, cosigners: list[Person] = (), **fields) -> Motion:
    check_fields(fields, MOTION_FIELDS)
    meeting = Meeting.objects.get(pk=meeting.pk)
    motion = Motion(meeting=meeting, state=INITIAL_STATE, **fields)
    require_title(motion)
    if not (motion.text_ar or motion.text_en):
        raise ValidationError({"text_ar": _("the motion needs a text")})
    item: AgendaItem | None = fields.get("agenda_item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("the item belongs to another meeting")})
    amends: Motion | None = fields.get("amends")
    if amends is not None and (amends.meeting_id != meeting.pk or MOTION_WORKFLOW[amends.state].final):
        raise ValidationError({"amends": _("an amendment must amend an open motion of the same meeting")})
    if meeting.state in (Meeting.State.CLOSED, Meeting.State.CANCELLED):
        raise ValidationError({"meeting": _("the meeting is %(state)s") % {"state": label(Meeting.State, meeting.state)}})
    motion.save()
    if cosigners:
        motion.cosigners.set(cosigners)
    audit.record(actor, "motion.submit", motion, after={**audit.snapshot(motion), "cosigners": sorted(p.pk for p in cosigners)})
    push(meeting.pk)
    return motion


@transaction.atomic
def cosign(actor, motion: Motion, person: Person) -> Motion:
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if not MOTION_WORKFLOW[motion.state].allows_cosigning:
        raise ValidationError({"state": _("a motion that is %(state)s can no longer be co-signed") % {"state": MOTION_WORKFLOW[motion.state].label}})
    if person.pk == motion.submitter_id:
        raise ValidationError({"person": _("the submitter does not co-sign")})
    motion.cosigners.add(person)
    audit.record(actor, "motion.cosign", motion, after={"person": person.pk})
    return motion


@transaction.atomic
def transition_motion(actor, motion: Motion, state: str) -> Motion:
    motion = Motion.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=motion.pk)
    workflow = workflow_for(motion.meeting.body)
    current = state_of(motion, workflow)
    if state not in MOTION_WORKFLOW:
        raise ValidationError({"state": _("unknown state %(state)s; one of %(states)s") % {"state": repr(state), "states": ", ".join(MOTION_WORKFLOW)}})
    if state not in current.next:
        allowed = ", ".join(current.next) or _("none (final)")
        raise ValidationError({"state": _("a motion that is %(state)s cannot become %(new)s; allowed: %(allowed)s")
                               % {"state": current.label, "new": MOTION_WORKFLOW[state].label, "allowed": allowed}})
    before = audit.snapshot(motion)
    motion.state = state
    motion.save(update_fields=["state", "updated"])
    audit.record(actor, f"motion.{state}", motion, before=before, after=audit.snapshot(motion))
    push(motion.meeting_id)
    return motion

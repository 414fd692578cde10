"""Minutes as a product: a bilingual draft generated from the sitting's event log, edited
in revisions with a guard against two clerks overwriting each other, then circulated,
approved at a later sitting and locked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from majlis.core import audit
from majlis.core.bilingual import list_separator
from majlis.meetings.models import Meeting, Minutes, MinutesRevision
from majlis.meetings.services.common import label, one_of
from majlis.meetings.services.motions import MOTION_WORKFLOW

# draft → circulated → approved → locked; a circulated draft can go back for edits.
MINUTES_FLOW = {
    "circulate": (Minutes.State.DRAFT, Minutes.State.CIRCULATED),
    "withdraw": (Minutes.State.CIRCULATED, Minutes.State.DRAFT),
    "approve": (Minutes.State.CIRCULATED, Minutes.State.APPROVED),
    "lock": (Minutes.State.APPROVED, Minutes.State.LOCKED),
}


def minutes_context(meeting: Meeting) -> dict:
    from majlis.meetings.services.attendance import current_status, entitled_people

    status = current_status(meeting)
    people = list(entitled_people(meeting))
    groups: dict[str, list] = {"present": [], "remote": [], "excused": [], "absent": [], "left": []}
    for person in people:
        groups.setdefault(status.get(person.pk, "absent"), []).append(person)
    items = list(meeting.agenda_items.order_by("order", "id"))
    speeches = list(meeting.speaker_slots.filter(started_at__isnull=False).select_related("person", "agenda_item").order_by("started_at"))
    polls = list(meeting.polls.filter(state="closed").select_related("agenda_item", "motion"))
    decisions = list(meeting.decisions.select_related("agenda_item").prefetch_related("action_items"))
    motions = list(meeting.motions.select_related("submitter").prefetch_related("cosigners"))
    for motion in motions:
        # The step's label, rendered in the language the draft is written in (the stored
        # key, "adopted", was printed in the Arabic minutes too).
        motion.state_label = MOTION_WORKFLOW[motion.state].label
    # The proceedings item by item; what happened under no item (a motion or vote taken
    # before the chair moved to one) in a section of its own, not left out.
    events = {"speeches": speeches, "motions": motions, "polls": polls, "decisions": decisions}
    sections = [{"item": item, **{kind: [] for kind in events}} for item in [*items, None]]
    by_item = {getattr(section["item"], "pk", None): section for section in sections}
    for kind, rows in events.items():
        for row in rows:
            by_item.get(row.agenda_item_id, by_item[None])[kind].append(row)
    if not any(by_item[None][kind] for kind in events):
        sections.pop()
    sep = list_separator()  # the draft's language is active
    return {
        "meeting": meeting, "attendance": groups, "items": items, "sections": sections, "decisions": decisions,
        "names": {group: sep.join(person.name for person in found) for group, found in groups.items()},
    }


def generate_text(meeting: Meeting, lang: str) -> str:
    with translation.override(lang):
        return render_to_string("meetings/minutes_draft.txt", minutes_context(meeting)).strip() + "\n"


@transaction.atomic
def generate_minutes(actor, meeting: Meeting) -> Minutes:
    """(Re)generate the draft from the event log. Refused once the minutes left draft."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state in (Meeting.State.DRAFT, Meeting.State.CONVENED, Meeting.State.CANCELLED):
        raise ValidationError({"meeting": _("a meeting that is %(state)s has no minutes yet") % {"state": label(Meeting.State, meeting.state)}})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    body_ar, body_en = generate_text(meeting, "ar"), generate_text(meeting, "en")
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, body_ar=body_ar, body_en=body_en, version=1,
                                         updated_by=actor if getattr(actor, "is_authenticated", False) else None)
    else:
        if minutes.state != Minutes.State.DRAFT:
            raise ValidationError({"state": _("the minutes are %(state)s; only a draft is regenerated") % {"state": label(Minutes.State, minutes.state)}})
        minutes.version += 1
        minutes.body_ar, minutes.body_en = body_ar, body_en
        minutes.save()
    MinutesRevision.objects.create(minutes=minutes, version=minutes.version, body_ar=body_ar, body_en=body_en,
                                   note="generated from the event log", author=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor, "minutes.generate", minutes, object_repr=str(meeting), after={"version": minutes.version})
    return minutes


@transaction.atomic
def save_minutes(actor, minutes: Minutes, *, base_version: int, body_ar: str | None = None, body_en: str | None = None, note: str = "") -> Minutes:
    """Save an edit made on `base_version`. If someone saved since, nothing is written
    and the clerk is told to reload: the second editor never silently wins."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != Minutes.State.DRAFT:
        raise ValidationError({"state": _("the minutes are %(state)s and cannot be edited") % {"state": label(Minutes.State, minutes.state)}})
    try:
        base_version = int(base_version)
    except (TypeError, ValueError):
        raise ValidationError({"base_version": _("the version you edited is missing; reload the minutes")}) from None
    if base_version != minutes.version:
        raise ValidationError({"base_version": _(
            "the minutes changed since you opened them (now version %(now)s, yours %(base)s); reload and apply your edits again")
            % {"now": minutes.version, "base": base_version}})
    if body_ar is None and body_en is None:
        raise ValidationError({"body_ar": _("nothing to save")})
    minutes.body_ar = minutes.body_ar if body_ar is None else body_ar
    minutes.body_en = minutes.body_en if body_en is None else body_en
    minutes.version += 1
    minutes.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    minutes.save()
    MinutesRevision.objects.create(minutes=minutes, version=minutes.version, body_ar=minutes.body_ar, body_en=minutes.body_en,
                                   note=note[:300], author=minutes.updated_by)
    audit.record(actor, "minutes.edit", minutes, object_repr=str(minutes.meeting), after={"version": minutes.version})
    return minutes


@transaction.atomic
def transition_minutes(actor, minutes: Minutes, action: str, *, at_meeting: Meeting | None = None) -> Minutes:
    minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    if action not in MINUTES_FLOW:
        raise ValidationError({"action": one_of(MINUTES_FLOW)})
    source, target = MINUTES_FLOW[action]
    if minutes.state != source:
        raise ValidationError({"action": _("%(action)s is not possible while the minutes are %(state)s")
                               % {"action": repr(action), "state": label(Minutes.State, minutes.state)}})
    before = {"state": minutes.state}
    if action == "approve":
        # Standing orders: minutes are approved at a later sitting of the same body.
        if at_meeting is None:
            raise ValidationError({"at_meeting": _("say at which sitting the minutes were approved")})
        if at_meeting.body_id != minutes.meeting.body_id or at_meeting.start <= minutes.meeting.start or at_meeting.pk == minutes.meeting_id:
            raise ValidationError({"at_meeting": _("minutes are approved at a later meeting of the same body")})
        minutes.approved_at = at_meeting
    minutes.state = target
    minutes.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    minutes.save()
    audit.record(actor, f"minutes.{action}", minutes, object_repr=str(minutes.meeting), before=before,
                 after={"state": minutes.state, "version": minutes.version, "approved_at": minutes.approved_at_id,
                        "approved_at_time": timezone.now().isoformat() if action == "approve" else None})
    return minutes

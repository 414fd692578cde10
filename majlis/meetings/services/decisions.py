"""Decisions, numbered per session and body under a row lock."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from majlis.meetings.models import Decision, Meeting
from majlis.meetings.services.calendar import allocate_number
from majlis.meetings.services.common import check_fields, label, push, save_audited

DECISION_FIELDS = {"text_ar", "text_en", "agenda_item", "motion", "poll"}


@transaction.atomic
def record_decision(actor, meeting: Meeting, **fields) -> Decision:
    check_fields(fields, DECISION_FIELDS)
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session", "body").get(pk=meeting.pk)
    if meeting.state in (Meeting.State.DRAFT, Meeting.State.CONVENED, Meeting.State.CANCELLED):
        raise ValidationError({"meeting": _("a meeting that is %(state)s takes no decisions") % {"state": label(Meeting.State, meeting.state)}})
    decision = Decision(meeting=meeting, body=meeting.body, session=meeting.session, **fields)
    decision.text_ar = (decision.text_ar or "").strip()
    decision.text_en = (decision.text_en or "").strip()
    if not decision.text_ar and not decision.text_en:
        raise ValidationError({"text_ar": _("the decision needs a text")})
    for name in ("agenda_item", "motion", "poll"):
        obj = getattr(decision, name)
        if obj is not None and obj.meeting_id != meeting.pk:
            raise ValidationError({name: _("belongs to another meeting")})
    if decision.poll_id and not type(decision.poll).objects.filter(pk=decision.poll_id, state="closed").exists():
        raise ValidationError({"poll": _("a decision can cite only a closed poll")})
    if actor is not None and getattr(actor, "is_authenticated", False):
        decision.created_by = actor
    if meeting.session_id:
        decision.number = allocate_number(meeting.session, meeting.body, "decision")
    save_audited(actor, decision, "decision.create")
    push(meeting.pk)
    return decision

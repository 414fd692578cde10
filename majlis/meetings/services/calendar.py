"""Meetings on the calendar: rules per body, numbering, the lifecycle and the agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from majlis.core import audit
from majlis.core.models import LegislativeSession, Organization
from majlis.meetings.models import AgendaItem, BodyRules, Meeting, NumberSequence
from majlis.meetings.services.common import apply_changes, check_fields, label, one_of, push, require_title, save_audited

DEFAULT_VOTE_OPTIONS = ["yes", "no", "abstain"]

RULE_FIELDS = {
    "quorum_rule", "quorum_fixed", "poll_requires_quorum", "max_speakers", "speech_seconds",
    "point_of_order_seconds", "vote_changes_allowed", "vote_options", "default_majority", "opening_items",
    "motions_need_admission",
}
OPENING_ITEM_KEYS = {"kind", "title_ar", "title_en"}


def clean_opening_items(value) -> dict:
    """The opening items of a rule set, checked and with titles trimmed: a mapping of
    meeting kind to a list of {kind, title_ar, title_en}. An absent kind starts empty."""

    def bad(reason):
        return ValidationError({"opening_items": reason})

    if not isinstance(value, dict):
        raise bad(_("a mapping of meeting kind to a list of items, e.g. {\"plenary\": [{\"kind\": \"apologies\", \"title_ar\": \"…\", \"title_en\": \"…\"}]}"))
    cleaned = {}
    for meeting_kind, items in value.items():
        if meeting_kind not in Meeting.Kind.values:
            raise bad(_("unknown meeting kind %(kind)s; one of %(kinds)s") % {"kind": repr(meeting_kind), "kinds": ", ".join(Meeting.Kind.values)})
        if not isinstance(items, list):
            raise bad(_("%(kind)s: a list of items") % {"kind": meeting_kind})
        cleaned[meeting_kind] = []
        for number, item in enumerate(items, start=1):
            where = {"kind": meeting_kind, "number": number}
            if not isinstance(item, dict):
                raise bad(_("%(kind)s, item %(number)s: an object with kind, title_ar and title_en") % where)
            unknown = sorted(set(item) - OPENING_ITEM_KEYS)
            if unknown:
                raise bad(_("%(kind)s, item %(number)s: unknown key %(keys)s") % {**where, "keys": ", ".join(unknown)})
            kind = item.get("kind", AgendaItem.Kind.STANDARD)
            if kind not in AgendaItem.Kind.values:
                raise bad(_("%(kind)s, item %(number)s: unknown item kind %(item_kind)s; one of %(kinds)s")
                          % {**where, "item_kind": repr(kind), "kinds": ", ".join(AgendaItem.Kind.values)})
            titles = {key: item.get(key, "") for key in ("title_ar", "title_en")}
            if not all(isinstance(t, str) for t in titles.values()):
                raise bad(_("%(kind)s, item %(number)s: titles are text") % where)
            titles = {key: t.strip() for key, t in titles.items()}
            if not any(titles.values()):
                raise bad(_("%(kind)s, item %(number)s: an Arabic or an English title is required") % where)
            # Checked here, not first when a meeting is created from these rules.
            longest = AgendaItem._meta.get_field("title_ar").max_length
            if any(len(t) > longest for t in titles.values()):
                raise bad(_("%(kind)s, item %(number)s: a title of at most %(max)s characters") % {**where, "max": longest})
            cleaned[meeting_kind].append({"kind": kind, **titles})
    return cleaned


def rules_for(body: Organization) -> BodyRules:
    """The body's own rules, else the default row, else built-in defaults (unsaved)."""
    rules = BodyRules.objects.filter(body=body).first() or BodyRules.objects.filter(body__isnull=True).first()
    rules = rules or BodyRules()
    if not rules.vote_options:
        rules.vote_options = list(DEFAULT_VOTE_OPTIONS)
    return rules


@transaction.atomic
def set_rules(actor, body: Organization | None, **fields) -> BodyRules:
    check_fields(fields, RULE_FIELDS)
    rules = BodyRules.objects.select_for_update().filter(body=body).first()
    before = audit.snapshot(rules) if rules else None
    if rules is None:
        # A body's own rules start as a copy of the default row: the clerk overrides
        # what differs and keeps the rest of the standing orders already set.
        default = BodyRules.objects.filter(body__isnull=True).first() if body is not None else None
        rules = BodyRules(body=body, **{f: getattr(default, f) for f in RULE_FIELDS} if default else {})
    for key, value in fields.items():
        setattr(rules, key, value)
    options = rules.vote_options or []
    if not isinstance(options, list) or not all(isinstance(o, str) and o for o in options) or len(set(options)) != len(options):
        raise ValidationError({"vote_options": _("a list of distinct option keys, e.g. [\"yes\", \"no\", \"abstain\"]")})
    if options and "yes" not in options:
        raise ValidationError({"vote_options": _("the options must include \"yes\" (the majority rules count it)")})
    if rules.quorum_rule == BodyRules.Quorum.FIXED and not rules.quorum_fixed:
        raise ValidationError({"quorum_fixed": _("a fixed quorum needs a number of members")})
    rules.opening_items = clean_opening_items(rules.opening_items)
    from majlis.meetings.services.voting import MAJORITIES

    if rules.default_majority not in MAJORITIES:
        raise ValidationError({"default_majority": one_of(MAJORITIES)})
    return save_audited(actor, rules, "meeting_rules.set", before)


def allocate_number(session: LegislativeSession, body: Organization, kind: str) -> int:
    """The next number for (session, body, kind). Must run in the caller's transaction:
    the sequence row stays locked until it commits, so concurrent callers queue."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number() must run inside a transaction")
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(session=session, body=body, kind=kind)
    except IntegrityError:
        pass  # another transaction created it first; we lock it below
    seq = NumberSequence.objects.select_for_update().get(session=session, body=body, kind=kind)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


# --- Lifecycle -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    label: object
    audit_action: str


S = Meeting.State
# The lifecycle is this table: pages draw buttons from it and `transition` enforces it.
TRANSITIONS = {
    t.action: t
    for t in [
        Transition("convene", (S.DRAFT,), S.CONVENED, gettext_lazy("Convene"), "meeting.convene"),
        Transition("open", (S.CONVENED, S.ADJOURNED), S.IN_PROGRESS, gettext_lazy("Open the sitting"), "meeting.open"),
        Transition("suspend", (S.IN_PROGRESS,), S.SUSPENDED, gettext_lazy("Suspend"), "meeting.suspend"),
        Transition("resume", (S.SUSPENDED,), S.IN_PROGRESS, gettext_lazy("Resume"), "meeting.resume"),
        Transition("adjourn", (S.IN_PROGRESS, S.SUSPENDED), S.ADJOURNED, gettext_lazy("Adjourn"), "meeting.adjourn"),
        Transition("close", (S.IN_PROGRESS, S.ADJOURNED), S.CLOSED, gettext_lazy("Close"), "meeting.close"),
        Transition("cancel", (S.DRAFT, S.CONVENED), S.CANCELLED, gettext_lazy("Cancel"), "meeting.cancel"),
    ]
}
LIVE_STATES = (S.IN_PROGRESS, S.SUSPENDED)


def available_transitions(meeting: Meeting) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if meeting.state in t.sources]


def _guard(meeting: Meeting, t: Transition) -> None:
    if t.action == "convene" and not meeting.agenda_items.exists():
        raise ValidationError({"state": _("a meeting needs an agenda before it is convened")})
    if t.action in ("close", "adjourn", "suspend") and meeting.polls.filter(state="open").exists():
        raise ValidationError({"state": _("close the open poll first")})


@transaction.atomic
def transition(actor, meeting: Meeting, action: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError({"action": _("unknown action %(action)s; one of %(actions)s") % {"action": repr(action), "actions": ", ".join(TRANSITIONS)}})
    if meeting.state not in t.sources:
        raise ValidationError({"action": _("“%(action)s” is not possible while the meeting is %(state)s")
                               % {"action": t.label, "state": label(Meeting.State, meeting.state)}})
    _guard(meeting, t)
    before = audit.snapshot(meeting)
    meeting.state = t.target
    now = timezone.now()
    if t.action == "convene" and meeting.session_id and meeting.number is None:
        # Numbers are given at convening so abandoned drafts never leave gaps.
        meeting.number = allocate_number(meeting.session, meeting.body, "meeting")
    if t.action == "open" and meeting.started_at is None:
        meeting.started_at = now
    if t.action == "close":
        meeting.ended_at = now
        from majlis.meetings.services.speakers import end_running_speech

        end_running_speech(actor, meeting)
    save_audited(actor, meeting, t.audit_action, before)
    if t.action == "convene":
        from majlis.meetings.services.invitations import send_invitations

        send_invitations(actor, meeting, kind="invitation")
    elif t.action == "cancel" and before["state"] == S.CONVENED:
        from majlis.meetings.services.invitations import send_invitations

        send_invitations(actor, meeting, kind="cancellation")
    push(meeting.pk)
    return meeting


# --- Meetings ------------------------------------------------------------------------------

MEETING_FIELDS = {"body", "session", "kind", "mode", "title_ar", "title_en", "start", "end", "location", "join_url"}

def _validate_meeting(meeting: Meeting) -> None:
    require_title(meeting)
    if meeting.kind not in Meeting.Kind.values:
        raise ValidationError({"kind": one_of(Meeting.Kind.values)})
    if meeting.mode not in Meeting.Mode.values:
        raise ValidationError({"mode": one_of(Meeting.Mode.values)})
    if meeting.start is None:
        raise ValidationError({"start": _("a meeting needs a start time")})
    if meeting.end and meeting.end <= meeting.start:
        raise ValidationError({"end": _("the meeting must end after it starts")})
    if meeting.mode in (Meeting.Mode.VIRTUAL, Meeting.Mode.HYBRID) and not meeting.join_url:
        raise ValidationError({"join_url": _("a virtual or hybrid meeting needs a join link")})
    if meeting.session_id:
        chamber = meeting.body if meeting.body.classification == Organization.Classification.CHAMBER else meeting.body.parent
        if chamber is not None and meeting.session.term.chamber_id != chamber.pk:
            raise ValidationError({"session": _("the session belongs to another chamber's calendar")})


@transaction.atomic
def create_meeting(actor, *, standard_items: bool = True, **fields) -> Meeting:
    check_fields(fields, MEETING_FIELDS | {"uid"})
    if fields.get("body") is None:
        raise ValidationError({"body": _("a meeting belongs to a body")})
    meeting = Meeting(**fields)
    if actor is not None and getattr(actor, "is_authenticated", False):
        meeting.created_by = actor
    _validate_meeting(meeting)
    save_audited(actor, meeting, "meeting.create")
    if standard_items:
        # The body's standing orders decide how each kind of meeting opens.
        for item in rules_for(meeting.body).opening_items.get(meeting.kind, []):
            add_agenda_item(actor, meeting, title_ar=item["title_ar"], title_en=item["title_en"], kind=item["kind"])
    return meeting


@transaction.atomic
def update_meeting(actor, meeting: Meeting, **changes) -> Meeting:
    check_fields(changes, MEETING_FIELDS - {"body"})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state in (S.CLOSED, S.CANCELLED):
        raise ValidationError({"state": _("a meeting that is %(state)s cannot be changed") % {"state": label(Meeting.State, meeting.state)}})
    if "session" in changes and meeting.number is not None and changes["session"] != meeting.session:
        raise ValidationError({"session": _("a numbered meeting cannot move to another session")})
    before = apply_changes(meeting, changes, _validate_meeting)
    if before is None:
        return meeting
    save_audited(actor, meeting, "meeting.update", before)
    _notify_if_convened(actor, meeting)
    push(meeting.pk)
    return meeting


def _notify_if_convened(actor, meeting: Meeting) -> None:
    if meeting.state == S.CONVENED:
        from majlis.meetings.services.invitations import send_invitations

        send_invitations(actor, meeting, kind="update")


# --- Agenda --------------------------------------------------------------------------------

AGENDA_FIELDS = {"title_ar", "title_en", "kind", "description_ar", "description_en"}


def renumber(meeting: Meeting) -> None:
    """Number items 1, 2, 2.1 … from their order and nesting."""
    items = list(meeting.agenda_items.order_by("order", "id"))
    children: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)

    def walk(parent_id, prefix):
        for i, item in enumerate(children.get(parent_id, []), start=1):
            number = f"{prefix}{i}"
            if item.number != number:
                item.number = number
                item.save(update_fields=["number"])
            walk(item.pk, number + ".")

    walk(None, "")


def _agenda_editable(meeting: Meeting) -> None:
    if meeting.state in (S.CLOSED, S.CANCELLED):
        raise ValidationError({"meeting": _("the agenda of a meeting that is %(state)s cannot change") % {"state": label(Meeting.State, meeting.state)}})


@transaction.atomic
def add_agenda_item(actor, meeting: Meeting, *, parent: AgendaItem | None = None, **fields) -> AgendaItem:
    check_fields(fields, AGENDA_FIELDS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _agenda_editable(meeting)
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": _("the parent item belongs to another meeting")})
    last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem(meeting=meeting, parent=parent, order=last + 1, **fields)
    require_title(item)
    if item.kind not in AgendaItem.Kind.values:
        raise ValidationError({"kind": one_of(AgendaItem.Kind.values)})
    save_audited(actor, item, "agenda_item.create", exclude=["number"])
    renumber(meeting)
    item.refresh_from_db()
    _notify_if_convened(actor, meeting)
    push(meeting.pk)
    return item


@transaction.atomic
def update_agenda_item(actor, item: AgendaItem, **fields) -> AgendaItem:
    check_fields(fields, AGENDA_FIELDS)
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    _agenda_editable(item.meeting)
    before = apply_changes(item, fields, require_title)
    if before is None:
        return item
    save_audited(actor, item, "agenda_item.update", before)
    _notify_if_convened(actor, item.meeting)
    push(item.meeting_id)
    return item


@transaction.atomic
def reorder_agenda(actor, meeting: Meeting, item_ids: list[int]) -> Meeting:
    """Put the items in the given order (all items of the meeting, each once)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _agenda_editable(meeting)
    existing = set(meeting.agenda_items.values_list("id", flat=True))
    if sorted(item_ids) != sorted(existing):
        raise ValidationError({"items": _("give every item of the agenda exactly once")})
    before = list(meeting.agenda_items.order_by("order", "id").values_list("id", flat=True))
    for order, item_id in enumerate(item_ids, start=1):
        AgendaItem.objects.filter(pk=item_id).update(order=order)
    renumber(meeting)
    audit.record(actor, "agenda.reorder", meeting, before={"order": before}, after={"order": item_ids})
    _notify_if_convened(actor, meeting)
    push(meeting.pk)
    return meeting


@transaction.atomic
def set_current_item(actor, meeting: Meeting, item: AgendaItem | None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("the item belongs to another meeting")})
    if meeting.state not in LIVE_STATES:
        raise ValidationError({"state": _("the sitting is not in progress")})
    before = {"current_item": meeting.current_item_id}
    meeting.current_item = item
    meeting.save(update_fields=["current_item", "updated"])
    audit.record(actor, "meeting.current_item", meeting, before=before, after={"current_item": item.pk if item else None})
    push(meeting.pk)
    return meeting


def upcoming(now: dt.datetime | None = None):
    now = now or timezone.now()
    return Meeting.objects.filter(start__gte=now - dt.timedelta(hours=12)).exclude(state__in=[S.CANCELLED, S.DRAFT]).order_by("start")

"""REST API of the meetings app, mounted at /api/meetings. Thin: each endpoint checks
permissions (majlis.meetings.permissions) and calls one service function."""

import csv
import datetime as dt
import io
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from majlis.core.files import streamed
from majlis.core.models import LegislativeSession, Organization, Person
from majlis.meetings import permissions as perms
from majlis.meetings import services
from majlis.meetings.models import (
    ActionItem,
    AgendaItem,
    AttendanceEvent,
    Decision,
    Meeting,
    Minutes,
    Motion,
    Paper,
    Poll,
    SpeakerSlot,
)
from majlis.meetings.services.motions import MOTION_WORKFLOW
from majlis.core.api_auth import PUBLIC_AUTH, STAFF_AUTH

router = Router(tags=["meetings"])


def _user(request):
    return request.user if getattr(request.user, "is_authenticated", False) else None


def _meeting(request, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "session"), pk=meeting_id)
    if not perms.can_view_meeting(_user(request), meeting):
        raise Http404
    return meeting


def _get(model, pk, meeting: Meeting | None = None, field: str = "pk"):
    obj = model.objects.filter(**{field: pk}).first() if pk is not None else None
    if pk is not None and (obj is None or (meeting is not None and getattr(obj, "meeting_id", meeting.pk) != meeting.pk)):
        message = _("no %(model)s with id %(id)s in this meeting") if meeting else _("no %(model)s with id %(id)s")
        raise ValidationError({model._meta.model_name: message % {"model": model._meta.verbose_name, "id": pk}})
    return obj


# --- Schemas ------------------------------------------------------------------------------

class Errors(Schema):
    errors: list[dict]


class MeetingOut(Schema):
    id: int
    uid: str
    body_id: int
    session_id: int | None
    kind: str
    mode: str
    number: int | None
    title_ar: str
    title_en: str
    start: dt.datetime
    end: dt.datetime | None
    location: str
    join_url: str
    state: str
    current_item_id: int | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)


class MeetingIn(Schema):
    body_id: int
    session_id: int | None = None
    kind: Literal[tuple(Meeting.Kind.values)] = "plenary"  # type: ignore[valid-type]
    mode: Literal[tuple(Meeting.Mode.values)] = "in_person"  # type: ignore[valid-type]
    title_ar: str = ""
    title_en: str = ""
    start: dt.datetime
    end: dt.datetime | None = None
    location: str = ""
    join_url: str = ""
    standard_items: bool = Field(True, description="start the agenda with the opening items the body's rules set for this kind")


class MeetingPatch(Schema):
    mode: Literal[tuple(Meeting.Mode.values)] | None = None  # type: ignore[valid-type]
    title_ar: str | None = None
    title_en: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    location: str | None = None
    join_url: str | None = None


class ActionIn(Schema):
    action: str


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    parent_id: int | None
    order: int
    number: str
    kind: str
    title_ar: str
    title_en: str
    description_ar: str
    description_en: str


class AgendaItemIn(Schema):
    title_ar: str = ""
    title_en: str = ""
    kind: Literal[tuple(AgendaItem.Kind.values)] = "standard"  # type: ignore[valid-type]
    description_ar: str = ""
    description_en: str = ""
    parent_id: int | None = None


class AgendaItemPatch(Schema):
    title_ar: str | None = None
    title_en: str | None = None
    description_ar: str | None = None
    description_en: str | None = None


class IdsIn(Schema):
    ids: list[int]


class CurrentItemIn(Schema):
    item_id: int | None


class PaperOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    title_ar: str
    title_en: str
    filename: str
    content_type: str
    size: int
    pages: int
    access: str
    url: str

    @staticmethod
    def resolve_url(obj):
        return f"/api/meetings/papers/{obj.pk}/file"


class AttendanceIn(Schema):
    person_id: int
    status: Literal[tuple(AttendanceEvent.Status.values)]  # type: ignore[valid-type]
    agenda_item_id: int | None = None


class AttendanceOut(Schema):
    person_id: int
    name_ar: str
    name_en: str
    status: str


class QuorumOut(Schema):
    members: int
    present: int
    required: int
    has_quorum: bool
    rule: str


class SlotOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    person_id: int
    kind: str
    state: str
    position: int
    requested_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    time_limit_seconds: int


class FloorIn(Schema):
    person_id: int | None = Field(None, description="the chair or a clerk may enter a request for another member")
    kind: Literal[tuple(SpeakerSlot.Kind.values)] = "speech"  # type: ignore[valid-type]


class MotionOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    amends_id: int | None
    title_ar: str
    title_en: str
    text_ar: str
    text_en: str
    state: str
    submitter_id: int | None
    cosigner_ids: list[int]

    @staticmethod
    def resolve_cosigner_ids(obj):
        return sorted(person.pk for person in obj.cosigners.all())  # uses the list's prefetch


class MotionIn(Schema):
    title_ar: str = ""
    title_en: str = ""
    text_ar: str = ""
    text_en: str = ""
    agenda_item_id: int | None = None
    amends_id: int | None = None
    submitter_id: int | None = None
    cosigner_ids: list[int] = []


class StateIn(Schema):
    state: str


class PollOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    motion_id: int | None
    title_ar: str
    title_en: str
    kind: str
    majority: str
    options: list[str]
    state: str
    allow_vote_change: bool
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    votes_cast: int
    counts: dict[str, int] | None = Field(None, description="per option; hidden while a secret poll is open")
    members_count: int
    present_count: int
    entitled: list[int]
    adopted: bool | None

    @staticmethod
    def resolve_votes_cast(obj):
        from majlis.meetings.services.voting import votes_cast

        return votes_cast(obj)

    @staticmethod
    def resolve_counts(obj):
        if obj.kind == Poll.Kind.SECRET and obj.state == Poll.State.OPEN:
            return None
        return services.counts(obj)


class PollIn(Schema):
    title_ar: str = ""
    title_en: str = ""
    kind: Literal[tuple(Poll.Kind.values)] = "named"  # type: ignore[valid-type]
    majority: Literal[tuple(Poll.Majority.values)] | None = None  # type: ignore[valid-type]
    options: list[str] = []
    agenda_item_id: int | None = None
    motion_id: int | None = None


class VoteIn(Schema):
    choice: str
    person_id: int | None = Field(None, description="the chair or a clerk recording a member's vote")


class VoteAck(Schema):
    poll: int
    choice: str | None
    changed: bool


class CountsIn(Schema):
    counts: dict[str, int]


class DecisionOut(Schema):
    id: int
    number: int | None
    body_id: int
    session_id: int | None
    meeting_id: int
    agenda_item_id: int | None
    motion_id: int | None
    poll_id: int | None
    text_ar: str
    text_en: str
    created: dt.datetime


class DecisionIn(Schema):
    text_ar: str = ""
    text_en: str = ""
    agenda_item_id: int | None = None
    motion_id: int | None = None
    poll_id: int | None = None


class ActionItemOut(Schema):
    id: int
    title_ar: str
    title_en: str
    description: str
    owner_person_id: int | None
    owner_organization_id: int | None
    owner_text: str
    owner: str
    due_date: dt.date | None
    status: str
    overdue: bool
    meeting_id: int | None
    decision_id: int | None
    source: str
    version: int = Field(description="bumped on every change; send it back as base_version when you edit")

    @staticmethod
    def resolve_owner(obj):
        return obj.owner_label

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class ActionItemIn(Schema):
    title_ar: str = ""
    title_en: str = ""
    description: str = ""
    owner_person_id: int | None = None
    owner_organization_id: int | None = None
    owner_text: str = ""
    due_date: dt.date | None = None
    meeting_id: int | None = None
    decision_id: int | None = None
    source: str = ""


class ActionItemPatch(Schema):
    base_version: int | None = Field(None, description="the version you edited; refused if someone changed the item since")
    title_ar: str | None = None
    title_en: str | None = None
    description: str | None = None
    owner_person_id: int | None = None
    owner_organization_id: int | None = None
    owner_text: str | None = None
    due_date: dt.date | None = None
    status: Literal[tuple(ActionItem.Status.values)] | None = Field(  # type: ignore[valid-type]
        None, description="open ⇄ in_progress → done / cancelled; done or cancelled → open")


class StatusIn(Schema):
    status: Literal[tuple(ActionItem.Status.values)]  # type: ignore[valid-type]


class MinutesOut(Schema):
    meeting_id: int
    state: str
    version: int
    body_ar: str
    body_en: str
    approved_at_id: int | None
    updated: dt.datetime


class MinutesIn(Schema):
    base_version: int = Field(description="the version you edited; refused if someone saved since")
    body_ar: str | None = None
    body_en: str | None = None
    note: str = ""


class MinutesActionIn(Schema):
    action: Literal["circulate", "withdraw", "approve", "lock"]
    at_meeting_id: int | None = Field(None, description="for approve: the later sitting that approved them")


class OpeningItem(Schema):
    kind: str = Field(description="agenda item kind: " + ", ".join(AgendaItem.Kind.values))
    title_ar: str
    title_en: str


class RulesOut(Schema):
    body_id: int | None
    quorum_rule: str
    quorum_fixed: int
    poll_requires_quorum: bool
    max_speakers: int
    speech_seconds: int
    point_of_order_seconds: int
    vote_changes_allowed: bool
    vote_options: list[str]
    default_majority: str
    opening_items: dict[str, list[OpeningItem]]
    motions_need_admission: bool


class RulesIn(Schema):
    quorum_rule: str | None = None
    quorum_fixed: int | None = None
    poll_requires_quorum: bool | None = None
    max_speakers: int | None = None
    speech_seconds: int | None = None
    point_of_order_seconds: int | None = None
    vote_changes_allowed: bool | None = None
    vote_options: list[str] | None = None
    default_majority: str | None = None
    # Checked by the service (not the schema) so that a malformed entry is a 400 that
    # names the meeting kind and item at fault.
    opening_items: Any = Field(None, description=(
        "per meeting kind (" + ", ".join(Meeting.Kind.values) + "), the items a new agenda starts with, in order: "
        '{"plenary": [{"kind": "apologies", "title_ar": "…", "title_en": "…"}]}; a kind left out starts empty'))
    motions_need_admission: bool | None = Field(
        None, description="false: a motion goes from submitted straight to debated (no admitted / not admitted)")


# --- Meetings -------------------------------------------------------------------------------

@router.get("/", response=list[MeetingOut], auth=PUBLIC_AUTH, summary="List meetings")
@paginate(LimitOffsetPagination)
def list_meetings(request, body: int | None = None, state: str | None = None, kind: str | None = None, session: int | None = None):
    rows = Meeting.objects.all()
    if not perms.can_organize(_user(request)):
        rows = rows.exclude(state=Meeting.State.DRAFT)
    for name, value in (("body_id", body), ("state", state), ("kind", kind), ("session_id", session)):
        if value:
            rows = rows.filter(**{name: value})
    return rows


@router.post("/", response={201: MeetingOut, 400: Errors}, auth=STAFF_AUTH, summary="Create a meeting (clerk)")
def create_meeting(request, payload: MeetingIn):
    perms.require_organizer(request.user)
    data = payload.dict()
    data["body"] = _get(Organization, data.pop("body_id"))
    data["session"] = _get(LegislativeSession, data.pop("session_id"))
    return Status(201, services.create_meeting(request.user, **data))


@router.get("/{int:meeting_id}", response=MeetingOut, auth=PUBLIC_AUTH, summary="One meeting")
def get_meeting(request, meeting_id: int):
    return _meeting(request, meeting_id)


@router.patch("/{int:meeting_id}", response={200: MeetingOut, 400: Errors}, auth=STAFF_AUTH, summary="Change a meeting (clerk)")
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    perms.require_organizer(request.user)
    return services.update_meeting(request.user, _meeting(request, meeting_id), **payload.dict(exclude_unset=True))


@router.post("/{int:meeting_id}/transition", response={200: MeetingOut, 400: Errors}, auth=STAFF_AUTH,
             summary="Move a meeting through its lifecycle: convene, open, suspend, resume, adjourn, close, cancel")
def transition(request, meeting_id: int, payload: ActionIn):
    meeting = _meeting(request, meeting_id)
    if payload.action in ("convene", "cancel"):
        perms.require_organizer(request.user)
    else:
        perms.require_chair(request.user, meeting)
    return services.transition(request.user, meeting, payload.action)


@router.get("/{int:meeting_id}/state", auth=PUBLIC_AUTH, summary="The live state (what the WebSocket pushes)")
def live_state(request, meeting_id: int):
    from majlis.meetings import live

    meeting = _meeting(request, meeting_id)
    return live.state_for(meeting.pk, perms.audience(_user(request), meeting))


# --- Agenda ---------------------------------------------------------------------------------

@router.get("/{int:meeting_id}/agenda", response=list[AgendaItemOut], auth=PUBLIC_AUTH, summary="The agenda")
def agenda(request, meeting_id: int):
    return list(_meeting(request, meeting_id).agenda_items.order_by("order", "id"))


@router.post("/{int:meeting_id}/agenda", response={201: AgendaItemOut, 400: Errors}, auth=STAFF_AUTH, summary="Add an agenda item (clerk)")
def add_item(request, meeting_id: int, payload: AgendaItemIn):
    perms.require_organizer(request.user)
    meeting = _meeting(request, meeting_id)
    data = payload.dict()
    parent = _get(AgendaItem, data.pop("parent_id"), meeting)
    return Status(201, services.add_agenda_item(request.user, meeting, parent=parent, **data))


@router.patch("/agenda/{int:item_id}", response={200: AgendaItemOut, 400: Errors}, auth=STAFF_AUTH, summary="Change an agenda item (clerk)")
def update_item(request, item_id: int, payload: AgendaItemPatch):
    perms.require_organizer(request.user)
    item = get_object_or_404(AgendaItem, pk=item_id)
    return services.update_agenda_item(request.user, item, **payload.dict(exclude_unset=True))


@router.post("/{int:meeting_id}/agenda/order", response={200: list[AgendaItemOut], 400: Errors}, auth=STAFF_AUTH,
             summary="Reorder the agenda (every item id, in the new order)")
def reorder(request, meeting_id: int, payload: IdsIn):
    perms.require_organizer(request.user)
    meeting = services.reorder_agenda(request.user, _meeting(request, meeting_id), payload.ids)
    return list(meeting.agenda_items.order_by("order", "id"))


@router.post("/{int:meeting_id}/current-item", response={200: MeetingOut, 400: Errors}, auth=STAFF_AUTH, summary="Move the sitting to an item (chair)")
def current_item(request, meeting_id: int, payload: CurrentItemIn):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    return services.set_current_item(request.user, meeting, _get(AgendaItem, payload.item_id, meeting))


# --- Papers ---------------------------------------------------------------------------------

@router.get("/{int:meeting_id}/papers", response=list[PaperOut], auth=PUBLIC_AUTH, summary="Papers you may read")
def papers(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    return list(meeting.papers.filter(access__in=perms.visible_paper_access(_user(request))))


@router.post("/{int:meeting_id}/papers", response={201: PaperOut, 400: Errors}, auth=STAFF_AUTH,
             summary="Upload a paper: PDF, DOCX or UTF-8 text (checked by content)")
def upload_paper(request, meeting_id: int, file: File[UploadedFile], title_ar: Form[str] = "", title_en: Form[str] = "",
                 access: Form[str] = "members", agenda_item_id: Form[int | None] = None):
    perms.require_organizer(request.user)
    meeting = _meeting(request, meeting_id)
    if file.size and file.size > services.papers.max_bytes():
        raise ValidationError({"file": f"the file is larger than {services.papers.max_bytes() // (1024 * 1024)} MB"})
    return Status(201, services.upload_paper(request.user, meeting, filename=file.name or "", data=file.read(), title_ar=title_ar,
                                             title_en=title_en, access=access, agenda_item=_get(AgendaItem, agenda_item_id, meeting)))


@router.get("/papers/{int:paper_id}/file", auth=PUBLIC_AUTH, summary="Download a paper")
def paper_file(request, paper_id: int):
    paper = get_object_or_404(Paper.objects.select_related("meeting"), pk=paper_id)
    if not perms.can_view_paper(_user(request), paper):
        raise Http404
    return streamed(request, FileResponse(paper.file.open("rb"), content_type=paper.content_type, filename=paper.filename))


# --- Attendance -----------------------------------------------------------------------------

@router.get("/{int:meeting_id}/attendance", response=list[AttendanceOut], auth=PUBLIC_AUTH, summary="Current attendance")
def attendance(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    status = services.current_status(meeting)
    return [{"person_id": p.pk, "name_ar": p.name_ar, "name_en": p.name_en, "status": status.get(p.pk, "absent")}
            for p in services.entitled_people(meeting)]


@router.post("/{int:meeting_id}/attendance", response={201: AttendanceOut, 400: Errors}, auth=STAFF_AUTH, summary="Record attendance (clerk)")
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    person = _get(Person, payload.person_id)
    event = services.record_attendance(request.user, meeting, person, payload.status, agenda_item=_get(AgendaItem, payload.agenda_item_id, meeting))
    return Status(201, {"person_id": person.pk, "name_ar": person.name_ar, "name_en": person.name_en, "status": event.status})


@router.get("/{int:meeting_id}/quorum", response=QuorumOut, auth=PUBLIC_AUTH, summary="Quorum now")
def quorum(request, meeting_id: int):
    return services.quorum(_meeting(request, meeting_id))


# --- Speakers -------------------------------------------------------------------------------

@router.get("/{int:meeting_id}/speakers", response=list[SlotOut], auth=PUBLIC_AUTH, summary="Speakers' list and speeches with times")
def speakers(request, meeting_id: int):
    return list(_meeting(request, meeting_id).speaker_slots.all())


@router.post("/{int:meeting_id}/speakers", response={201: SlotOut, 400: Errors}, auth=STAFF_AUTH, summary="Ask for the floor")
def request_floor(request, meeting_id: int, payload: FloorIn):
    meeting = _meeting(request, meeting_id)
    me = perms.person_for(request.user)
    if payload.person_id is not None and (me is None or payload.person_id != me.pk):
        perms.require_chair(request.user, meeting)
        person = _get(Person, payload.person_id)
    else:
        perms.require(me is not None, _("only members may ask for the floor"))
        person = me
    return Status(201, services.request_floor(request.user, meeting, person, kind=payload.kind))


class MoveIn(Schema):
    direction: str = Field(description="up or down")


@router.post("/speakers/{int:slot_id}/move", response={200: list[SlotOut], 400: Errors}, auth=STAFF_AUTH,
             summary="Chair: move a waiting request one place up or down (points of order stay first); returns the list")
def move_speaker(request, slot_id: int, payload: MoveIn):
    slot = get_object_or_404(SpeakerSlot.objects.select_related("meeting"), pk=slot_id)
    perms.require_chair(request.user, _meeting(request, slot.meeting_id))
    return services.move_in_queue(request.user, slot, payload.direction)


SLOT_ACTIONS = {"give": "give_floor", "pause": "pause_speech", "resume": "resume_speech", "end": "end_speech"}


@router.post("/speakers/{int:slot_id}/{action}", response={200: SlotOut, 400: Errors}, auth=STAFF_AUTH,
             summary="Chair: give, pause, resume, end; member or chair: withdraw; chair: refuse")
def slot_action(request, slot_id: int, action: Literal["give", "pause", "resume", "end", "withdraw", "refuse"]):
    slot = get_object_or_404(SpeakerSlot.objects.select_related("meeting"), pk=slot_id)
    own = perms.person_for(request.user) is not None and perms.person_for(request.user).pk == slot.person_id
    if action == "withdraw" and own:
        return services.withdraw(request.user, slot)
    perms.require_chair(request.user, slot.meeting)
    if action in ("withdraw", "refuse"):
        return services.withdraw(request.user, slot, refused=action == "refuse")
    return getattr(services, SLOT_ACTIONS[action])(request.user, slot)


@router.post("/{int:meeting_id}/speakers/next", response={200: SlotOut | None, 400: Errors}, auth=STAFF_AUTH, summary="Chair: next speaker")
def next_speaker(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    return services.next_speaker(request.user, meeting)


@router.post("/{int:meeting_id}/speakers/order", response={200: list[SlotOut], 400: Errors}, auth=STAFF_AUTH, summary="Chair: reorder waiting requests")
def reorder_speakers(request, meeting_id: int, payload: IdsIn):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    return services.reorder_queue(request.user, meeting, payload.ids)


# --- Motions --------------------------------------------------------------------------------

@router.get("/{int:meeting_id}/motions", response=list[MotionOut], auth=PUBLIC_AUTH, summary="Motions and amendments")
def motions(request, meeting_id: int):
    return list(_meeting(request, meeting_id).motions.prefetch_related("cosigners"))


@router.post("/{int:meeting_id}/motions", response={201: MotionOut, 400: Errors}, auth=STAFF_AUTH, summary="Submit a motion or amendment")
def submit_motion(request, meeting_id: int, payload: MotionIn):
    meeting = _meeting(request, meeting_id)
    data = payload.dict()
    me = perms.person_for(request.user)
    submitter = _get(Person, data.pop("submitter_id"))
    if submitter is None:
        submitter = me
    perms.require_motion_submitter(request.user, submitter)
    cosigners = [_get(Person, pk) for pk in data.pop("cosigner_ids")]
    data["agenda_item"] = _get(AgendaItem, data.pop("agenda_item_id"), meeting)
    data["amends"] = _get(Motion, data.pop("amends_id"), meeting)
    return Status(201, services.submit_motion(request.user, meeting, submitter=submitter, cosigners=cosigners, **data))


@router.post("/motions/{int:motion_id}/state", response={200: MotionOut, 400: Errors}, auth=STAFF_AUTH,
             summary="Move a motion: " + ", ".join(f"{k} → {'/'.join(v.next) or '(final)'}" for k, v in MOTION_WORKFLOW.items())
             + " (a body whose rules skip admission: submitted → debated/withdrawn)")
def motion_state(request, motion_id: int, payload: StateIn):
    motion = get_object_or_404(Motion.objects.select_related("meeting"), pk=motion_id)
    perms.require_motion_move(request.user, motion, payload.state)
    return services.transition_motion(request.user, motion, payload.state)


@router.post("/motions/{int:motion_id}/cosign", response={200: MotionOut, 400: Errors}, auth=STAFF_AUTH, summary="Co-sign a motion (member)")
def cosign(request, motion_id: int):
    motion = get_object_or_404(Motion, pk=motion_id)
    me = perms.person_for(request.user)
    perms.require(me is not None, _("only members co-sign"))
    return services.cosign(request.user, motion, me)


# --- Polls ----------------------------------------------------------------------------------

@router.get("/{int:meeting_id}/polls", response=list[PollOut], auth=PUBLIC_AUTH, summary="Polls of a meeting")
def polls(request, meeting_id: int):
    return list(_meeting(request, meeting_id).polls.all())


@router.post("/{int:meeting_id}/polls", response={201: PollOut, 400: Errors}, auth=STAFF_AUTH, summary="Prepare a poll (chair)")
def create_poll(request, meeting_id: int, payload: PollIn):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    data = payload.dict(exclude_none=True)
    data["agenda_item"] = _get(AgendaItem, data.pop("agenda_item_id", None), meeting)
    data["motion"] = _get(Motion, data.pop("motion_id", None), meeting)
    return Status(201, services.create_poll(request.user, meeting, **data))


def _poll(request, poll_id: int) -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("meeting"), pk=poll_id)
    if not perms.can_view_meeting(_user(request), poll.meeting):
        raise Http404
    return poll


@router.get("/polls/{int:poll_id}", response=PollOut, auth=PUBLIC_AUTH, summary="One poll (counts hidden while a secret poll is open)")
def get_poll(request, poll_id: int):
    return _poll(request, poll_id)


@router.post("/polls/{int:poll_id}/votes", response={200: VoteAck, 400: Errors}, auth=STAFF_AUTH,
             summary="Vote (a member for themself; the chair or a clerk may record a member's vote)")
def vote(request, poll_id: int, payload: VoteIn):
    poll = _poll(request, poll_id)
    person = _get(Person, payload.person_id) if payload.person_id else None
    return services.cast_vote(request.user, poll, payload.choice, person=person)


@router.post("/polls/{int:poll_id}/show-of-hands", response={200: PollOut, 400: Errors}, auth=STAFF_AUTH, summary="Clerk: enter a show of hands")
def show_of_hands(request, poll_id: int, payload: CountsIn):
    poll = _poll(request, poll_id)
    perms.require_chair(request.user, poll.meeting)
    return services.enter_show_of_hands(request.user, poll, payload.counts)


@router.get("/polls/{int:poll_id}/results.csv", auth=PUBLIC_AUTH, summary="Named poll: vote per member (CSV)")
def results_csv(request, poll_id: int):
    poll = _poll(request, poll_id)
    if poll.state != Poll.State.CLOSED and not perms.can_chair(_user(request), poll.meeting):
        raise PermissionDenied(_("results per member are published when the poll closes"))
    rows = services.named_results(poll)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["person_id", "name_ar", "name_en", "vote"])
    for row in rows:
        writer.writerow([row["person"].pk, row["person"].name_ar, row["person"].name_en, row["choice"] or "—"])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.csv"'
    return response


@router.get("/polls/{int:poll_id}/results.pdf", auth=PUBLIC_AUTH, summary="Named poll: vote per member (PDF)")
def results_pdf(request, poll_id: int, lang: Literal["ar", "en"] = "ar"):
    from majlis.meetings import exports

    poll = _poll(request, poll_id)
    if poll.state != Poll.State.CLOSED:
        raise PermissionDenied(_("results per member are published when the poll closes"))
    response = HttpResponse(exports.poll_pdf(poll, lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.pdf"'
    return response


@router.post("/polls/{int:poll_id}/{action}", response={200: PollOut, 400: Errors}, auth=STAFF_AUTH, summary="Chair: open, close or cancel a poll")
def poll_action(request, poll_id: int, action: Literal["open", "close", "cancel"]):
    poll = _poll(request, poll_id)
    perms.require_chair(request.user, poll.meeting)
    return {"open": services.open_poll, "close": services.close_poll, "cancel": services.cancel_poll}[action](request.user, poll)


# --- Decisions and action items --------------------------------------------------------------

@router.get("/decisions", response=list[DecisionOut], auth=PUBLIC_AUTH, summary="Decisions")
@paginate(LimitOffsetPagination)
def decisions(request, meeting: int | None = None, session: int | None = None, body: int | None = None):
    rows = Decision.objects.exclude(meeting__state=Meeting.State.DRAFT)
    for name, value in (("meeting_id", meeting), ("session_id", session), ("body_id", body)):
        if value:
            rows = rows.filter(**{name: value})
    return rows


@router.post("/{int:meeting_id}/decisions", response={201: DecisionOut, 400: Errors}, auth=STAFF_AUTH, summary="Record a decision (clerk)")
def record_decision(request, meeting_id: int, payload: DecisionIn):
    meeting = _meeting(request, meeting_id)
    perms.require_chair(request.user, meeting)
    data = payload.dict()
    data["agenda_item"] = _get(AgendaItem, data.pop("agenda_item_id"), meeting)
    data["motion"] = _get(Motion, data.pop("motion_id"), meeting)
    data["poll"] = _get(Poll, data.pop("poll_id"), meeting)
    return Status(201, services.record_decision(request.user, meeting, **data))


@router.get("/action-items", response=list[ActionItemOut], auth=STAFF_AUTH, summary="Follow-up board (overdue first); mine=true for my tasks")
@paginate(LimitOffsetPagination)
def action_items(request, mine: bool = False, include_closed: bool = False, meeting: int | None = None):
    person = perms.person_for(request.user) if mine else None
    if mine and person is None:
        return ActionItem.objects.none()
    if not mine:
        perms.require(perms.is_member(request.user) or perms.can_organize(request.user))
    org_ids = list(person.memberships.values_list("organization_id", flat=True)) if person else None
    rows = services.board(person=person, organization_ids=org_ids, include_closed=include_closed)
    return rows.filter(meeting_id=meeting) if meeting else rows


@router.post("/action-items", response={201: ActionItemOut, 400: Errors}, auth=STAFF_AUTH, summary="Create an action item (clerk)")
def create_action_item(request, payload: ActionItemIn):
    perms.require_organizer(request.user)
    data = payload.dict()
    data["owner_person"] = _get(Person, data.pop("owner_person_id"))
    data["owner_organization"] = _get(Organization, data.pop("owner_organization_id"))
    data["meeting"] = _get(Meeting, data.pop("meeting_id"))
    data["decision"] = _get(Decision, data.pop("decision_id"))
    return Status(201, services.create_action_item(request.user, **data))


@router.patch("/action-items/{int:item_id}", response={200: ActionItemOut, 400: Errors}, auth=STAFF_AUTH, summary="Change an action item (clerk)")
def update_action_item(request, item_id: int, payload: ActionItemPatch):
    perms.require_organizer(request.user)
    data = payload.dict(exclude_unset=True)
    for name, model in (("owner_person", Person), ("owner_organization", Organization)):
        if f"{name}_id" in data:
            data[name] = _get(model, data.pop(f"{name}_id"))
    return services.update_action_item(request.user, get_object_or_404(ActionItem, pk=item_id), **data)


@router.post("/action-items/{int:item_id}/status", response={200: ActionItemOut, 400: Errors}, auth=STAFF_AUTH,
             summary="Set an action item's status (clerk, or its owner)")
def action_item_status(request, item_id: int, payload: StatusIn):
    item = get_object_or_404(ActionItem, pk=item_id)
    me = perms.person_for(request.user)
    if not (me is not None and item.owner_person_id == me.pk):
        perms.require_organizer(request.user)
    return services.update_action_item_status(request.user, item, payload.status)


# --- Minutes --------------------------------------------------------------------------------

def _minutes(request, meeting_id: int) -> Minutes:
    meeting = _meeting(request, meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    if minutes.state == Minutes.State.DRAFT and not (perms.can_organize(_user(request)) or perms.can_chair(_user(request))):
        raise Http404
    return minutes


@router.get("/{int:meeting_id}/minutes", response=MinutesOut, auth=PUBLIC_AUTH, summary="The minutes (drafts: staff only)")
def get_minutes(request, meeting_id: int):
    return _minutes(request, meeting_id)


@router.post("/{int:meeting_id}/minutes/generate", response={200: MinutesOut, 400: Errors}, auth=STAFF_AUTH, summary="(Re)generate the draft from the event log")
def generate_minutes(request, meeting_id: int):
    perms.require_organizer(request.user)
    return services.generate_minutes(request.user, _meeting(request, meeting_id))


@router.put("/{int:meeting_id}/minutes", response={200: MinutesOut, 400: Errors}, auth=STAFF_AUTH, summary="Save an edit (refused if someone saved since base_version)")
def save_minutes(request, meeting_id: int, payload: MinutesIn):
    perms.require_organizer(request.user)
    minutes = _minutes(request, meeting_id)
    return services.save_minutes(request.user, minutes, base_version=payload.base_version, body_ar=payload.body_ar,
                                 body_en=payload.body_en, note=payload.note)


@router.post("/{int:meeting_id}/minutes/state", response={200: MinutesOut, 400: Errors}, auth=STAFF_AUTH, summary="Circulate, withdraw, approve, lock")
def minutes_state(request, meeting_id: int, payload: MinutesActionIn):
    perms.require_organizer(request.user)
    minutes = _minutes(request, meeting_id)
    return services.transition_minutes(request.user, minutes, payload.action, at_meeting=_get(Meeting, payload.at_meeting_id))


@router.get("/{int:meeting_id}/minutes.{fmt}", auth=PUBLIC_AUTH, summary="Minutes as PDF or DOCX")
def minutes_file(request, meeting_id: int, fmt: Literal["pdf", "docx"], lang: Literal["ar", "en"] = "ar"):
    from majlis.meetings import exports

    minutes = _minutes(request, meeting_id)
    data, content_type = exports.minutes_file(minutes, fmt, lang=lang)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting_id}-{lang}.{fmt}"'
    return response


# --- Rules ----------------------------------------------------------------------------------

def _rules_out(rules, body_id):
    return {**{f: getattr(rules, f) for f in services.calendar.RULE_FIELDS}, "body_id": body_id}


@router.get("/rules/default", response=RulesOut, auth=PUBLIC_AUTH, summary="The default meeting rules (for bodies without their own)")
def get_default_rules(request):
    return _rules_out(services.rules_for(None), None)


@router.put("/rules/default", response={200: RulesOut, 400: Errors}, auth=STAFF_AUTH, summary="Set the default meeting rules (clerk)")
def set_default_rules(request, payload: RulesIn):
    perms.require_organizer(request.user)
    return _rules_out(services.set_rules(request.user, None, **payload.dict(exclude_none=True)), None)


@router.get("/rules/{int:body_id}", response=RulesOut, auth=PUBLIC_AUTH, summary="A body's meeting rules (its own or the default)")
def get_rules(request, body_id: int):
    body = get_object_or_404(Organization, pk=body_id)
    return _rules_out(services.rules_for(body), body.pk)


@router.put("/rules/{int:body_id}", response={200: RulesOut, 400: Errors}, auth=STAFF_AUTH,
            summary="Set a body's meeting rules (clerk); a body's first own rules start from the default rules")
def set_rules(request, body_id: int, payload: RulesIn):
    perms.require_organizer(request.user)
    body = get_object_or_404(Organization, pk=body_id)
    return _rules_out(services.set_rules(request.user, body, **payload.dict(exclude_none=True)), body.pk)

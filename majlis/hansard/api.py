"""REST API of the hansard app (mounted at /api/hansard).

Public reads serve published versions only; the working copy and every write need a
staff session (with CSRF) or a bearer token, and the checks of `permissions`.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from majlis.core.models import Person
from majlis.hansard import document, permissions, render, services
from majlis.hansard.models import CorrectionProposal, Record, RecordVersion, Section, Speech
from majlis.core.api_auth import PUBLIC_AUTH, STAFF_AUTH

router = Router(tags=["hansard"])


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class RecordOut(Schema):
    id: int
    uid: str
    date: dt.date
    number: str
    title_ar: str
    title_en: str
    body_id: int | None
    version: int
    version_date: dt.date | None
    url: str

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class SpeechOut(Schema):
    record_id: int
    eid: str
    kind: str
    person_id: int | None
    label: str
    role: str
    language: str
    text: str
    start: dt.datetime | None
    end: dt.datetime | None
    date: dt.date
    body_id: int | None
    section_heading: str
    url: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class SpeechFilter(Schema):
    q: str | None = Field(None, max_length=200, description="words in the speech")
    speaker: str | None = Field(None, max_length=200, description="a speaker's name in any spelling, Arabic or Latin letters")
    body: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    language: Literal["ar", "en"] | None = None


@router.get("/records", response=list[RecordOut], auth=PUBLIC_AUTH, summary="Published records")
@paginate(LimitOffsetPagination)
def list_records(request, body: int | None = None):
    rows = Record.objects.filter(version__gt=0).order_by("-date", "-id")
    if body:
        rows = rows.filter(body_id=body)
    return rows


def _published_version(record_id: int, number: int | None) -> RecordVersion:
    """The given published version of a record, else its latest (404 when there is none)."""
    record = get_object_or_404(Record, pk=record_id, version__gt=0)
    if number:
        return get_object_or_404(RecordVersion, record=record, number=number)
    latest = record.versions.order_by("-number").first()
    if latest is None:
        raise Http404
    return latest


@router.get("/records/{record_id}", auth=PUBLIC_AUTH, summary="A published record as Popolo JSON speeches")
def get_record(request, record_id: int, version: int | None = None):
    return render.to_popolo(_published_version(record_id, version).document)


@router.get("/records/{record_id}/export/{fmt}", auth=PUBLIC_AUTH, summary="A published record as akn, pdf, html, json or txt")
def export_record(request, record_id: int, fmt: Literal["akn", "pdf", "html", "json", "txt"], version: int | None = None):
    row = _published_version(record_id, version)
    return HttpResponse(render.export(row.document, fmt), content_type=render.CONTENT_TYPES[fmt])


@router.get("/speeches", response=list[SpeechOut], auth=PUBLIC_AUTH, summary="Search published speeches")
@paginate(LimitOffsetPagination)
def search(request, filters: Query[SpeechFilter]):
    from majlis.hansard.views import search_speeches

    params = {k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in filters.dict(exclude_none=True).items()}
    rows, _active, errors = search_speeches(params)
    if errors:
        raise ValidationError({"date": "; ".join(errors)})
    return rows


# --- the working copy (staff; members see their own speeches) ---------------------------

@router.get("/records/{record_id}/draft", auth=STAFF_AUTH, summary="The working copy (editors, clerks; a member gets their own speeches)")
def get_draft(request, record_id: int):
    record = get_object_or_404(Record, pk=record_id)
    user = _user(request)
    if permissions.can_see_working_copy(user, record):
        return {"state": record.state, "revision": record.revision, "document": document.build(record)}
    own = permissions.visible_draft_speeches(user, record)
    if not own.exists():
        raise PermissionDenied("drafts of the Hansard are not public")
    return {"state": record.state, "speeches": [
        {"id": s.pk, "eid": s.eid, "text": s.text, "language": s.language, "revision": s.revision} for s in own.order_by("order")
    ]}


class SpeakerOut(Schema):
    id: int
    name_ar: str
    name_en: str
    label_ar: str
    label_en: str


@router.get("/speakers", response=list[SpeakerOut], auth=STAFF_AUTH, summary="Speaker picker: people matching any spelling")
def speakers(request, q: str = Query("", max_length=200)):
    if not permissions.can_read_drafts(_user(request)):
        raise PermissionDenied("only Hansard staff pick speakers")
    q = q.strip()
    if not q:
        return []
    rows = Person.objects.match(q)
    if not rows.exists():
        rows = Person.objects.filter(Q(name_ar__icontains=q) | Q(name_en__icontains=q) | Q(name_variants__name__icontains=q)).distinct()
    return [
        {"id": p.pk, "name_ar": p.name_ar, "name_en": p.name_en, "label_ar": services.default_label(p, "ar"), "label_en": services.default_label(p, "en")}
        for p in rows.order_by("name_en")[:15]
    ]


class UnitIn(Schema):
    section_id: int
    after_id: int | None = None
    kind: str = "speech"
    language: Literal["ar", "en"] | None = None
    text: str = ""
    person_id: int | None = None
    label: str | None = None
    role_ar: str = ""
    role_en: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


class UnitPatch(Schema):
    base_revision: int = Field(..., description="the revision the edit is based on; an older one is refused (409)")
    kind: str | None = None
    language: Literal["ar", "en"] | None = None
    text: str | None = None
    person_id: int | None = Field(None, description="0 removes the person")
    label: str | None = None
    role_ar: str | None = None
    role_en: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None


class UnitOut(Schema):
    id: int
    eid: str
    kind: str
    person_id: int | None
    label: str
    role_ar: str
    role_en: str
    language: str
    text: str
    start: dt.datetime | None
    end: dt.datetime | None
    source: str
    ai_pending: bool
    revision: int
    section_id: int


def _editor(request):
    user = _user(request)
    if not permissions.can_edit(user):
        raise PermissionDenied("only Hansard editors may change the record")
    return user


@router.post("/records/{record_id}/units", response={201: UnitOut}, auth=STAFF_AUTH, summary="Add a speech or narrative (editor)")
def add_unit(request, record_id: int, payload: UnitIn):
    user = _editor(request)
    record = get_object_or_404(Record, pk=record_id)
    section = get_object_or_404(Section, pk=payload.section_id, record=record)
    after = get_object_or_404(Speech, pk=payload.after_id, record=record) if payload.after_id else None
    fields = {"kind": payload.kind, "text": payload.text, "role_ar": payload.role_ar, "role_en": payload.role_en,
              "start": payload.start, "end": payload.end}
    fields["language"] = payload.language or (after.language if after else record.language)
    if payload.person_id:
        fields["person"] = get_object_or_404(Person, pk=payload.person_id)
    if payload.label is not None:
        fields["label"] = payload.label
    return Status(201, services.add_unit(user, record, section=section, after=after, **fields))


@router.patch("/units/{unit_id}", response={200: UnitOut, 409: dict}, auth=STAFF_AUTH, summary="Change a unit (autosave; 409 on a stale revision)")
def patch_unit(request, unit_id: int, payload: UnitPatch):
    user = _editor(request)
    speech = get_object_or_404(Speech, pk=unit_id)
    data = payload.dict(exclude_none=True)
    base = data.pop("base_revision")
    if "person_id" in data:
        pid = data.pop("person_id")
        data["person"] = get_object_or_404(Person, pk=pid) if pid else None
    try:
        return services.update_unit(user, speech, base_revision=base, **data)
    except services.StaleEdit as exc:
        return Status(409, exc.as_dict())


class SplitIn(Schema):
    at: int
    base_revision: int


class SplitOut(UnitOut):
    kept: UnitOut = Field(..., description="the first part, which keeps its id (with its new revision)")


@router.post("/units/{unit_id}/split", response={201: SplitOut, 409: dict}, auth=STAFF_AUTH,
             summary="Split a speech at a character offset (the new unit, and the first part as `kept`)")
def split_unit(request, unit_id: int, payload: SplitIn):
    user = _editor(request)
    speech = get_object_or_404(Speech, pk=unit_id)
    try:
        new = services.split_unit(user, speech, at=payload.at, base_revision=payload.base_revision)
    except services.StaleEdit as exc:
        return Status(409, exc.as_dict())
    new.kept = Speech.objects.get(pk=speech.pk)
    return Status(201, new)


@router.post("/units/{unit_id}/merge-next", response=UnitOut, auth=STAFF_AUTH, summary="Merge a unit with the next one in its section")
def merge_next(request, unit_id: int):
    user = _editor(request)
    speech = get_object_or_404(Speech, pk=unit_id)
    nxt = Speech.objects.filter(section=speech.section, order__gt=speech.order).order_by("order", "id").first()
    if nxt is None:
        raise ValidationError({"unit": "there is no next unit in this section to merge"})
    return services.merge_units(user, speech, nxt)


@router.post("/units/{unit_id}/accept", response=UnitOut, auth=STAFF_AUTH, summary="Accept a speech-to-text unit (no longer AI-made)")
def accept(request, unit_id: int):
    return services.accept_ai(_editor(request), get_object_or_404(Speech, pk=unit_id))


@router.delete("/units/{unit_id}", response={204: None}, auth=STAFF_AUTH, summary="Delete a unit")
def delete(request, unit_id: int):
    services.delete_unit(_editor(request), get_object_or_404(Speech, pk=unit_id))
    return Status(204, None)


class SectionIn(Schema):
    heading_ar: str = ""
    heading_en: str = ""
    num: str = ""
    parent_id: int | None = Field(None, description="nest it in this section (default: top level)")
    after_id: int | None = Field(None, description="put it right after this sibling section (default: last)")


class SectionPatch(Schema):
    heading_ar: str | None = None
    heading_en: str | None = None
    num: str | None = None


class SectionMove(Schema):
    step: int = Field(..., description="places to move among its siblings: -1 up, 1 down")


class SectionOut(Schema):
    id: int
    eid: str
    order: int
    parent_id: int | None
    kind: str
    num: str
    heading_ar: str
    heading_en: str
    record_revision: int

    @staticmethod
    def resolve_record_revision(obj):
        return Record.objects.values_list("revision", flat=True).get(pk=obj.record_id)


def _section_of(record, section_id, field):
    if section_id is None:
        return None
    section = Section.objects.filter(pk=section_id, record=record).first()
    if section is None:
        raise ValidationError({field: f"no section {section_id} in this record"})
    return section


@router.post("/records/{record_id}/sections", response={201: SectionOut}, auth=STAFF_AUTH, summary="Add a section (editor)")
def add_section(request, record_id: int, payload: SectionIn):
    user = _editor(request)
    record = get_object_or_404(Record, pk=record_id)
    parent = _section_of(record, payload.parent_id, "parent_id")
    after = _section_of(record, payload.after_id, "after_id")
    if after is not None and parent is None:
        parent = after.parent
    try:
        section = services.add_section(user, record, heading_ar=payload.heading_ar, heading_en=payload.heading_en,
                                       num=payload.num, parent=parent, after=after)
    except ValidationError as exc:
        raise _rename_fields(exc, {"parent": "parent_id", "after": "after_id"}) from None
    return Status(201, section)


def _rename_fields(exc: ValidationError, names: dict) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


@router.patch("/sections/{section_id}", response=SectionOut, auth=STAFF_AUTH, summary="Rename a section (editor)")
def rename_section(request, section_id: int, payload: SectionPatch):
    user = _editor(request)
    section = get_object_or_404(Section, pk=section_id)
    return services.rename_section(user, section, **payload.dict(exclude_none=True))


@router.post("/sections/{section_id}/move", response=SectionOut, auth=STAFF_AUTH, summary="Move a section up (-1) or down (1) among its siblings")
def move_section(request, section_id: int, payload: SectionMove):
    user = _editor(request)
    section = get_object_or_404(Section, pk=section_id)
    return services.move_section(user, section, step=payload.step)


class TransitionIn(Schema):
    state: Literal["draft", "in_review", "approved", "published"]
    note: str = ""


@router.post("/records/{record_id}/transition", auth=STAFF_AUTH, summary="Move the record along the workflow (publish = new version)")
def transition(request, record_id: int, payload: TransitionIn):
    user = _editor(request)
    record = get_object_or_404(Record, pk=record_id)
    if payload.state == "published":
        version = services.publish(user, record, corrigendum=payload.note)
        return {"state": "published", "version": version.number}
    services.transition(user, record, payload.state, note=payload.note)
    return {"state": payload.state, "version": record.version}


class ProposalIn(Schema):
    text: str
    note: str = ""


@router.post("/units/{unit_id}/proposals", response={201: dict}, auth=STAFF_AUTH, summary="A member proposes a correction of their own speech")
def propose(request, unit_id: int, payload: ProposalIn):
    speech = get_object_or_404(Speech, pk=unit_id)
    proposal = services.propose_correction(_user(request), speech, text=payload.text, note=payload.note)
    return Status(201, {"id": proposal.pk, "state": proposal.state})


class DecisionIn(Schema):
    accept: bool


@router.post("/proposals/{proposal_id}/decide", auth=STAFF_AUTH, summary="The editor accepts or rejects a member's correction")
def decide(request, proposal_id: int, payload: DecisionIn):
    proposal = services.decide_correction(_editor(request), get_object_or_404(CorrectionProposal, pk=proposal_id), accept=payload.accept)
    return {"id": proposal.pk, "state": proposal.state}

"""REST API of the relations register (mounted at /api/relations).

Reads of accepted engagements and agreements are public; ingestion, the review queue and
every write need a relations officer (session with CSRF, or a bearer token).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from majlis.ai.governance import FeatureDisabled
from majlis.relations import services
from majlis.relations.models import Agreement, Engagement, Participant, PressRelease
from majlis.core.api_auth import PUBLIC_AUTH, STAFF_AUTH

router = Router(tags=["relations"])


def _officer(request):
    if not services.can_manage(request.user):
        raise PermissionDenied("only relations officers may do this")


class ParticipantOut(Schema):
    person_id: int
    name_ar: str
    name_en: str
    title: str
    country: str | None

    @staticmethod
    def resolve_name_ar(obj):
        return obj.person.name_ar

    @staticmethod
    def resolve_name_en(obj):
        return obj.person.name_en

    @staticmethod
    def resolve_country(obj):
        return obj.country.code if obj.country_id else None


class EngagementOut(Schema):
    id: int
    uid: str
    type: str
    title_ar: str
    title_en: str
    date: dt.date | None
    countries: list[str]
    places: list[str]
    organizations: list[str]
    participants: list[ParticipantOut]
    topics: list
    outcomes: list
    sources: list[int]

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_countries(obj):
        return sorted(c.code for c in obj.countries.all())

    @staticmethod
    def resolve_places(obj):
        return [p.name_en or p.name_ar for p in obj.places.all()] + ([obj.place_text] if obj.place_text else [])

    @staticmethod
    def resolve_organizations(obj):
        return [o.name_en or o.name_ar for o in obj.organizations.all()]

    @staticmethod
    def resolve_participants(obj):
        prefetched = getattr(obj, "_prefetched_objects_cache", {})  # the list endpoint loads them for all rows at once
        if "participants" in prefetched:
            return list(prefetched["participants"])
        return list(obj.participants.select_related("person", "country"))

    @staticmethod
    def resolve_sources(obj):
        return [s.release_id for s in obj.sources.all()]


class ReleaseOut(Schema):
    id: int
    title: str
    language: str
    published: dt.date | None
    status: str
    method: str
    extraction: dict | None
    ai_output_id: int | None
    suggested_engagements: list[int | None]

    @staticmethod
    def resolve_suggested_engagements(obj):
        if obj.status != PressRelease.Status.PENDING:
            return []
        return [e.pk if e else None for e in services.suggestions(obj)]


class ReleaseIn(Schema):
    text: str
    published: dt.date | None = None
    language: str | None = None
    source: str = ""


class AcceptIn(Schema):
    extraction: dict | None = None
    merges: dict[str, int | None] | None = None


class RejectIn(Schema):
    note: str = ""


class EngagementIn(Schema):
    type: str
    date: dt.date | None = None
    title_ar: str = ""
    title_en: str = ""
    countries: list[str] = []
    participants: list[int] = []
    organizations: list[int] = []
    topics: list[str] = []
    outcomes: list[str] = []
    summary: str = ""


class AgreementOut(Schema):
    id: int
    kind: str
    title_ar: str
    title_en: str
    status: str
    countries: list[str]
    signed_date: dt.date | None
    in_force_date: dt.date | None
    expiry_date: dt.date | None

    @staticmethod
    def resolve_countries(obj):
        return sorted(c.code for c in obj.countries.all())


class AgreementIn(Schema):
    title_ar: str = ""
    title_en: str = ""
    kind: str = "mou"
    countries: list[str] = []
    parties: list[int] = []
    notes: str = ""


class StatusIn(Schema):
    status: str
    on: dt.date | None = None


def _disabled(exc):
    return Status(409, {"detail": str(exc), "manual_entry": "/api/relations/engagements"})


@router.get("/engagements", response=list[EngagementOut], auth=PUBLIC_AUTH, summary="Accepted engagements (filter by country, type, person)")
def engagements(request, country: str = "", type: str = "", person: int | None = None, limit: int = 100):
    participants = Prefetch("participants", queryset=Participant.objects.select_related("person", "country"))
    qs = Engagement.objects.prefetch_related("countries", "places", "organizations", "sources", participants)
    if country:
        qs = qs.filter(countries__code=country.upper())
    if type:
        qs = qs.filter(type=type)
    if person:
        qs = qs.filter(participants__person_id=person)
    return list(qs.distinct()[: max(1, min(limit, 1000))])


@router.get("/engagements/{pk}", response=EngagementOut, auth=PUBLIC_AUTH)
def engagement(request, pk: int):
    return get_object_or_404(Engagement, pk=pk)


@router.post("/engagements", response={201: EngagementOut}, auth=STAFF_AUTH, summary="Record an engagement by hand")
def create_engagement(request, payload: EngagementIn):
    _officer(request)
    return Status(201, services.create_engagement(request.user, **payload.dict()))


@router.post("/releases", response={201: ReleaseOut, 409: dict}, auth=STAFF_AUTH, summary="Ingest a press release (text); its extraction waits for review")
def ingest_text(request, payload: ReleaseIn):
    _officer(request)
    try:
        release = services.ingest(request.user, text=payload.text, published=payload.published, language=payload.language or None, source=payload.source)
    except FeatureDisabled as exc:
        return _disabled(exc)
    return Status(201, release)


@router.post("/releases/upload", response={201: ReleaseOut, 409: dict}, auth=STAFF_AUTH, summary="Ingest a press release file (TXT, HTML, DOCX, PDF)")
def ingest_file(request, file: File[UploadedFile], published: Form[dt.date | None] = None, language: Form[str] = "", source: Form[str] = ""):
    _officer(request)
    data = file.read(services.reading.MAX_BYTES + 1)
    try:
        release = services.ingest(request.user, data=data, filename=file.name, published=published, language=language or None, source=source)
    except FeatureDisabled as exc:
        return _disabled(exc)
    return Status(201, release)


@router.get("/releases", response=list[ReleaseOut], auth=STAFF_AUTH, summary="The review queue (status=pending) or all releases")
def releases(request, status: str = "pending"):
    _officer(request)
    qs = PressRelease.objects.all()
    if status:
        qs = qs.filter(status=status)
    return list(qs[:200])


@router.get("/releases/{pk}", response=ReleaseOut, auth=STAFF_AUTH)
def release(request, pk: int):
    _officer(request)
    return get_object_or_404(PressRelease, pk=pk)


@router.post("/releases/{pk}/accept", response=list[EngagementOut], auth=STAFF_AUTH, summary="Accept an extraction (optionally edited)")
def accept(request, pk: int, payload: AcceptIn):
    _officer(request)
    release = get_object_or_404(PressRelease, pk=pk)
    return services.accept(request.user, release, extraction=payload.extraction, merges=payload.merges)


@router.post("/releases/{pk}/reject", response=ReleaseOut, auth=STAFF_AUTH)
def reject(request, pk: int, payload: RejectIn):
    _officer(request)
    return services.reject(request.user, get_object_or_404(PressRelease, pk=pk), payload.note)


@router.get("/agreements", response=list[AgreementOut], auth=PUBLIC_AUTH)
def agreements(request, country: str = ""):
    qs = Agreement.objects.prefetch_related("countries")
    if country:
        qs = qs.filter(countries__code=country.upper())
    return list(qs.distinct())


@router.post("/agreements", response={201: AgreementOut}, auth=STAFF_AUTH)
def create_agreement(request, payload: AgreementIn):
    _officer(request)
    return Status(201, services.create_agreement(request.user, **payload.dict()))


@router.post("/agreements/{pk}/status", response=AgreementOut, auth=STAFF_AUTH, summary="draft → negotiated → signed → in force → expired")
def agreement_status(request, pk: int, payload: StatusIn):
    _officer(request)
    return services.set_agreement_status(request.user, get_object_or_404(Agreement, pk=pk), payload.status, on=payload.on)

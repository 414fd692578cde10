"""Pages of the Hansard. Thin: reads go through `permissions`, writes through `services`."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.core.bilingual import is_arabic
from majlis.core.errors import one_line
from majlis.core.models import Organization, Person
from majlis.hansard import document, permissions, render as renderer, services
from majlis.hansard.models import SPOKEN_KINDS, CorrectionProposal, Kind, PublishedSpeech, Record, RecordState, Section, Speech, SpeechRedirect

MAX_QUERY = 200


def _lang() -> str:
    return "ar" if is_arabic() else "en"


def search_speeches(params) -> tuple:
    """Published speeches filtered by text, speaker, body, dates and language (ORM; the
    search app's engine indexes the same rows)."""
    rows = PublishedSpeech.objects.filter(is_current=True).select_related("person", "record", "body")
    q = (params.get("q") or "").strip()[:MAX_QUERY]
    speaker = (params.get("speaker") or "").strip()[:MAX_QUERY]
    body = params.get("body") or ""
    language = params.get("language") or ""
    errors = []
    if q:
        rows = rows.filter(Q(text__icontains=q) | Q(section_heading__icontains=q) | Q(label__icontains=q))
    if speaker:
        people = Person.objects.match(speaker)
        if not people.exists():
            people = Person.objects.filter(Q(name_ar__icontains=speaker) | Q(name_en__icontains=speaker) | Q(name_variants__name__icontains=speaker))
        rows = rows.filter(Q(person__in=people) | Q(label__icontains=speaker))
    if body.isdigit():
        rows = rows.filter(body_id=int(body))
    if language in ("ar", "en"):
        rows = rows.filter(language=language)
    for key, lookup in (("date_from", "date__gte"), ("date_to", "date__lte")):
        value = params.get(key) or ""
        if value:
            try:
                rows = rows.filter(**{lookup: dt.date.fromisoformat(value)})
            except ValueError:
                errors.append(_("%(value)s is not a date (YYYY-MM-DD)") % {"value": value})
    active = bool(q or speaker or body or language or params.get("date_from") or params.get("date_to"))
    return rows.order_by("-date", "record_id", "order"), active, errors


def engine_search(request):
    """Words go to the search app's engine (Arabic/English analyzer, stems, name variants),
    restricted to published speeches; None when the engine is absent or cannot serve it."""
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    if not q:
        return None
    try:
        from majlis.search.engine import search
        from majlis.search.query import QueryError
    except ImportError:  # pragma: no cover - search app absent
        return None
    speaker = (request.GET.get("speaker") or "").strip()[:MAX_QUERY]
    person = None
    if speaker:
        people = list(Person.objects.match(speaker)[:2])
        if len(people) != 1:
            return None  # several or no people: the ORM path matches labels too
        person = people[0].pk
    dates = {}
    for key in ("date_from", "date_to"):
        value = request.GET.get(key) or ""
        if value:
            try:
                dates[key] = dt.date.fromisoformat(value)
            except ValueError:
                return None
    body = request.GET.get("body") or ""
    language = request.GET.get("language") if request.GET.get("language") in ("ar", "en") else ""
    page = request.GET.get("page") or "1"
    try:
        return search(q, user=request.user, types=["hansard.speech"], body=int(body) if body.isdigit() else None, person=person,
                      language=language, page=int(page) if page.isdigit() else 1, per_page=30, facets=False, **dates)
    except QueryError:
        return None


def index(request):
    published = Record.objects.filter(version__gt=0).select_related("body").order_by("-date", "-id")
    hits = engine_search(request)
    if hits is not None:
        results, searching, errors = PublishedSpeech.objects.none(), True, []
        page = None
    else:
        results, searching, errors = search_speeches(request.GET)
        page = Paginator(results, 30).get_page(request.GET.get("page")) if searching else None
    can_read_drafts = permissions.can_read_drafts(request.user)
    context = {
        "hits_next": hits.page + 1 if hits is not None and hits.total > hits.page * hits.per_page else None,
        "records": published[:100], "page": page, "hits": hits, "searching": searching, "errors": errors, "params": request.GET,
        "bodies": Organization.objects.filter(hansard_records__version__gt=0).distinct(),
        "can_edit": permissions.can_edit(request.user), "can_read_drafts": can_read_drafts,
    }
    if can_read_drafts:
        context["working"] = Record.objects.exclude(state=RecordState.PUBLISHED).select_related("body").order_by("-date")[:100]
        from majlis.meetings.models import Meeting

        context["meetings"] = Meeting.objects.filter(hansard_record__isnull=True, started_at__isnull=False).order_by("-start")[:30]
    person = permissions.person_of(request.user)
    if person is not None:
        context["my_drafts"] = Speech.objects.filter(person=person).exclude(record__state=RecordState.PUBLISHED).count()
    return render(request, "hansard/index.html", context)


def _published_doc(record: Record, number: int | None = None):
    versions = record.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    return version


def record(request, pk: int):
    rec = get_object_or_404(Record.objects.select_related("body"), pk=pk)
    number = request.GET.get("version")
    version = _published_doc(rec, int(number) if number and number.isdigit() else None)
    may_see_working = permissions.can_see_working_copy(request.user, rec)
    working = request.GET.get("draft") == "1" and may_see_working
    if working:
        doc = document.build(rec)
    elif version is not None:
        doc = version.document
    elif may_see_working:
        doc = document.build(rec)
        working = True
    elif permissions.visible_draft_speeches(request.user, rec).exists():
        return redirect("hansard:mine")
    else:
        raise Http404
    context = {
        "rec": rec, "v": renderer.view(doc, _lang()), "version": None if working else version, "working": working,
        "versions": rec.versions.defer("document").order_by("number"), "link_people": True,
        "can_edit": permissions.can_edit(request.user), "can_read_drafts": permissions.can_read_drafts(request.user),
    }
    return render(request, "hansard/record.html", context)


def speech_link(request, pk: int, eid: str):
    rec = get_object_or_404(Record, pk=pk)
    target = eid
    redirect_row = SpeechRedirect.objects.filter(record=rec, old_eid=eid).first()
    if redirect_row:
        target = redirect_row.new_eid
    if not PublishedSpeech.objects.filter(record=rec, eid=target).exists() and not permissions.can_see_working_copy(request.user, rec):
        raise Http404
    return redirect(f"{rec.get_absolute_url()}#{target}")


def member(request, person_id: int):
    person = get_object_or_404(Person, pk=person_id)
    rows = PublishedSpeech.objects.filter(is_current=True, person=person).select_related("record", "body").order_by("-date", "record_id", "order")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "hansard/member.html", {"person": person, "page": page})


def export(request, pk: int, fmt: str):
    rec = get_object_or_404(Record, pk=pk)
    if fmt not in renderer.FORMATS:
        raise Http404
    if request.GET.get("draft") == "1":
        if not permissions.can_see_working_copy(request.user, rec):
            raise Http404
        doc = document.build(rec)
        suffix = "draft"
    else:
        number = request.GET.get("version")
        version = _published_doc(rec, int(number) if number and number.isdigit() else None)
        if version is None:
            raise Http404
        doc = version.document
        suffix = f"v{version.number}"
    lang = request.GET.get("lang") if request.GET.get("lang") in ("ar", "en") else None
    data = renderer.export(doc, fmt, lang)
    response = HttpResponse(data, content_type=renderer.CONTENT_TYPES[fmt])
    if fmt in ("akn", "pdf", "json", "txt"):
        response["Content-Disposition"] = f'inline; filename="hansard-{rec.date}-{rec.pk}-{suffix}.{renderer.EXTENSIONS[fmt]}"'
    return response


# --- members ----------------------------------------------------------------------------

@login_required
def mine(request):
    person = permissions.person_of(request.user)
    if person is None:
        messages.error(request, _("Your account is not linked to a member of the register."))
        return redirect("hansard:index")
    rows = (
        Speech.objects.filter(person=person).exclude(record__state=RecordState.PUBLISHED)
        .select_related("record").order_by("-record__date", "order")
    )
    rows = list(rows)
    # Every row is this person's, so one check answers for all (not a query per speech).
    if rows and not permissions.can_propose_correction(request.user, rows[0]):
        rows = []
    proposals = CorrectionProposal.objects.filter(proposer=request.user).select_related("speech", "speech__record")[:50]
    return render(request, "hansard/mine.html", {"speeches": rows, "proposals": proposals, "person": person})


@login_required
@require_POST
def propose(request, speech_id: int):
    speech = get_object_or_404(Speech, pk=speech_id)
    try:
        services.propose_correction(request.user, speech, text=request.POST.get("text", ""), note=request.POST.get("note", ""))
        messages.success(request, _("Your correction was sent to the Hansard editor."))
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("hansard:mine")


# --- staff ------------------------------------------------------------------------------

def _require(request, check) -> None:
    if not (request.user.is_authenticated and check(request.user)):
        raise PermissionDenied


@login_required
def editor(request, pk: int):
    _require(request, permissions.can_read_drafts)
    rec = get_object_or_404(Record.objects.select_related("body", "meeting"), pk=pk)
    sections = list(rec.sections.order_by("order", "id"))
    units = list(rec.speeches.select_related("person", "section").order_by("order", "id"))
    by_section: dict[int, list] = {}
    for unit in units:
        by_section.setdefault(unit.section_id, []).append(unit)
    ordered = _section_tree(sections, by_section)
    proposals = CorrectionProposal.objects.filter(speech__record=rec, state="pending").select_related("speech", "proposer")
    from majlis.hansard import asr

    context = {
        "rec": rec, "sections": ordered, "can_edit": permissions.can_edit(request.user),
        "next_states": services.WORKFLOW[RecordState(rec.state)]["next"], "proposals": proposals,
        "ai_pending": sum(1 for u in units if u.ai_pending), "asr_enabled": asr.is_enabled(), "kinds": Speech._meta.get_field("kind").choices,
        # Blank copies the editor script clones for sections and units it adds in place.
        "blank_section": {"section": Section(record=rec), "depth": 0, "units": []},
        "blank_spoken": Speech(record=rec, kind=Kind.SPEECH, language=rec.language),
        "blank_other": Speech(record=rec, kind=Kind.NARRATIVE, language=rec.language),
        "spoken_kinds": " ".join(sorted(SPOKEN_KINDS)),
    }
    return render(request, "hansard/editor.html", context)


def _section_tree(sections, by_section):
    children: dict[int | None, list] = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    out = []

    def walk(parent_id, depth):
        for s in children.get(parent_id, []):
            out.append({"section": s, "depth": depth, "units": by_section.get(s.id, [])})
            walk(s.id, depth + 1)

    walk(None, 0)
    return out


@login_required
@require_POST
def transition(request, pk: int):
    _require(request, permissions.can_edit)
    rec = get_object_or_404(Record, pk=pk)
    state = request.POST.get("state", "")
    try:
        if state == RecordState.PUBLISHED:
            version = services.publish(request.user, rec, corrigendum=request.POST.get("note", ""))
            messages.success(request, _("Published as version %(n)s.") % {"n": version.number})
        else:
            services.transition(request.user, rec, state, note=request.POST.get("note", ""))
            messages.success(request, _("The record is now: %(state)s.") % {"state": RecordState(state).label})
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("hansard:editor", pk=rec.pk)


@login_required
@require_POST
def decide(request, proposal_id: int):
    _require(request, permissions.can_edit)
    proposal = get_object_or_404(CorrectionProposal, pk=proposal_id)
    try:
        services.decide_correction(request.user, proposal, accept=request.POST.get("decision") == "accept")
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("hansard:editor", pk=proposal.speech.record_id)


@login_required
@require_POST
def accept_all(request, pk: int):
    _require(request, permissions.can_edit)
    rec = get_object_or_404(Record, pk=pk)
    n = services.accept_all_ai(request.user, rec)
    messages.success(request, _("%(n)s speech-to-text speeches accepted.") % {"n": n})
    return redirect("hansard:editor", pk=rec.pk)


@login_required
@require_POST
def create(request):
    _require(request, permissions.can_edit)
    try:
        meeting_id = request.POST.get("meeting", "")
        if meeting_id.isdigit():
            from majlis.meetings.models import Meeting

            rec = services.seed_from_meeting(request.user, get_object_or_404(Meeting, pk=int(meeting_id)), language=request.POST.get("language", "ar"))
        else:
            raw = request.POST.get("date", "")
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError({"date": _("a date (YYYY-MM-DD) is required")}) from None
            rec = services.create_record(request.user, date=day, title_ar=request.POST.get("title_ar", ""), title_en=request.POST.get("title_en", ""),
                                         language=request.POST.get("language", "ar"))
            services.add_section(request.user, rec, heading_ar="وقائع الجلسة", heading_en="Proceedings", name="proceedings")
    except ValidationError as exc:
        messages.error(request, one_line(exc))
        return redirect("hansard:index")
    return redirect("hansard:editor", pk=rec.pk)


AUDIO_EXTENSIONS = {".wav", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".flac", ".webm", ".mp4"}


@login_required
def transcribe(request, pk: int):
    _require(request, permissions.can_transcribe)
    rec = get_object_or_404(Record, pk=pk)
    from majlis.hansard import asr, transcription

    enabled = asr.is_enabled()
    configured = bool(asr.model_setting())
    if request.method == "POST" and enabled and configured:
        upload = request.FILES.get("audio")
        language = request.POST.get("language", rec.language)
        error = ""
        if upload is None:
            error = _("Choose an audio file.")
        elif Path(upload.name).suffix.lower() not in AUDIO_EXTENSIONS:
            error = _("This is not an audio file Majlis can read (%(ext)s).") % {"ext": ", ".join(sorted(AUDIO_EXTENSIONS))}
        elif upload.size > settings.MAX_UPLOAD_BYTES:
            error = _("The file is too large.")
        if not error:
            folder = Path(settings.MEDIA_ROOT) / "hansard" / "audio"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
            with open(target, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                row = transcription.create(request.user, rec, str(target), language=language)
                transcription.enqueue(row)
                return redirect("task_progress", key=row.progress_key)
            except (ValidationError, transcription.TranscriptionDisabled) as exc:
                error = one_line(exc) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, error)
    return render(request, "hansard/transcribe.html", {
        "rec": rec, "enabled": enabled, "configured": configured, "runs": rec.transcriptions.order_by("-created")[:10],
    })

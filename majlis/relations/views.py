"""Pages of the relations register. Thin: the work is in `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from majlis.ai import governance
from majlis.ai.governance import FeatureDisabled
from majlis.core.errors import one_line
from majlis.core.models import Area, Membership, Organization, Person
from majlis.relations import extract, review, services
from majlis.relations.models import Agreement, Engagement, EngagementType, PressRelease


def _officer(request):
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Only relations officers may do this."))


def _posted_id(request, name: str) -> int:
    """A posted object id; a missing or non-numeric one is a bad request (400), not a 500."""
    raw = (request.POST.get(name) or "").strip()
    if not raw.isdigit() or len(raw) > 18:
        raise BadRequest(f"{name}: a numeric id is required")
    return int(raw)


def _is_chair(membership) -> bool:
    """The rule of `services.group_chair`, on a membership already loaded."""
    return bool((membership.post_id and membership.post.role == "chair") or membership.role_en.lower() == "chair")


def index(request):
    countries = (Area.objects.filter(kind=Area.Kind.COUNTRY).annotate(n=Count("engagements", distinct=True)).filter(n__gt=0).order_by("-n"))
    context = {
        "engagements": Engagement.objects.prefetch_related("countries")[:30],
        "countries": countries,
        "agreements": Agreement.objects.prefetch_related("countries")[:10],
        "groups": Organization.objects.filter(classification=Organization.Classification.FRIENDSHIP_GROUP),
        "pending": PressRelease.objects.filter(status=PressRelease.Status.PENDING).count() if services.can_manage(request.user) else None,
        "can_manage": services.can_manage(request.user),
    }
    return render(request, "relations/index.html", context)


def engagement(request, pk: int):
    e = get_object_or_404(Engagement.objects.prefetch_related("countries", "places", "organizations"), pk=pk)
    return render(request, "relations/engagement.html", {
        "e": e, "participants": e.participants.select_related("person", "country", "organization"),
        "sources": e.sources.select_related("release"), "actions": e.actions.select_related("action_item"),
        "agreements": e.agreements.all(), "can_manage": services.can_manage(request.user),
    })


def country(request, code: str):
    area = get_object_or_404(Area, kind=Area.Kind.COUNTRY, code=code.upper())
    items, open_actions = services.country_timeline(area)
    groups = Organization.objects.filter(classification=Organization.Classification.FRIENDSHIP_GROUP).filter(
        Q(country=area) | Q(engagements__countries=area) | Q(group_engagements__countries=area)).distinct()
    return render(request, "relations/country.html", {"country": area, "items": items, "open_actions": open_actions, "groups": groups})


def person(request, pk: int):
    p = get_object_or_404(Person, pk=pk)
    rows = Engagement.objects.filter(participants__person=p).prefetch_related("countries").distinct()
    return render(request, "relations/person.html", {"person": p, "engagements": rows})


def agreements(request):
    return render(request, "relations/agreements.html", {"agreements": Agreement.objects.prefetch_related("countries", "parties"),
                                                          "can_manage": services.can_manage(request.user)})


@require_http_methods(["GET", "POST"])
def agreement(request, pk: int):
    a = get_object_or_404(Agreement, pk=pk)
    if request.method == "POST":
        _officer(request)
        try:
            if request.FILES.get("file"):
                services.add_agreement_document(request.user, a, request.FILES["file"], request.POST.get("title", ""))
            else:
                services.set_agreement_status(request.user, a, request.POST.get("status", ""))
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, one_line(exc))
        return redirect("relations:agreement", pk=a.pk)
    allowed = [(s, Agreement.Status(s).label) for s in sorted(services.AGREEMENT_FLOW[a.status])]
    return render(request, "relations/agreement.html", {"a": a, "allowed": allowed, "can_manage": services.can_manage(request.user),
                                                         "documents": a.documents.all()})


@require_http_methods(["GET", "POST"])
def groups(request):
    if request.method == "POST":
        _officer(request)
        try:
            if request.POST.get("action") == "create":
                services.create_group(request.user, name_ar=request.POST.get("name_ar", ""), name_en=request.POST.get("name_en", ""),
                                      country=request.POST.get("country") or None)
            else:
                group = get_object_or_404(Organization, pk=_posted_id(request, "group"), classification=Organization.Classification.FRIENDSHIP_GROUP)
                person = get_object_or_404(Person, pk=_posted_id(request, "person"))
                services.add_group_member(request.user, group, person, chair=request.POST.get("chair") == "1")
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, one_line(exc))
        return redirect("relations:groups")
    current = Membership.objects.filter(end_date__isnull=True).select_related("person", "post")
    rows = (Organization.objects.filter(classification=Organization.Classification.FRIENDSHIP_GROUP).select_related("country", "parent")
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_members")))
    data = [{"group": g, "chair": next((m.person for m in g.current_members if _is_chair(m)), None), "members": g.current_members}
            for g in rows]
    can = services.can_manage(request.user)
    return render(request, "relations/groups.html", {
        "groups": data, "can_manage": can, "people": Person.objects.filter(is_fictional=False) if can else [],
        "countries": Area.objects.filter(kind=Area.Kind.COUNTRY) if can else [],
    })


@login_required
def queue(request):
    _officer(request)
    return render(request, "relations/queue.html", {
        "pending": PressRelease.objects.filter(status=PressRelease.Status.PENDING),
        "recent": PressRelease.objects.exclude(status=PressRelease.Status.PENDING).select_related("reviewed_by")[:20],
    })


@login_required
@require_http_methods(["GET", "POST"])
def ingest(request):
    _officer(request)
    extract.register_system()
    enabled = governance.is_enabled(extract.SYSTEM_KEY)
    if request.method == "POST":
        upload = request.FILES.get("file")
        kwargs = {"published": request.POST.get("published") or None, "language": request.POST.get("language") or None,
                  "source": request.POST.get("source", "")}
        try:
            if upload is not None:
                release = services.ingest(request.user, data=upload.read(services.reading.MAX_BYTES + 1), filename=upload.name, **kwargs)
            else:
                release = services.ingest(request.user, text=request.POST.get("text", ""), **kwargs)
            messages.success(request, _("The release was read. Review what was extracted before it becomes official."))
            return redirect("relations:release", pk=release.pk)
        except FeatureDisabled:
            messages.error(request, _("AI extraction is switched off by the AI governance officer. Enter the engagement by hand."))
            return redirect("relations:new")
        except ValidationError as exc:
            messages.error(request, one_line(exc))
    return render(request, "relations/ingest.html", {"enabled": enabled})


@login_required
@require_http_methods(["GET", "POST"])
def release(request, pk: int):
    _officer(request)
    r = get_object_or_404(PressRelease, pk=pk)
    rows, errors, status = None, {}, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reject":
                services.reject(request.user, r, request.POST.get("note", ""))
                messages.success(request, _("The extraction was rejected; nothing was recorded."))
                return redirect("relations:queue")
            final, merges, rows, errors = review.parse(request.POST, r.extraction)
            if not errors:
                accepted = services.accept(request.user, r, extraction=final, merges=merges)
                messages.success(request, _("Accepted: the engagement is now in the register."))
                return redirect("relations:engagement", pk=accepted[0].pk) if accepted else redirect("relations:queue")
        except ValidationError as exc:
            errors = {"service": one_line(exc)}
        status = 400
        r.refresh_from_db()
    events = (r.extraction or {}).get("events", [])
    pending = r.status == PressRelease.Status.PENDING
    suggested = services.suggestions(r) if pending else []
    context = {
        "r": r, "events": list(zip(range(len(events)), events, suggested or [None] * len(events))),
        "mentioned": (r.extraction or {}).get("mentioned", []),
        "output": r.ai_output, "errors": errors,
    }
    if pending:
        rows = review.decorate(rows if rows is not None else review.initial(r.extraction))
        for row in rows:
            row["match"] = suggested[row["i"]] if row["i"] < len(suggested) else None
        context.update({
            "rows": rows, "types": [(t, EngagementType(t).label) for t in extract.EVENT_TYPES],
            "topic_choices": review.topic_choices(), "engagements": Engagement.objects.order_by("-date")[:50],
        })
    return render(request, "relations/release.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """Manual entry: always available, whether or not AI extraction is switched on."""
    _officer(request)
    if request.method == "POST":
        try:
            e = services.create_engagement(
                request.user, type=request.POST.get("type", ""), date=request.POST.get("date") or None,
                title_ar=request.POST.get("title_ar", ""), title_en=request.POST.get("title_en", ""),
                countries=[c.strip() for c in request.POST.get("countries", "").replace("،", ",").split(",") if c.strip()],
                participants=[int(x) for x in request.POST.getlist("participants") if x.isdigit()],
                outcomes=[o for o in request.POST.get("outcomes", "").splitlines() if o.strip()], summary=request.POST.get("summary", ""),
            )
            messages.success(request, _("Engagement recorded."))
            return redirect("relations:engagement", pk=e.pk)
        except ValidationError as exc:
            messages.error(request, one_line(exc))
    return render(request, "relations/new.html", {"types": EngagementType.choices, "people": Person.objects.filter(is_fictional=False)})

"""The AI governance page: inventory with switches, assessments, recent outputs, rates,
incidents and the CSV export of the AI event log (for audits)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.ai import governance
from majlis.ai.models import AIOutput, ImpactAssessment, Incident
from majlis.core.errors import one_line


def _require_governor(request):
    if not governance.can_govern(request.user):
        raise PermissionDenied(_("Only the AI governance officer may see this page."))


@login_required
def index(request):
    _require_governor(request)
    context = {
        "systems": governance.rates(),
        "outputs": AIOutput.objects.select_related("system", "user", "reviewer")[:30],
        "incidents": Incident.objects.select_related("system", "reporter")[:30],
        "assessments": ImpactAssessment.objects.select_related("system", "assessor")[:20],
        "decisions": ImpactAssessment.Decision.choices,
    }
    return render(request, "ai/index.html", context)


@login_required
@require_POST
def toggle(request, key: str):
    _require_governor(request)
    enabled = request.POST.get("enabled") == "1"
    try:
        system = governance.set_enabled(request.user, key, enabled)
    except ValidationError as exc:
        messages.error(request, one_line(exc))
        return redirect("ai:index")
    messages.success(request, (_("%s is switched on.") if system.enabled else _("%s is switched off.")) % system.name)
    return redirect("ai:index")


@login_required
@require_POST
def assess(request, key: str):
    _require_governor(request)
    try:
        governance.record_assessment(request.user, key, findings=request.POST.get("findings", ""), decision=request.POST.get("decision", ""))
        messages.success(request, _("Impact assessment recorded."))
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("ai:index")


@login_required
@require_POST
def report(request, pk: int):
    """The "this output is wrong" button: anyone signed in may report an AI output."""
    output = get_object_or_404(AIOutput, pk=pk)
    try:
        governance.report_incident(request.user, output=output, description=request.POST.get("description", ""))
        messages.success(request, _("Thank you: the AI governance officer will look at it."))
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    nxt = request.POST.get("next") or ""
    return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else "home")


@login_required
@require_POST
def resolve(request, pk: int):
    _require_governor(request)
    incident = get_object_or_404(Incident, pk=pk)
    try:
        governance.resolve_incident(request.user, incident, request.POST.get("resolution", ""))
        messages.success(request, _("Incident resolved."))
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("ai:index")


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def export(request):
    _require_governor(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="majlis-ai-log.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Arabic correctly with a BOM
    governance.export_csv(response, system=request.GET.get("system", ""), since=_date(request.GET.get("since")), until=_date(request.GET.get("until")))
    return response

"""Site-wide pages: the dashboard, language and calendar switches, task progress."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST

from majlis.core.dashboard import cards_for
from majlis.core.models import Membership, Organization, Person, TaskProgress


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return fallback
    return target


def home(request):
    counts = {
        "people": Person.objects.count(),
        "bodies": Organization.objects.count(),
        "members": Membership.objects.filter(organization__classification="chamber", end_date__isnull=True).count(),
    }
    chambers = Organization.objects.filter(classification="chamber")
    return render(request, "web/home.html", {"counts": counts, "chambers": chambers, "cards": cards_for(request)})


@require_POST
def switch_language(request):
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    if request.user.is_authenticated:
        from majlis.core.models import UserProfile

        UserProfile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


def switch_calendar(request):
    calendar = "hijri" if request.GET.get("calendar") == "hijri" else "gregorian"
    request.session["calendar"] = calendar
    if request.user.is_authenticated:
        from majlis.core.models import UserProfile

        UserProfile.objects.update_or_create(user=request.user, defaults={"calendar": calendar})
    return HttpResponseRedirect(_safe_next(request))


def task_progress(request, key: str):
    row = get_object_or_404(TaskProgress, key=key)
    return render(request, "web/task_progress.html", {"task": row})


def task_progress_json(request, key: str):
    row = get_object_or_404(TaskProgress, key=key)
    return JsonResponse(
        {"key": row.key, "label": row.label, "state": row.state, "done": row.done, "total": row.total,
         "percent": row.percent, "message": row.message, "result_url": row.result_url}
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})

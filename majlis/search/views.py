"""The search page: one box, facets and filters, highlighted results. Thin."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from majlis.search import registry, semantic
from majlis.search.engine import search as run_search
from majlis.search.query import QueryError


def _date(raw: str, label: str, errors: list[str]):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        errors.append(_("%(field)s is not a date (YYYY-MM-DD).") % {"field": label})
        return None


def _int(raw: str):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 18 else None


def index(request):
    get = request.GET
    q = get.get("q", "")
    errors: list[str] = []
    types = [t for t in get.getlist("type") if t in registry.types()]
    params = {
        "types": types,
        "body": _int(get.get("body", "")),
        "person": _int(get.get("person", "")),
        "date_from": _date(get.get("from", ""), _("From"), errors),
        "date_to": _date(get.get("to", ""), _("To"), errors),
        "language": get.get("lang", "") if get.get("lang", "") in ("ar", "en") else "",
    }
    page = _int(get.get("page", "")) or 1
    results = None
    status = 200
    if q.strip() and not errors:
        try:
            results = run_search(q, user=request.user, page=page, **params)
        except QueryError as exc:
            errors.append(str(exc.message))
            status = 400
    elif errors:
        status = 400
    base = [(k, v) for k, v in get.lists() for v in v if k not in ("page",)]

    def link(**change) -> str:
        pairs = [(k, v) for k, v in base if k not in change]
        for k, v in change.items():
            if v not in (None, ""):
                pairs.append((k, v))
        return "?" + urlencode(pairs)

    facet_links = {}
    if results is not None:
        for name, rows in results.facets.items():
            key = {"type": "type", "language": "lang", "body": "body"}[name]
            current = {"type": types, "lang": [params["language"]], "body": [str(params["body"] or "")]}[key]
            facet_links[name] = [
                dict(row, active=str(row["value"]) in current,
                     url=link(**{key: "" if str(row["value"]) in current else row["value"]}))
                for row in rows
            ]
    context = {
        "q": q, "results": results, "errors": errors, "params": params, "facets": facet_links,
        "types": [(k, t.label) for k, t in sorted(registry.types().items())],
        "semantic": semantic.status(),
        "clear_filters": "?" + urlencode({"q": q}),
        "prev_url": link(page=page - 1) if results and page > 1 else "",
        "next_url": link(page=page + 1) if results and page < results.pages else "",
        "raw_from": get.get("from", ""), "raw_to": get.get("to", ""),
    }
    return render(request, "search/index.html", context, status=status)

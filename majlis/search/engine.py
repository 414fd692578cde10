"""Running a search: the one entry point for pages, API, CLI and other apps.

    from majlis.search.engine import search
    results = search("بالمجلس", user=request.user, types=["hansard.speech"], page=1)

Lexical search always works (FTS5 or tsvector over Majlis's analyzer). When semantic
search is on and a model is installed, dense results are fused with lexical ones by
reciprocal rank fusion (see `semantic`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from majlis.core.roles import is_staff_member
from majlis.search import registry
from majlis.search.backends import get_backend
from majlis.search.backends.base import RANK_WINDOW, Filters
from majlis.search.highlight import highlight, snippet
from majlis.search.models import Entry
from majlis.search.query import Compiled, QueryError, compile_query

MAX_PER_PAGE = 100
MAX_PAGE = 500
FUSION_DEPTH = 100  # how many lexical and dense hits go into the fusion
RRF_K = 60
# Counting every match of a very common word costs more than it tells. Kept >= the
# backends' RANK_WINDOW so the capped count also tells them whether to cut.
COUNT_CAP = 1000
assert COUNT_CAP >= RANK_WINDOW


@dataclass
class Hit:
    entry: Entry
    score: float
    title_html: str
    snippet_html: str
    type_label: str
    via: str = "lexical"  # "lexical" | "semantic" | "both"

    def as_dict(self) -> dict:
        e = self.entry
        return {
            "type": e.type_key, "type_label": self.type_label, "id": e.object_id, "title": e.title,
            "title_html": str(self.title_html), "snippet_html": str(self.snippet_html), "url": e.url,
            "language": e.language, "date": e.date.isoformat() if e.date else None, "body_id": e.body_id,
            "public": e.public, "score": round(self.score, 6), "via": self.via,
        }


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    facets: dict[str, list[dict]] = field(default_factory=dict)
    relaxed: bool = False  # no result had every word: showing those with any
    total_capped: bool = False  # more than `total` matched (counting stopped at COUNT_CAP)
    message: str = ""
    semantic: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict:
        return {
            "query": self.query, "total": self.total, "total_capped": self.total_capped, "page": self.page, "per_page": self.per_page,
            "pages": self.pages, "relaxed": self.relaxed, "message": self.message,
            "results": [h.as_dict() for h in self.hits], "facets": self.facets, "semantic": self.semantic,
        }


def _type_label(key: str) -> str:
    st = registry.types().get(key)
    return str(st.label) if st else key


def _bodies(ids) -> dict[int, str]:
    from majlis.core.models import Organization

    return {o.pk: o.name for o in Organization.objects.filter(pk__in=[i for i in ids if i is not None])}


def make_filters(*, user=None, types=None, body=None, person=None, date_from=None, date_to=None, language="",
                 include_private: bool | None = None) -> Filters:
    types = [t for t in (types or []) if t]
    known = registry.types()
    for t in types:
        if t not in known:
            raise QueryError(_("Unknown type “%(t)s”.") % {"t": t[:60]}, "type")
    if date_from and date_to and date_from > date_to:
        raise QueryError(_("The start date is after the end date."), "date")
    if language and language not in ("ar", "en"):
        raise QueryError(_("Language must be “ar” or “en”."), "language")
    return Filters(
        types=types, body_id=body, person_id=person, date_from=date_from, date_to=date_to, language=language or "",
        include_private=(bool(user is not None and is_staff_member(user)) if include_private is None
                         else bool(include_private)),
    )


def search(q, *, user=None, types=None, body: int | None = None, person: int | None = None,
           date_from: dt.date | None = None, date_to: dt.date | None = None, language: str = "",
           page: int = 1, per_page: int = 20, semantic: bool | None = None, facets: bool = True,
           include_private: bool | None = None) -> Results:
    """Search the index as `user` sees it (non-public entries only for staff).

    `include_private` overrides the user check (the operator's CLI); never pass it from
    a request. Raises QueryError (a clear message) for input that cannot be searched: a query
    over the length limit, an unknown type, a bad date range.
    """
    from majlis.search import names, semantic as dense

    filters = make_filters(user=user, types=types, body=body, person=person, date_from=date_from,
                           date_to=date_to, language=language, include_private=include_private)
    per_page = max(1, min(int(per_page or 20), MAX_PER_PAGE))
    page = max(1, min(int(page or 1), MAX_PAGE))
    compiled = compile_query(q, names=names.alternatives)
    results = Results(query=compiled.text, page=page, per_page=per_page, semantic=dense.status())
    if not compiled.text:
        results.message = _("Type a word or a name to search.")
        return results
    use_dense = dense.is_on() if semantic is None else (semantic and dense.is_on())
    backend = get_backend(connection)
    offset = (page - 1) * per_page

    mode = "and"
    scored: list[tuple[int, float, str]] = []
    if not compiled.is_empty():
        total = backend.count(compiled.clauses, filters, cap=COUNT_CAP + 1)
        if total == 0 and len(compiled.clauses) > 1:
            mode, results.relaxed = "or", True
            total = backend.count(compiled.clauses, filters, mode="or", cap=COUNT_CAP + 1)
        results.total_capped = total > COUNT_CAP
        results.total = min(total, COUNT_CAP)
        if use_dense:
            lexical = backend.search(compiled.clauses, filters, mode=mode, limit=FUSION_DEPTH, matched=total)
        else:
            lexical = backend.search(compiled.clauses, filters, mode=mode, limit=per_page, offset=offset,
                                     matched=total)
            scored = [(i, s, "lexical") for i, s in lexical]
    else:
        lexical = []
        if not use_dense:
            results.message = _("Nothing to search for: every word is too common or is punctuation.")
            return results

    if use_dense:
        dense_hits = dense.search(compiled.text, filters, limit=FUSION_DEPTH, user=user)
        fused = fuse(lexical, dense_hits)
        results.total = max(results.total, len(fused))
        scored = fused[offset : offset + per_page]
    if facets and not compiled.is_empty():
        results.facets = _facets(backend, compiled, filters, mode)

    entries = Entry.objects.in_bulk([i for i, _s, _v in scored])
    terms, prefixes = compiled.highlight_terms, compiled.highlight_prefixes
    for entry_id, score, via in scored:
        entry = entries.get(entry_id)
        if entry is None:
            continue
        results.hits.append(Hit(
            entry=entry, score=score, via=via, type_label=_type_label(entry.type_key),
            title_html=highlight(entry.title, terms, prefixes), snippet_html=snippet(entry.text, terms, prefixes),
        ))
    if not results.hits and page == 1:
        results.message = _("Nothing found. Try fewer words, another spelling, or the other language.")
    return results


def fuse(*rankings, k: int = RRF_K) -> list[tuple[int, float, str]]:
    """Reciprocal rank fusion: score = Σ 1 / (k + rank). Which lists found it is kept."""
    scores: dict[int, float] = {}
    via: dict[int, set[int]] = {}
    for n, ranking in enumerate(rankings):
        for rank, (entry_id, _score) in enumerate(ranking, start=1):
            scores[entry_id] = scores.get(entry_id, 0.0) + 1.0 / (k + rank)
            via.setdefault(entry_id, set()).add(n)
    names = {0: "lexical", 1: "semantic"}
    out = [(i, s, "both" if len(via[i]) > 1 else names.get(min(via[i]), "lexical")) for i, s in scores.items()]
    out.sort(key=lambda r: (-r[1], r[0]))
    return out


def _facets(backend, compiled: Compiled, filters: Filters, mode: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    out["type"] = [{"value": v, "label": _type_label(v), "count": n}
                   for v, n in backend.facet("type", compiled.clauses, filters, mode=mode)]
    labels = {"ar": _("Arabic"), "en": _("English")}
    out["language"] = [{"value": v, "label": str(labels.get(v, v)), "count": n}
                       for v, n in backend.facet("language", compiled.clauses, filters, mode=mode) if v]
    body_rows = backend.facet("body", compiled.clauses, filters, mode=mode, limit=15)
    names = _bodies([v for v, _n in body_rows])
    out["body"] = [{"value": v, "label": names.get(v, f"#{v}"), "count": n} for v, n in body_rows]
    return out

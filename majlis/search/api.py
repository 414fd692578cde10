"""REST API of the search app (mounted under /api/search by majlis.api)."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from majlis.core.api_auth import PUBLIC_AUTH
from majlis.search.suggest import MAX_LIMIT

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", description="What to look for, in Arabic or English. \"…\" for a phrase, word* for a prefix. "
                                   "At most 500 characters; operators (AND, OR, NOT, NEAR, -, :, ^, parentheses) are plain text.")
    type: list[str] = Field([], description="Only these types (e.g. core.person, hansard.speech); repeatable")
    body: int | None = Field(None, description="Only items of this body (core.Organization id)")
    person: int | None = Field(None, description="Only items by or about this person (core.Person id)")
    date_from: dt.date | None = Field(None, alias="from", description="On or after this date (YYYY-MM-DD)")
    date_to: dt.date | None = Field(None, alias="to", description="On or before this date (YYYY-MM-DD)")
    lang: str = Field("", description="ar or en")
    page: int = Field(1, ge=1, le=500)
    per_page: int = Field(20, ge=1, le=100)
    semantic: bool | None = Field(None, description="Use semantic ranking when available (default: when it is on)")


class HitOut(Schema):
    type: str
    type_label: str
    id: str
    title: str
    title_html: str = Field(description="The title, HTML-escaped, matches in <mark>")
    snippet_html: str = Field(description="The best passage of the ORIGINAL text, HTML-escaped, matches in <mark>")
    url: str
    language: str
    date: dt.date | None
    body_id: int | None
    public: bool
    score: float
    via: str = Field(description="lexical, semantic or both")


class FacetOut(Schema):
    value: str | int
    label: str
    count: int


class SemanticOut(Schema):
    enabled: bool
    model: str = ""
    reason: str = ""


class SearchOut(Schema):
    query: str
    total: int
    total_capped: bool = Field(False, description="True when more than `total` items matched (counting stops at 1,000)")
    page: int
    per_page: int
    pages: int
    relaxed: bool = Field(description="True when no item had every word and items with any word are shown")
    message: str
    results: list[HitOut]
    facets: dict[str, list[FacetOut]]
    semantic: SemanticOut


class ErrorOut(Schema):
    """What every Majlis API answers for bad input (see `majlis.api`): [{field, reason}]."""
    errors: list[dict[str, str]]


@router.get("", response={200: SearchOut, 400: ErrorOut}, auth=PUBLIC_AUTH, summary="Search everything",
            description="One index over people, bodies, speeches, papers, decisions, action items and relations "
                        "records. Arabic is matched by Majlis's analyzer (clitics, hamza, ta marbuta, diacritics), "
                        "names across scripts (Hajiyev finds حاجييف). Anonymous callers see public items only.")
def search(request, params: Query[SearchParams]):
    from majlis.search.engine import search as run
    from majlis.search.query import QueryError

    user = request.user if getattr(request.user, "is_authenticated", False) else None
    if not params.q.strip():
        raise ValidationError({"q": "Type a word or a name to search."})
    try:
        results = run(
            params.q, user=user, types=params.type, body=params.body, person=params.person,
            date_from=params.date_from, date_to=params.date_to, language=params.lang, page=params.page,
            per_page=params.per_page, semantic=params.semantic,
        )
    except QueryError as exc:
        field = {"type": "type", "date": "from", "language": "lang"}.get(exc.code, "q")
        raise ValidationError({field: str(exc.message)}) from None
    return Status(200, results.as_dict())


class PersonSuggestionOut(Schema):
    id: int = Field(description="core.Person id")
    name: str = Field(description="The name in the request's language when the register has it")
    name_lang: str = Field(description="ar or en: the language (and so the direction) of `name`")
    other_name: str = Field(description="The name in the other language, or empty")
    other_lang: str = Field(description="ar or en, empty when there is no other name")
    honorific: str
    url: str = Field(description="The person's page")
    fictional: bool = Field(description="A demo person who does not exist")


class PersonSuggestionsOut(Schema):
    query: str
    results: list[PersonSuggestionOut]


@router.get("/people", response={200: PersonSuggestionsOut, 400: ErrorOut}, auth=PUBLIC_AUTH,
            summary="Suggest people as a name is typed",
            description="Search-as-you-type over the register's people, answered by the search index: the last word "
                        "is a prefix, the others whole words; any spelling in the register, in either script "
                        "(\"Haji\" suggests حاجييف, \"حاج\" suggests Hajiyev). Fewer than 2 letters suggest nobody. "
                        "Up to 500 characters are accepted (more is a 400); the first 100 are read.")
def suggest_people(request, q: str = Query("", description="The name as typed so far"),
                   limit: int = Query(8, ge=1, le=MAX_LIMIT, description="How many people at most")):
    from majlis.search.query import QueryError, clean
    from majlis.search.suggest import MAX_CHARS
    from majlis.search.suggest import suggest_people as run

    user = request.user if getattr(request.user, "is_authenticated", False) else None
    try:
        return Status(200, {"query": clean(q)[:MAX_CHARS], "results": run(q, user=user, limit=limit)})
    except QueryError as exc:
        raise ValidationError({"q": str(exc.message)}) from None

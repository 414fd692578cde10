"""Search-as-you-type for people, answered by the search index.

What a person types into a name box is a name cut short: "Haji", "حاج", "Farid Haj".
Every word but the last is taken as typed (with the register's other spellings, as in
any search); the last one is a prefix. Cross-script prefixes cannot be transliterated
reliably letter by letter ("Gafa" must also find غفاروفا, which has no alef after غ), so
the typed prefix's phonetic skeleton is compared with the skeletons of the words of
registered people's names, and the words that start the same way are searched too
(`names.prefix_alternatives`):
"Haji" (HJ…) also searches حاجييف (HJF), and "حاج" also searches Hajiyev.
"""

from __future__ import annotations

from django.db import connection

from majlis.search import names
from majlis.search.backends import get_backend
from majlis.search.engine import make_filters
from majlis.search.models import Entry
from majlis.search.query import Alt, clean, compile_query, safe_terms
from majlis.text import analyze, analyze_query, tokenize

PERSON_TYPE = "core.person"
MAX_CHARS = 100  # a name, not a paragraph
MIN_CHARS = 2
MAX_LIMIT = 20
MAX_SPELLINGS = 8  # other spellings of the last word, as `query.MAX_ALTERNATIVES` for whole words
MAX_WORDS = 6


def _clause(alternatives: list[Alt]) -> list[Alt]:
    out: list[Alt] = []
    for alt in alternatives:
        if alt.terms and alt not in out:
            out.append(alt)
    return out[: MAX_SPELLINGS + 1]


def compile_prefix_query(text: str) -> list[list[Alt]]:
    """Clauses (AND of ORs) for a name being typed."""
    words = [tok.text for tok in tokenize(text)][:MAX_WORDS]
    if not words or sum(len(w) for w in words) < MIN_CHARS:
        return []
    *complete, last = words
    # The words before the last are whole words, compiled as any search compiles them.
    clauses = compile_query(" ".join(complete), names=names.alternatives).clauses
    prefixes = analyze_query(last + "*").prefixes
    alts = [Alt("prefix", safe_terms([p])) for p in prefixes]
    for other in names.prefix_alternatives(last):
        alts.extend(Alt("prefix", safe_terms([t])) for t in analyze(other))
    clause = _clause(alts)
    if clause:
        clauses.append(clause)
    return clauses


def suggest_people(q, *, user=None, limit: int = 8) -> list[dict]:
    """Up to `limit` people whose name (any spelling, either script) starts like `q`,
    best first. Raises QueryError for input that is not text or far too long."""
    from majlis.core.models import Person

    text = clean(q)[:MAX_CHARS]
    clauses = compile_prefix_query(text)
    if not clauses:
        return []
    limit = max(1, min(int(limit or 8), MAX_LIMIT))
    filters = make_filters(user=user, types=[PERSON_TYPE])
    ranked = get_backend(connection).search(clauses, filters, mode="and", limit=limit)
    entries = Entry.objects.in_bulk([i for i, _score in ranked])
    hits = [entries[i] for i, _score in ranked if i in entries and entries[i].object_id.isdigit()]  # best first
    people = Person.objects.in_bulk([int(entry.object_id) for entry in hits])
    out = []
    for entry in hits:
        person = people.get(int(entry.object_id))
        if person is None:  # deleted since it was indexed
            continue
        name, other = person.name, person.other_language_name
        lang = "ar" if name == person.name_ar else "en"
        out.append({
            "id": person.pk, "name": name, "name_lang": lang,
            "other_name": other, "other_lang": ("en" if lang == "ar" else "ar") if other else "",
            "honorific": person.honorific, "url": entry.url, "fictional": person.is_fictional,
        })
    return out

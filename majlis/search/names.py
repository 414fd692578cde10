"""Cross-script spellings of registered names, for query expansion.

The register (core) keeps a `w:` key per word of every name and name variant
(`majlis.core.matching`). A query word whose transliteration key is one of them is
expanded to the words of those names that share the key: "Hajiyev" also searches
"حاجييف", and "غفاروفا" also searches "غافاروفا" and "Gafarova".
"""

from __future__ import annotations

from majlis.text import tokenize, translit_key

WORD_PREFIX = "w:"
MAX_OWNERS = 50


def _names_of(person_ids, org_ids) -> list[str]:
    from majlis.core.models import NameVariant, Organization, Person

    names: list[str] = []
    for row in Person.objects.filter(pk__in=person_ids).values_list("name_ar", "name_en"):
        names.extend(row)
    for row in Organization.objects.filter(pk__in=org_ids).values_list("name_ar", "name_en"):
        names.extend(row)
    names.extend(
        NameVariant.objects.filter(person_id__in=person_ids).values_list("name", flat=True)
    )
    names.extend(
        NameVariant.objects.filter(organization_id__in=org_ids).values_list("name", flat=True)
    )
    return [n for n in names if n]


def alternatives(words: list[str]) -> dict[str, set[str]]:
    """{query word: other spellings of it found in registered names}."""
    from majlis.core.models import NameKey

    keys = {}
    for word in words:
        key = translit_key(word)
        # One-consonant skeletons ("VL") match far too much to be a name.
        if key and sum(c.isalpha() for c in key) >= 3:
            keys[word] = key
    if not keys:
        return {}
    rows = list(
        NameKey.objects.filter(key__in={WORD_PREFIX + k for k in keys.values()})
        .values_list("key", "person_id", "organization_id")[: MAX_OWNERS * len(keys)]
    )
    if not rows:
        return {}
    person_ids = {p for _, p, _ in rows if p}
    org_ids = {o for _, _, o in rows if o}
    by_key: dict[str, set[str]] = {}
    for name in _names_of(person_ids, org_ids):
        for tok in tokenize(name):
            k = translit_key(tok.text)
            if k:
                by_key.setdefault(k, set()).add(tok.text)
    out: dict[str, set[str]] = {}
    for word, key in keys.items():
        others = {w for w in by_key.get(key, set()) if w != word}
        if others:
            out[word] = others
    return out

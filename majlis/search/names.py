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


def _query_keys(words) -> dict[str, str]:
    keys = {}
    for word in words:
        key = translit_key(word)
        # One- and two-consonant skeletons ("VL") match far too much to be a name.
        if key and sum(c.isalpha() for c in key) >= 3:
            keys[word] = key
    return keys


def _by_key(names) -> dict[str, set[str]]:
    by_key: dict[str, set[str]] = {}
    for name in names:
        for tok in tokenize(name):
            k = translit_key(tok.text)
            if k:
                by_key.setdefault(k, set()).add(tok.text)
    return by_key


def _expand(keys: dict[str, str], by_key: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for word, key in keys.items():
        others = {w for w in by_key.get(key, set()) if w != word}
        if others:
            out[word] = others
    return out


def lexicon(names):
    """`alternatives` over a fixed list of names (no database): benchmarks, importers."""
    names = list(names)
    name_keys = {translit_key(tok.text) for n in names for tok in tokenize(n)}
    by_key = _by_key(names)

    def alternatives_in(words):
        keys = {w: k for w, k in _query_keys(words).items() if k in name_keys}
        return _expand(keys, by_key)

    return alternatives_in


def alternatives(words: list[str]) -> dict[str, set[str]]:
    """{query word: other spellings of it found in registered names}."""
    from majlis.core.models import NameKey

    keys = _query_keys(words)
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
    return _expand(keys, _by_key(_names_of(person_ids, org_ids)))


# Skeletons end in A, I or U for a final vowel ("Haji" → HJI); a name that goes on
# ("Hajiyev" → HJF) does not have it there, so a prefix is compared without it.
_FINAL_VOWELS = "AIU"


def _prefix_key(word: str) -> str:
    key = translit_key(word).split(" ")[-1] if word else ""
    key = key.rstrip(_FINAL_VOWELS)
    # One consonant ("S…") would suggest half the register.
    return key if sum(c.isalpha() for c in key) >= 2 else ""


def prefix_alternatives(prefix: str) -> list[str]:
    """Words of registered people's names whose skeleton starts like `prefix`'s, in any
    script: the other spellings a person may be typing the start of ("Gafa" → غفاروفا,
    which has no alef after غ, so no letter-by-letter transliteration would find it)."""
    from majlis.core.models import NameKey

    key = _prefix_key(prefix)
    if not key:
        return []
    low = WORD_PREFIX + key
    # A range instead of LIKE/startswith: it uses the key's b-tree index on SQLite and
    # PostgreSQL alike, whatever the collation.
    people = set(
        NameKey.objects.filter(person__isnull=False, key__gte=low, key__lt=low + "\uffff")
        .values_list("person_id", flat=True)[:MAX_OWNERS]
    )
    if not people:
        return []
    by_key = _by_key(_names_of(people, ()))
    return sorted({w for k, words in by_key.items() if k.startswith(key) for w in words})

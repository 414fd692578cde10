"""Name matching over the register's derived keys (see `majlis.text.names`)."""

from __future__ import annotations

from django.db.models import Count

from majlis.text import name_key, name_keys, translit_key

WORD_PREFIX = "w:"


def keys_for(names: list[str]) -> set[str]:
    """Every key a row with these names should be findable by."""
    keys: set[str] = set()
    for name in names:
        if not name or not name.strip():
            continue
        keys |= name_keys(name)
        for word in name_key(name).split():
            word_key = translit_key(word)
            if word_key:
                keys.add(WORD_PREFIX + word_key)
    return {k[:300] for k in keys if k}


def match_ids(query: str, owner: str) -> list[int]:
    from majlis.core.models import NameKey

    query = (query or "").strip()
    if not query:
        return []
    column = f"{owner}_id"
    full = set(
        NameKey.objects.filter(key__in=name_keys(query), **{f"{column}__isnull": False}).values_list(column, flat=True)
    )
    if full:
        return sorted(full)
    words = {WORD_PREFIX + k for k in (translit_key(w) for w in name_key(query).split()) if k}
    if not words:
        return []
    rows = (
        NameKey.objects.filter(key__in=words, **{f"{column}__isnull": False})
        .values(column)
        .annotate(hits=Count("key", distinct=True))
        .filter(hits=len(words))
    )
    return sorted(row[column] for row in rows)

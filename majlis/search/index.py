"""Writing the index: from a registered object to an `Entry` and its full-text row.

The only writer of `Entry`, `EntryPerson` and the backends' full-text structures.
Called by the background tasks (on save / delete of a registered model), by
`majlis search reindex` and by the demo.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from majlis.search import registry
from majlis.search.backends import get_backend
from majlis.search.models import Entry, EntryPerson
from majlis.search.query import MAX_TERM_CHARS
from majlis.text import analyze, detect_language

log = logging.getLogger(__name__)

# Both backends index the same prefix of a long text (PostgreSQL caps tsvector
# positions at 16,383 and a tsvector at 1 MB; a 200,000-character paper is ~60 pages).
MAX_INDEX_CHARS = 200_000
BATCH = 500


def terms_of(text: str, language: str | None) -> str:
    return " ".join(t for t in analyze(text[:MAX_INDEX_CHARS], language) if len(t) <= MAX_TERM_CHARS)


def full_text_row(entry_id: int, title: str, text: str, language: str) -> tuple[int, str, str]:
    """What a backend's `write` takes for one entry: (id, title terms, text terms)."""
    lang = language if language in ("ar", "en") else None
    return entry_id, terms_of(title, lang), terms_of(text, lang)


def _entry_for(search_type, obj):
    doc = search_type.to_document(obj)
    if doc is None:
        return None, None
    return _entry_from_document(search_type.key, str(obj.pk), doc), doc


def _entry_from_document(type_key: str, object_id: str, doc):
    text = doc.text or ""
    language = (doc.language or "").strip()[:10] or detect_language(f"{doc.title}\n{text}")
    return Entry(
        type_key=type_key,
        object_id=object_id,
        title=(doc.title or "")[:500],
        text=text[:MAX_INDEX_CHARS],
        url=(doc.url or "")[:500],
        language=language,
        date=doc.date,
        body_id=doc.body_id,
        public=bool(doc.public),
        indexed=timezone.now(),
    )


def _write(pairs, backend) -> list[Entry]:
    """Insert entries (replacing the same objects' old entries) and their terms."""
    if not pairs:
        return []
    by_type: dict[str, list[str]] = {}
    for entry, _doc in pairs:
        by_type.setdefault(entry.type_key, []).append(entry.object_id)
    for type_key, object_ids in by_type.items():
        _delete_entries(Entry.objects.filter(type_key=type_key, object_id__in=object_ids), backend)
    entries = Entry.objects.bulk_create([e for e, _ in pairs])
    people = []
    rows = []
    for entry, doc in pairs:
        for pid in dict.fromkeys(doc.person_ids or []):
            if pid is not None:
                people.append(EntryPerson(entry_id=entry.pk, person_id=int(pid)))
        rows.append(full_text_row(entry.pk, entry.title, entry.text, entry.language))
    EntryPerson.objects.bulk_create(people)
    backend.write(rows)
    return entries


def _delete_entries(queryset, backend) -> int:
    ids = list(queryset.values_list("id", flat=True))
    if ids:
        backend.delete(ids)
        Entry.objects.filter(id__in=ids).delete()
    return len(ids)


def index_objects(search_type, objects) -> int:
    """(Re)index these objects of one type; objects whose document is None are removed."""
    backend = get_backend(connection)
    pairs, gone = [], []
    for obj in objects:
        entry, doc = _entry_for(search_type, obj)
        if entry is None:
            gone.append(str(obj.pk))
        else:
            pairs.append((entry, doc))
    with transaction.atomic():
        if gone:
            _delete_entries(Entry.objects.filter(type_key=search_type.key, object_id__in=gone), backend)
        entries = _write(pairs, backend)
    from majlis.search import semantic

    if entries and semantic.is_on():
        semantic.embed_entries(entries)
    return len(entries)


def index_documents(type_key: str, documents) -> int:
    """Index ready-made Documents: [(object id, Document)]. For importers and tests."""
    pairs = [(_entry_from_document(type_key, str(oid), doc), doc) for oid, doc in documents]
    with transaction.atomic():
        entries = _write(pairs, get_backend(connection))
    from majlis.search import semantic

    if entries and semantic.is_on():
        semantic.embed_entries(entries)
    return len(entries)


def index_object(type_key: str, object_id) -> bool:
    """Index one object by its type and primary key; True when it is in the index now."""
    search_type = registry.types().get(type_key)
    if search_type is None:
        log.warning("search: no type %r registered; nothing indexed", type_key)
        return False
    obj = search_type.all_objects().filter(pk=object_id).first()
    if obj is None:
        remove_object(type_key, object_id)
        return False
    return index_objects(search_type, [obj]) == 1


def remove_object(type_key: str, object_id) -> int:
    with transaction.atomic():
        return _delete_entries(Entry.objects.filter(type_key=type_key, object_id=str(object_id)), get_backend(connection))


def _count(qs) -> int:
    return qs.count() if isinstance(qs, QuerySet) else len(list(qs))


def reindex(type_keys=None, progress=None, batch: int = BATCH) -> int:
    """Rebuild the index of the given types (all registered types when None)."""
    all_types = registry.types()
    keys = list(type_keys) if type_keys else sorted(all_types)
    unknown = [k for k in keys if k not in all_types]
    if unknown:
        raise ValueError(f"unknown search type {unknown[0]!r} (known: {', '.join(sorted(all_types)) or 'none'})")
    querysets = {k: all_types[k].all_objects() for k in keys}
    if progress is not None:
        progress.set_total(sum(_count(qs) for qs in querysets.values()))
    backend = get_backend(connection)
    total = 0
    for key in keys:
        started = timezone.now()
        qs = querysets[key]
        if isinstance(qs, QuerySet):
            qs = qs if qs.query.order_by else qs.order_by("pk")
            objects = qs.iterator(chunk_size=batch)
        else:  # a type may give any iterable of objects
            objects = iter(qs)
        chunk = []
        for obj in objects:
            chunk.append(obj)
            if len(chunk) >= batch:
                total += index_objects(all_types[key], chunk)
                if progress is not None:
                    progress.advance(len(chunk))
                chunk = []
        if chunk:
            total += index_objects(all_types[key], chunk)
            if progress is not None:
                progress.advance(len(chunk))
        with transaction.atomic():  # whatever was not seen in this run is gone
            _delete_entries(Entry.objects.filter(type_key=key, indexed__lt=started), backend)
    if not type_keys:
        with transaction.atomic():  # types no longer registered
            _delete_entries(Entry.objects.exclude(type_key__in=keys), backend)
    return total

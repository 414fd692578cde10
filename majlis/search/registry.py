"""What each domain indexes. Domain apps register here (in `AppConfig.ready()`), so the
search app never imports a domain app: the arrows point down.

    from majlis.search.registry import Document, SearchType, register

    register(SearchType(
        key="hansard.speech", label=_("Speech"), model=Speech,
        to_document=lambda s: Document(title=..., text=s.text, url=s.get_absolute_url(),
                                        language=s.language, date=s.record.date, body_id=...,
                                        person_ids=[s.person_id], public=s.is_published),
        queryset=lambda: Speech.objects.select_related("record"),
    ))

`to_document` returns None for an object that must not be in the index (a draft that is
not public and not for staff either). The search app keeps the index current on save
and delete of a registered model (through the tasks API) and `majlis search reindex`
rebuilds it from `queryset()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Document:
    title: str
    text: str
    url: str
    language: str = ""  # "ar" / "en"; empty = detect from the text
    date: dt.date | None = None
    body_id: int | None = None  # core.Organization the item belongs to
    person_ids: list[int] = field(default_factory=list)  # speakers, participants, owners
    public: bool = True  # False: only signed-in staff may find it
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SearchType:
    key: str
    label: Any
    model: type
    to_document: Callable[[Any], Document | None]
    queryset: Callable[[], Any] | None = None

    def all_objects(self):
        return self.queryset() if self.queryset is not None else self.model._default_manager.all()


_TYPES: dict[str, SearchType] = {}


def register(search_type: SearchType) -> SearchType:
    existing = _TYPES.get(search_type.key)
    if existing is not None and existing.model is not search_type.model:
        raise ValueError(f"search type {search_type.key!r} is already registered for {existing.model!r}")
    _TYPES[search_type.key] = search_type
    return search_type


def types() -> dict[str, SearchType]:
    return dict(_TYPES)


def type_for_model(model) -> SearchType | None:
    for search_type in _TYPES.values():
        if search_type.model is model:
            return search_type
    return None

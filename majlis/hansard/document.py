"""The record as one plain, JSON-ready document: what a published version freezes and
what every export (AKN, HTML, PDF, Popolo JSON, text) renders from.

    {"record": {...}, "people": {ref: {...}}, "roles": {key: {...}}, "sections": [...]}

A section is {"type": "section", "eid", "kind", "name", "num", "heading_ar", "heading_en",
"content": [section | unit, ...]}; a unit is {"type": "unit", "eid", "kind", "by", "as",
"to", "label", "language", "text", "start", "end", "source", "ai", "confidence", "vote"}.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.utils import timezone

from majlis.hansard.models import Record, Section, Speech


def country_code() -> str:
    return (settings.HANSARD_COUNTRY or "bh").lower()


def person_ref(person) -> str:
    return f"person_{person.uid.hex[:12]}"


def person_href(person) -> str:
    return f"/akn/ontology/person/{country_code()}/{person.uid}"


def iso(value) -> str:
    if not value:
        return ""
    return timezone.localtime(value).isoformat()


def clean_text(text: str) -> str:
    """One paragraph per line, spaces collapsed, no empty lines."""
    lines = [" ".join(line.split()) for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def slug(value: str) -> str:
    out = re.sub(r"[^A-Za-z0-9]+", "-", value or "").strip("-").lower()
    return out[:40]


def body_subtype(body) -> str:
    if body is None:
        return "sitting"
    if body.classification == "chamber":
        return "plenary"
    return slug(body.abbreviation or body.name_en) or f"body-{body.uid.hex[:8]}"


def body_subtype_from_doc(body: dict | None) -> str:
    if not body:
        return "sitting"
    if body.get("classification") == "chamber":
        return "plenary"
    return slug(body.get("abbreviation") or body.get("name_en") or "") or f"body-{str(body.get('uid', ''))[:8]}"


def build(record: Record) -> dict:
    """The working copy of a record as a document."""
    people: dict[str, dict] = {}
    roles: dict[str, dict] = {}
    sections = list(Section.objects.filter(record=record).order_by("order", "id"))
    units = list(
        Speech.objects.filter(record=record).select_related("person").order_by("order", "id")
    )
    by_parent: dict[int | None, list] = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append((section.order, 0, section.id, section))
    for unit in units:
        by_parent.setdefault(unit.section_id, []).append((unit.order, 1, unit.id, unit))

    def unit_doc(u: Speech) -> dict:
        by = ""
        if u.person_id:
            by = person_ref(u.person)
            people.setdefault(by, {
                "ref": by, "person_id": u.person_id, "uid": str(u.person.uid), "href": person_href(u.person),
                "name_ar": u.person.name_ar, "name_en": u.person.name_en,
            })
        elif u.speaker_ref:
            by = u.speaker_ref
            people.setdefault(by, {"ref": by, "person_id": None, "uid": "", "href": f"/akn/ontology/person/{country_code()}/{by}",
                                   "name_ar": u.speaker_name if u.language == "ar" else "", "name_en": u.speaker_name if u.language != "ar" else "",
                                   "name": u.speaker_name})
        role = ""
        if u.role_key or u.role_ar or u.role_en:
            role = u.role_key or slug(u.role_en) or f"role{u.pk}"
            roles.setdefault(role, {"key": role, "name_ar": u.role_ar, "name_en": u.role_en})
        return {
            "type": "unit", "eid": u.eid, "kind": u.kind, "by": by, "as": role, "to": u.to_ref, "label": u.label,
            "language": u.language, "text": u.text, "start": iso(u.start), "end": iso(u.end), "source": u.source,
            "ai": u.ai_pending, "confidence": u.confidence, "vote": u.vote_data,
        }

    def section_doc(s: Section) -> dict:
        return {
            "type": "section", "eid": s.eid, "kind": s.kind, "name": s.name, "num": s.num,
            "heading_ar": s.heading_ar, "heading_en": s.heading_en,
            "content": [section_doc(obj) if kind == 0 else unit_doc(obj) for _o, kind, _i, obj in sorted(by_parent.get(s.id, []), key=lambda t: t[:3])],
        }

    top = [section_doc(s) for _o, _k, _i, s in sorted(by_parent.get(None, []), key=lambda t: t[:3])]
    body = record.body
    doc = {
        "record": {
            "id": record.pk, "uid": str(record.uid), "date": record.date.isoformat(), "number": record.number,
            "title_ar": record.title_ar, "title_en": record.title_en, "language": record.language,
            "body": {"id": body.pk, "uid": str(body.uid), "name_ar": body.name_ar, "name_en": body.name_en,
                     "classification": body.classification, "abbreviation": body.abbreviation} if body else None,
            "meeting_id": record.meeting_id, "state": record.state,
            "version": record.version, "version_date": record.version_date.isoformat() if record.version_date else "",
            "corrigenda": list(record.imported_corrigenda or []) + [
                {"version": v.number, "date": timezone.localtime(v.published_at).date().isoformat(), "note": v.corrigendum}
                # Only the corrigenda, not every frozen document, are read here.
                for v in record.versions.exclude(corrigendum="").only("number", "published_at", "corrigendum").order_by("number")
            ],
        },
        "people": dict(sorted(people.items())),
        "roles": dict(sorted(roles.items())),
        "sections": top,
    }
    return doc


def iter_units(doc: dict):
    """Every unit of a document in reading order, with its section path."""

    def walk(nodes, path):
        for node in nodes:
            if node["type"] == "section":
                yield from walk(node["content"], path + [node])
            else:
                yield path, node

    yield from walk(doc["sections"], [])


def digest(doc: dict) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def languages(doc: dict) -> set[str]:
    return {u["language"] for _p, u in iter_units(doc) if u["text"]}

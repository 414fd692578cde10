"""The register as Popolo JSON (open data), and back.

Export writes the Popolo "collections" document: `persons`, `organizations`, `posts`,
`memberships`, `areas`. Popolo has no multilingual fields, so both names travel in
`other_names` with `note` "ar" / "en" (and variants with `note` "variant:<kind>");
what Popolo lacks (Arabic honorific, fictional flag) sits under a `majlis` key, which
the schemas allow. Ids are the rows' stable uids, so importing a file twice changes
nothing, and a bad record rejects the whole file.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from majlis.core import audit, services
from majlis.core.models import Area, Membership, NameVariant, Organization, Person, Post

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
COLLECTIONS = {"areas": "area", "organizations": "organization", "persons": "person", "posts": "post", "memberships": "membership"}


@lru_cache(maxsize=1)
def _validators() -> dict[str, Any]:
    from jsonschema import Draft3Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    schemas = {p.stem: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.json")}
    resources = []
    for schema in schemas.values():
        resource = Resource(contents=schema, specification=DRAFT3)
        resources += [(schema["id"], resource), (schema["id"].rstrip("#"), resource)]
    registry = Registry().with_resources(resources)
    return {name: Draft3Validator(schema, registry=registry) for name, schema in schemas.items()}


def validation_errors(kind: str, item: dict) -> list[str]:
    validator = _validators()[kind]
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(record)'}: {e.message}" for e in validator.iter_errors(item)]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _names(obj) -> list[dict]:
    names = []
    if obj.name_ar:
        names.append({"name": obj.name_ar, "note": "ar"})
    if obj.name_en:
        names.append({"name": obj.name_en, "note": "en"})
    for variant in obj.name_variants.all():
        names.append({"name": variant.name, "note": f"variant:{variant.kind}" + (f":{variant.language}" if variant.language else "")})
    return names


def person_to_popolo(p: Person) -> dict:
    return {
        "id": str(p.uid),
        "name": p.name_en or p.name_ar,
        "other_names": _names(p),
        "honorific_prefix": p.honorific_en or None,
        "gender": p.gender or None,
        "birth_date": _date(p.birth_date),
        "email": p.email or None,
        "biography": p.biography_en or None,
        "national_identity": p.country.code if p.country_id else None,
        "majlis": {"honorific_ar": p.honorific_ar, "biography_ar": p.biography_ar, "fictional": p.is_fictional},
    }


def organization_to_popolo(o: Organization) -> dict:
    return {
        "id": str(o.uid),
        "name": o.name_en or o.name_ar,
        "other_names": _names(o),
        "classification": o.classification,
        "parent_id": str(o.parent.uid) if o.parent_id else None,
        "area_id": str(o.country.uid) if o.country_id else None,
        "abstract": o.abbreviation or None,
        "description": o.description_en or None,
        "founding_date": _date(o.founding_date),
        "dissolution_date": _date(o.dissolution_date),
        "majlis": {"description_ar": o.description_ar, "abbreviation": o.abbreviation, "fictional": o.is_fictional},
    }


def post_to_popolo(p: Post) -> dict:
    return {
        "id": str(p.uid), "label": p.name_en or p.name_ar, "other_label": [p.name_ar] if p.name_ar else [],
        "role": p.role or None, "organization_id": str(p.organization.uid),
        "start_date": _date(p.start_date), "end_date": _date(p.end_date),
        "majlis": {"label_ar": p.name_ar, "label_en": p.name_en},
    }


def membership_to_popolo(m: Membership) -> dict:
    return {
        "id": str(m.uid), "label": m.role_en or None, "role": m.role_en or (m.post.role if m.post_id else None),
        "person_id": str(m.person.uid), "organization_id": str(m.organization.uid),
        "post_id": str(m.post.uid) if m.post_id else None,
        "on_behalf_of_id": str(m.on_behalf_of.uid) if m.on_behalf_of_id else None,
        "start_date": _date(m.start_date), "end_date": _date(m.end_date),
        "majlis": {"role_ar": m.role_ar, "role_en": m.role_en},
    }


def area_to_popolo(a: Area) -> dict:
    return {
        "id": str(a.uid), "name": a.name_en or a.name_ar, "identifier": a.code or None, "classification": a.kind,
        "parent_id": str(a.parent.uid) if a.parent_id else None, "majlis": {"name_ar": a.name_ar, "name_en": a.name_en},
    }


def export() -> dict:
    return {
        "areas": [area_to_popolo(a) for a in Area.objects.select_related("parent").order_by("id")],
        "organizations": [organization_to_popolo(o) for o in Organization.objects.select_related("parent", "country").prefetch_related("name_variants").order_by("id")],
        "persons": [person_to_popolo(p) for p in Person.objects.select_related("country").prefetch_related("name_variants").order_by("id")],
        "posts": [post_to_popolo(p) for p in Post.objects.select_related("organization").order_by("id")],
        "memberships": [membership_to_popolo(m) for m in Membership.objects.select_related("person", "organization", "post", "on_behalf_of").order_by("id")],
    }


# --- Import ---------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


class PopoloError(ValueError):
    def __init__(self, collection: str, index: int, reason: str):
        super().__init__(f"{collection}[{index}]: {reason}")
        self.collection, self.index, self.reason = collection, index, reason


def _uid(value, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise ValidationError({what: f"not a Majlis id (UUID): {value!r}"}) from None


def _split_names(item: dict) -> tuple[str, str, list[tuple[str, str, str]]]:
    name_ar = name_en = ""
    variants = []
    for other in item.get("other_names") or []:
        note, name = (other.get("note") or ""), (other.get("name") or "").strip()
        if not name:
            continue
        if note == "ar":
            name_ar = name
        elif note == "en":
            name_en = name
        else:
            parts = note.split(":")
            kind = parts[1] if len(parts) > 1 and parts[1] in NameVariant.Kind.values else NameVariant.Kind.SPELLING
            variants.append((name, kind, parts[2] if len(parts) > 2 else ""))
    if not name_ar and not name_en:
        from majlis.text import detect_language

        name = (item.get("name") or "").strip()
        if detect_language(name) == "ar":
            name_ar = name
        else:
            name_en = name
    return name_ar, name_en, variants


def _lookup(model, value, what: str):
    if not value:
        return None
    obj = model.objects.filter(uid=_uid(value, what)).first()
    if obj is None:
        raise ValidationError({what: f"refers to {value}, which is neither in the file nor in the register"})
    return obj


def _upsert(actor, model, uid, fields: dict, create, update, report: ImportReport):
    existing = model.objects.filter(uid=uid).first()
    if existing is None:
        obj = create(actor, uid=uid, **fields)
        report.created += 1
        return obj
    obj = update(actor, existing, **fields) if update else existing
    changed = audit.snapshot(obj) != audit.snapshot(existing)
    report.updated += int(changed)
    report.unchanged += int(not changed)
    return obj


def _import_variants(actor, owner, variants) -> None:
    known = set(owner.name_variants.values_list("name", flat=True))
    for name, kind, language in variants:
        if name not in known:
            services.add_name_variant(actor, owner, name, kind=kind, language=language)


def _import_area(actor, item, report):
    extra = item.get("majlis") or {}
    fields = {
        "name_ar": extra.get("name_ar", ""), "name_en": extra.get("name_en", "") or item.get("name") or "",
        "kind": item.get("classification") or Area.Kind.COUNTRY, "code": item.get("identifier") or "",
        "parent": _lookup(Area, item.get("parent_id"), "parent_id"),
    }
    _upsert(actor, Area, _uid(item.get("id"), "id"), fields, services.create_area, None, report)


def _import_org(actor, item, report):
    extra = item.get("majlis") or {}
    name_ar, name_en, variants = _split_names(item)
    classification = item.get("classification")
    if classification not in Organization.Classification.values:
        raise ValidationError({"classification": f"unknown classification {classification!r}"})
    fields = {
        "name_ar": name_ar, "name_en": name_en, "classification": classification,
        "abbreviation": extra.get("abbreviation") or item.get("abstract") or "",
        "parent": _lookup(Organization, item.get("parent_id"), "parent_id"),
        "country": _lookup(Area, item.get("area_id"), "area_id"),
        "founding_date": item.get("founding_date") or None, "dissolution_date": item.get("dissolution_date") or None,
        "description_en": item.get("description") or "", "description_ar": extra.get("description_ar", ""),
        "is_fictional": bool(extra.get("fictional", False)),
    }
    org = _upsert(actor, Organization, _uid(item.get("id"), "id"), fields, services.create_organization, services.update_organization, report)
    _import_variants(actor, org, variants)


def _import_person(actor, item, report):
    extra = item.get("majlis") or {}
    name_ar, name_en, variants = _split_names(item)
    country = None
    if item.get("national_identity"):
        country = Area.objects.filter(kind=Area.Kind.COUNTRY, code=str(item["national_identity"]).upper()).first()
    fields = {
        "name_ar": name_ar, "name_en": name_en, "honorific_en": item.get("honorific_prefix") or "",
        "honorific_ar": extra.get("honorific_ar", ""), "gender": item.get("gender") or "",
        "birth_date": item.get("birth_date") or None, "email": item.get("email") or "",
        "biography_en": item.get("biography") or "", "biography_ar": extra.get("biography_ar", ""),
        "country": country, "is_fictional": bool(extra.get("fictional", False)),
    }
    if fields["gender"] not in Person.Gender.values:
        raise ValidationError({"gender": f"unknown gender {fields['gender']!r}"})
    person = _upsert(actor, Person, _uid(item.get("id"), "id"), fields, services.create_person, services.update_person, report)
    _import_variants(actor, person, variants)


def _import_post(actor, item, report):
    extra = item.get("majlis") or {}
    fields = {
        "organization": _lookup(Organization, item.get("organization_id"), "organization_id"),
        "name_en": extra.get("label_en", item.get("label") or ""), "name_ar": extra.get("label_ar", ""),
        "role": item.get("role") or "", "start_date": item.get("start_date") or None, "end_date": item.get("end_date") or None,
    }
    _upsert(actor, Post, _uid(item.get("id"), "id"), fields, services.create_post, None, report)


def _import_membership(actor, item, report):
    extra = item.get("majlis") or {}
    person = _lookup(Person, item.get("person_id"), "person_id")
    organization = _lookup(Organization, item.get("organization_id"), "organization_id")
    if person is None or organization is None:
        raise ValidationError({"person_id": "a membership needs person_id and organization_id"})
    fields = {
        "person": person, "organization": organization, "post": _lookup(Post, item.get("post_id"), "post_id"),
        "on_behalf_of": _lookup(Organization, item.get("on_behalf_of_id"), "on_behalf_of_id"),
        "role_ar": extra.get("role_ar", ""), "role_en": extra.get("role_en", item.get("role") or ""),
        "start_date": item.get("start_date") or None, "end_date": item.get("end_date") or None,
    }
    _upsert(actor, Membership, _uid(item.get("id"), "id"), fields, services.create_membership, services.update_membership, report)


IMPORTERS = {"areas": _import_area, "organizations": _import_org, "persons": _import_person, "posts": _import_post, "memberships": _import_membership}


def load_document(text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PopoloError("file", 0, f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(document, dict) or not any(k in document for k in COLLECTIONS):
        raise PopoloError("file", 0, "not a Popolo document (expected persons, organizations, memberships …)")
    return document


def import_document(actor, document: dict) -> ImportReport:
    """Validate every record first, then write them all in one transaction."""
    for collection, kind in COLLECTIONS.items():
        items = document.get(collection) or []
        if not isinstance(items, list):
            raise PopoloError(collection, 0, "must be a list")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise PopoloError(collection, index, "must be an object")
            errors = validation_errors(kind, item)
            if errors:
                raise PopoloError(collection, index, errors[0])
    report = ImportReport()
    with transaction.atomic():
        # Parents before children: bodies and areas may refer to others later in the file.
        for collection in ("areas", "organizations"):
            for index, item in _parents_first(document.get(collection) or []):
                _run(collection, index, item, actor, report)
        for collection in ("persons", "posts", "memberships"):
            for index, item in enumerate(document.get(collection) or []):
                _run(collection, index, item, actor, report)
    return report


def _run(collection, index, item, actor, report):
    try:
        IMPORTERS[collection](actor, item, report)
    except ValidationError as exc:
        from majlis.core.errors import one_line

        raise PopoloError(collection, index, one_line(exc)) from None


def _parents_first(items: list[dict]):
    ids = {str(item.get("id")) for item in items}
    done: set[str] = set()
    pending = list(enumerate(items))
    while pending:
        progressed = False
        for entry in list(pending):
            index, item = entry
            parent = item.get("parent_id")
            if not parent or str(parent) not in ids or str(parent) in done:
                yield index, item
                done.add(str(item.get("id")))
                pending.remove(entry)
                progressed = True
        if not progressed:  # a cycle: let the first one fail with a clear reason
            yield pending[0]
            return

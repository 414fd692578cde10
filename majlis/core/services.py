"""Every write to the register goes through here: validated, in one transaction, audited.

Each public function takes the acting user first (None means the system, e.g. the
demo loader) and returns the saved object. Bad input raises Django's ValidationError
with the field and the reason; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from majlis.core import audit
from majlis.core.matching import keys_for
from majlis.core.models import (
    Area,
    LegislativeSession,
    LegislativeTerm,
    Membership,
    NameKey,
    NameVariant,
    Organization,
    Person,
    Post,
)

PERSON_FIELDS = {
    "uid", "name_ar", "name_en", "honorific_ar", "honorific_en", "gender", "birth_date", "email",
    "biography_ar", "biography_en", "country", "is_fictional", "user",
}
ORGANIZATION_FIELDS = {
    "uid", "name_ar", "name_en", "classification", "abbreviation", "parent", "country", "founding_date",
    "dissolution_date", "description_ar", "description_en", "is_fictional",
}
MEMBERSHIP_FIELDS = {"uid", "person", "organization", "post", "role_ar", "role_en", "on_behalf_of", "start_date", "end_date"}
POST_FIELDS = {"uid", "organization", "name_ar", "name_en", "role", "start_date", "end_date"}
AREA_FIELDS = {"uid", "name_ar", "name_en", "kind", "code", "parent"}


def _check_fields(data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})


def _require_a_name(obj) -> None:
    obj.name_ar = (obj.name_ar or "").strip()
    obj.name_en = (obj.name_en or "").strip()
    if not obj.name_ar and not obj.name_en:
        raise ValidationError({"name_ar": "an Arabic or an English name is required"})


def _save(actor, obj, action: str, before: dict | None):
    # Related rows arrive as instances the caller already fetched (and the database
    # enforces the foreign keys), so re-querying each one in full_clean is waste.
    related = [f.name for f in obj._meta.concrete_fields if f.is_relation and getattr(obj, f.attname) is not None]
    obj.full_clean(exclude=related)
    obj.save()
    audit.record(actor, action, obj, before=before, after=audit.snapshot(obj))
    return obj


def _apply(obj, data: dict[str, Any]) -> None:
    for key, value in data.items():
        setattr(obj, key, value)


def refresh_name_keys(obj) -> None:
    """Rebuild the derived match keys of a person or body from its names and variants."""
    owner = "person" if isinstance(obj, Person) else "organization"
    names = [obj.name_ar, obj.name_en]
    if owner == "organization" and obj.abbreviation:
        names.append(obj.abbreviation)
    names += list(obj.name_variants.values_list("name", flat=True))
    NameKey.objects.filter(**{owner: obj}).delete()
    NameKey.objects.bulk_create([NameKey(key=key, **{owner: obj}) for key in sorted(keys_for(names))])


# --- People and bodies: named rows with variants and match keys --------------------------

def _create_named(actor, model, allowed: set[str], data: dict, variants: list[str] | None):
    _check_fields(data, allowed)
    obj = model(**data)
    _require_a_name(obj)
    _save(actor, obj, f"{model._meta.model_name}.create", None)
    for name in variants or []:
        _add_variant(actor, obj, name)
    refresh_name_keys(obj)
    return obj


def _update_named(actor, obj, allowed: set[str], changes: dict, check=None):
    _check_fields(changes, allowed - {"uid"})
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(obj)
    _apply(obj, changes)
    _require_a_name(obj)
    if audit.snapshot(obj) == before:
        return obj
    if check is not None:
        check(obj)
    _save(actor, obj, f"{obj._meta.model_name}.update", before)
    keyed = ("name_ar", "name_en", "abbreviation")
    if any(getattr(obj, f, None) != before.get(f) for f in keyed if f in before):
        refresh_name_keys(obj)
    return obj


@transaction.atomic
def create_person(actor, *, variants: list[str] | None = None, **data) -> Person:
    return _create_named(actor, Person, PERSON_FIELDS, data, variants)


@transaction.atomic
def update_person(actor, person: Person, **changes) -> Person:
    return _update_named(actor, person, PERSON_FIELDS, changes)


def _add_variant(actor, owner, name: str, *, language: str = "", kind: str = NameVariant.Kind.SPELLING, note: str = ""):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "a name variant cannot be empty"})
    field = "person" if isinstance(owner, Person) else "organization"
    existing = NameVariant.objects.filter(**{field: owner, "name": name}).first()
    if existing:
        return existing
    if not language:
        from majlis.text import detect_language

        language = detect_language(name)
    variant = NameVariant(name=name, language=language, kind=kind, note=note, **{field: owner})
    variant.full_clean()
    variant.save()
    audit.record(actor, "name_variant.create", variant, after=audit.snapshot(variant))
    return variant


@transaction.atomic
def add_name_variant(actor, owner, name: str, *, language: str = "", kind: str = NameVariant.Kind.SPELLING, note: str = ""):
    variant = _add_variant(actor, owner, name, language=language, kind=kind, note=note)
    refresh_name_keys(owner)
    return variant


@transaction.atomic
def remove_name_variant(actor, variant: NameVariant) -> None:
    owner = variant.person or variant.organization
    audit.record(actor, "name_variant.delete", variant, before=audit.snapshot(variant))
    variant.delete()
    refresh_name_keys(owner)


# --- Bodies ---------------------------------------------------------------------------

@transaction.atomic
def create_organization(actor, *, variants: list[str] | None = None, **data) -> Organization:
    return _create_named(actor, Organization, ORGANIZATION_FIELDS, data, variants)


@transaction.atomic
def update_organization(actor, org: Organization, **changes) -> Organization:
    return _update_named(actor, org, ORGANIZATION_FIELDS, changes, check=_check_no_cycle)


def _check_no_cycle(org: Organization) -> None:
    seen, parent = {org.pk}, org.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": "a body cannot be its own parent"})
        seen.add(parent.pk)
        parent = parent.parent


# --- Posts and memberships --------------------------------------------------------------

@transaction.atomic
def create_post(actor, **data) -> Post:
    _check_fields(data, POST_FIELDS)
    post = Post(**data)
    _require_a_name(post)
    _check_dates(post)
    return _save(actor, post, "post.create", None)


def _check_dates(obj) -> None:
    start, end = getattr(obj, "start_date", None), getattr(obj, "end_date", None)
    if start and end and end < start:
        raise ValidationError({"end_date": "the end date is before the start date"})


@transaction.atomic
def create_membership(actor, **data) -> Membership:
    _check_fields(data, MEMBERSHIP_FIELDS)
    membership = Membership(**data)
    _check_dates(membership)
    if membership.post_id and membership.post.organization_id != membership.organization_id:
        raise ValidationError({"post": "the post belongs to another body"})
    return _save(actor, membership, "membership.create", None)


@transaction.atomic
def update_membership(actor, membership: Membership, **changes) -> Membership:
    _check_fields(changes, MEMBERSHIP_FIELDS - {"uid"})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = audit.snapshot(membership)
    _apply(membership, changes)
    _check_dates(membership)
    if audit.snapshot(membership) == before:
        return membership
    return _save(actor, membership, "membership.update", before)


def end_membership(actor, membership: Membership, end_date: dt.date) -> Membership:
    return update_membership(actor, membership, end_date=end_date)


# --- Areas and the legislative calendar ---------------------------------------------------

@transaction.atomic
def create_area(actor, **data) -> Area:
    _check_fields(data, AREA_FIELDS)
    area = Area(**data)
    _require_a_name(area)
    area.code = (area.code or "").strip().upper()
    return _save(actor, area, "area.create", None)


@transaction.atomic
def create_term(actor, *, chamber: Organization, number: int, start_date, end_date=None, name_ar="", name_en="") -> LegislativeTerm:
    if chamber.classification != Organization.Classification.CHAMBER:
        raise ValidationError({"chamber": "a legislative term belongs to a chamber"})
    term = LegislativeTerm(chamber=chamber, number=number, start_date=start_date, end_date=end_date, name_ar=name_ar, name_en=name_en)
    _check_dates(term)
    return _save(actor, term, "term.create", None)


@transaction.atomic
def create_session(actor, *, term: LegislativeTerm, number: int, kind=LegislativeSession.Kind.ORDINARY, start_date, end_date=None, name_ar="", name_en="") -> LegislativeSession:
    session = LegislativeSession(term=term, number=number, kind=kind, start_date=start_date, end_date=end_date, name_ar=name_ar, name_en=name_en)
    _check_dates(session)
    if session.start_date < term.start_date or (term.end_date and session.start_date > term.end_date):
        raise ValidationError({"start_date": "the session starts outside its term"})
    return _save(actor, session, "session.create", None)


def current_session(chamber: Organization, on: dt.date | None = None) -> LegislativeSession | None:
    from django.utils import timezone

    day = on or timezone.localdate()
    return (
        LegislativeSession.objects.filter(term__chamber=chamber, start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by("-start_date")
        .first()
    )

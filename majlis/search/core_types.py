"""The core register's people and bodies as search types.

They are registered here, by the search app, because core sits below search and must
not import it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from majlis.search.registry import Document, SearchType, register


def _url(name: str, pk) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _title(obj) -> str:
    names = [n for n in (obj.name_ar, obj.name_en) if n]
    return " · ".join(dict.fromkeys(names)) or f"#{obj.pk}"


def person_document(person) -> Document:
    variants = [v.name for v in person.name_variants.all()]
    text = "\n".join(x for x in [
        " ".join(x for x in [person.honorific_ar, person.name_ar] if x),
        " ".join(x for x in [person.honorific_en, person.name_en] if x),
        " · ".join(variants),
        person.biography_ar, person.biography_en,
    ] if x)
    body_ids = [m.organization_id for m in person.memberships.all() if m.end_date is None]
    return Document(
        title=_title(person), text=text, url=_url("person", person.pk),
        language="ar" if person.name_ar else "en", date=None,
        body_id=body_ids[0] if len(body_ids) == 1 else None, person_ids=[person.pk], public=True,
    )


def organization_document(org) -> Document:
    variants = [v.name for v in org.name_variants.all()]
    text = "\n".join(x for x in [
        org.name_ar, org.name_en, org.abbreviation, " · ".join(variants), org.description_ar, org.description_en,
    ] if x)
    return Document(
        title=_title(org), text=text, url=_url("body", org.pk), language="ar" if org.name_ar else "en",
        date=org.founding_date, body_id=org.pk, public=True,
    )


def register_core_types() -> None:
    from majlis.core.models import Organization, Person

    register(SearchType(
        key="core.person", label=_("Person"), model=Person, to_document=person_document,
        queryset=lambda: Person.objects.prefetch_related("name_variants", "memberships"),
    ))
    register(SearchType(
        key="core.organization", label=_("Body"), model=Organization, to_document=organization_document,
        queryset=lambda: Organization.objects.prefetch_related("name_variants"),
    ))

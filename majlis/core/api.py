"""REST API of the register: people, bodies, posts, memberships."""


import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from majlis.core import services
from majlis.core.api_auth import PUBLIC_AUTH, STAFF_AUTH
from majlis.core.models import Area, Membership, Organization, Person, Post
from majlis.core.roles import can_edit_register

router = Router(tags=["register"])


def require_register_editor(request) -> None:
    if not can_edit_register(request.user):
        raise PermissionDenied("only clerks and administrators may change the register")


class NameVariantOut(Schema):
    name: str
    language: str
    kind: str


class PersonOut(Schema):
    id: int
    uid: str
    name_ar: str
    name_en: str
    honorific_ar: str
    honorific_en: str
    gender: str
    country: str | None = Field(None, description="ISO alpha-2 code")
    name_variants: list[NameVariantOut]

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_country(obj):
        return obj.country.code if obj.country_id else None

    @staticmethod
    def resolve_name_variants(obj):
        return list(obj.name_variants.all())


class PersonIn(Schema):
    name_ar: str = ""
    name_en: str = ""
    honorific_ar: str = ""
    honorific_en: str = ""
    gender: Literal["", "female", "male"] = ""
    email: str = ""
    biography_ar: str = ""
    biography_en: str = ""
    country: str | None = Field(None, description="ISO alpha-2 code")
    variants: list[str] = []


class PersonPatch(Schema):
    name_ar: str | None = None
    name_en: str | None = None
    honorific_ar: str | None = None
    honorific_en: str | None = None
    gender: Literal["", "female", "male"] | None = None
    email: str | None = None
    biography_ar: str | None = None
    biography_en: str | None = None


class OrganizationOut(Schema):
    id: int
    uid: str
    name_ar: str
    name_en: str
    classification: str
    abbreviation: str
    parent_id: int | None
    country: str | None = None

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_country(obj):
        return obj.country.code if obj.country_id else None


class OrganizationIn(Schema):
    name_ar: str = ""
    name_en: str = ""
    classification: Literal[tuple(Organization.Classification.values)]  # type: ignore[valid-type]
    abbreviation: str = ""
    parent_id: int | None = None
    country: str | None = None
    variants: list[str] = []


class MembershipOut(Schema):
    id: int
    uid: str
    person_id: int
    organization_id: int
    post_id: int | None
    role_ar: str
    role_en: str
    on_behalf_of_id: int | None
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)


class MembershipIn(Schema):
    person_id: int
    organization_id: int
    post_id: int | None = None
    role_ar: str = ""
    role_en: str = ""
    on_behalf_of_id: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class PostOut(Schema):
    id: int
    organization_id: int
    name_ar: str
    name_en: str
    role: str


class PeopleFilter(Schema):
    q: str | None = Field(None, description="a name in Arabic or Latin letters, any spelling", max_length=200)
    organization: int | None = Field(None, description="members of this body (current memberships)")
    country: str | None = Field(None, max_length=2)


def _country(code: str | None):
    if not code:
        return None
    area = Area.objects.filter(kind=Area.Kind.COUNTRY, code=code.upper()).first()
    if area is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"country": f"unknown country code {code!r}"})
    return area


@router.get("/people", response=list[PersonOut], auth=PUBLIC_AUTH, summary="List people")
@paginate(LimitOffsetPagination)
def list_people(request, filters: Query[PeopleFilter]):
    people = Person.objects.select_related("country").prefetch_related("name_variants")
    if filters.q:
        people = people.match(filters.q)
    if filters.organization:
        people = people.filter(memberships__organization_id=filters.organization, memberships__end_date__isnull=True).distinct()
    if filters.country:
        people = people.filter(country__code=filters.country.upper())
    return people


@router.get("/people/{person_id}", response=PersonOut, auth=PUBLIC_AUTH, summary="One person")
def get_person(request, person_id: int):
    return get_object_or_404(Person.objects.select_related("country"), pk=person_id)


@router.post("/people", response={201: PersonOut}, auth=STAFF_AUTH, summary="Create a person (clerk)")
def create_person(request, payload: PersonIn):
    require_register_editor(request)
    data = payload.dict()
    variants = data.pop("variants")
    data["country"] = _country(data.pop("country"))
    return Status(201, services.create_person(request.user, variants=variants, **data))


@router.patch("/people/{person_id}", response=PersonOut, auth=STAFF_AUTH, summary="Change a person (clerk)")
def update_person(request, person_id: int, payload: PersonPatch):
    require_register_editor(request)
    person = get_object_or_404(Person, pk=person_id)
    return services.update_person(request.user, person, **payload.dict(exclude_none=True))


@router.get("/organizations", response=list[OrganizationOut], auth=PUBLIC_AUTH, summary="List bodies")
@paginate(LimitOffsetPagination)
def list_organizations(request, classification: str | None = None, q: str | None = Query(None, max_length=200)):
    orgs = Organization.objects.select_related("country")
    if classification:
        orgs = orgs.filter(classification=classification)
    if q:
        orgs = orgs.match(q)
    return orgs


@router.get("/organizations/{org_id}", response=OrganizationOut, auth=PUBLIC_AUTH, summary="One body")
def get_organization(request, org_id: int):
    return get_object_or_404(Organization, pk=org_id)


@router.post("/organizations", response={201: OrganizationOut}, auth=STAFF_AUTH, summary="Create a body (clerk)")
def create_organization(request, payload: OrganizationIn):
    require_register_editor(request)
    data = payload.dict()
    variants = data.pop("variants")
    data["country"] = _country(data.pop("country"))
    parent_id = data.pop("parent_id")
    data["parent"] = get_object_or_404(Organization, pk=parent_id) if parent_id else None
    return Status(201, services.create_organization(request.user, variants=variants, **data))


@router.get("/memberships", response=list[MembershipOut], auth=PUBLIC_AUTH, summary="List memberships")
@paginate(LimitOffsetPagination)
def list_memberships(request, person: int | None = None, organization: int | None = None, current: bool = False):
    rows = Membership.objects.all()
    if person:
        rows = rows.filter(person_id=person)
    if organization:
        rows = rows.filter(organization_id=organization)
    if current:
        rows = rows.filter(end_date__isnull=True)
    return rows


@router.get("/memberships/{membership_id}", response=MembershipOut, auth=PUBLIC_AUTH, summary="One membership")
def get_membership(request, membership_id: int):
    return get_object_or_404(Membership, pk=membership_id)


@router.post("/memberships", response={201: MembershipOut}, auth=STAFF_AUTH, summary="Create a membership (clerk)")
def create_membership(request, payload: MembershipIn):
    require_register_editor(request)
    data = payload.dict()
    fields = {
        "person": get_object_or_404(Person, pk=data["person_id"]),
        "organization": get_object_or_404(Organization, pk=data["organization_id"]),
        "post": get_object_or_404(Post, pk=data["post_id"]) if data["post_id"] else None,
        "on_behalf_of": get_object_or_404(Organization, pk=data["on_behalf_of_id"]) if data["on_behalf_of_id"] else None,
        "role_ar": data["role_ar"], "role_en": data["role_en"],
        "start_date": data["start_date"], "end_date": data["end_date"],
    }
    return Status(201, services.create_membership(request.user, **fields))


@router.get("/posts", response=list[PostOut], auth=PUBLIC_AUTH, summary="List posts")
@paginate(LimitOffsetPagination)
def list_posts(request, organization: int | None = None):
    rows = Post.objects.all()
    if organization:
        rows = rows.filter(organization_id=organization)
    return rows

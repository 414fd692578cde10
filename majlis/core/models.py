"""The register: people, bodies, posts and memberships (Popolo), the legislative calendar,
and the append-only audit chain.

Models here are written only by `majlis.core.services` (and the audit chain only by
`majlis.core.audit`), so that every change is validated and audited in one transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from majlis.core.bilingual import is_arabic, pick



class BilingualName(models.Model):
    """Arabic and English names, and the one to show in the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return pick(self.name_ar, self.name_en)

    @property
    def other_language_name(self) -> str:
        primary = self.name
        other = self.name_en if primary == self.name_ar else self.name_ar
        return "" if other == primary else other

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class Area(BilingualName):
    """A country, city or governorate (Popolo Area). Countries carry their ISO alpha-2 code."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        CITY = "city", _("city")
        REGION = "region", _("region")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("ISO 3166-1 alpha-2 for countries"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(kind="country") & ~Q(code=""), name="unique_country_code"),
        ]


class MatchQuerySet(models.QuerySet):
    owner = ""

    def match(self, name: str):
        """Rows whose names or variants match `name` in either script.

        A full-name key wins; otherwise every word of the query must match a word of
        the names, so "Gafarova" finds Sahiba Gafarova while "Farid Hajiyev" and
        "Sabir Hajiyev" stay apart.
        """
        from majlis.core.matching import match_ids

        return self.filter(pk__in=match_ids(name, owner=self.owner))


class PersonQuerySet(MatchQuerySet):
    owner = "person"


class OrganizationQuerySet(MatchQuerySet):
    owner = "organization"


class Person(BilingualName):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        UNKNOWN = "", _("not recorded")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    honorific_ar = models.CharField(_("honorific (Arabic)"), max_length=100, blank=True)
    honorific_en = models.CharField(_("honorific (English)"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    biography_ar = models.TextField(_("biography (Arabic)"), blank=True)
    biography_en = models.TextField(_("biography (English)"), blank=True)
    country = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="people")
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name_ar"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @property
    def honorific(self) -> str:
        return self.honorific_ar if is_arabic() else self.honorific_en

    @property
    def biography(self) -> str:
        return pick(self.biography_ar, self.biography_en)


class Organization(BilingualName):
    class Classification(models.TextChoices):
        CHAMBER = "chamber", _("chamber")
        COMMITTEE = "committee", _("committee")
        PARLIAMENTARY_GROUP = "parliamentary_group", _("parliamentary group")
        FRIENDSHIP_GROUP = "friendship_group", _("friendship or working group")
        SECRETARIAT_DEPARTMENT = "secretariat_department", _("secretariat department")
        FOREIGN_PARLIAMENT = "foreign_parliament", _("foreign parliament")
        GOVERNMENT_BODY = "government_body", _("government body")
        INTERNATIONAL_ORGANIZATION = "international_organization", _("international organization")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    classification = models.CharField(_("classification"), max_length=40, choices=Classification.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    country = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations")
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    dissolution_date = models.DateField(_("dissolution date"), null=True, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name_ar"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")



class NameVariant(models.Model):
    """Another way of writing a person's or body's name: spelling, transliteration, title."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("other spelling")
        TRANSLITERATION = "transliteration", _("transliteration")
        FORMER = "former", _("former name")
        ABBREVIATION = "abbreviation", _("abbreviation")
        WITH_TITLE = "with_title", _("with title")

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="name_variants")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="name_variants"
    )
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(_("language"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPELLING)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, organization__isnull=True) | Q(person__isnull=True, organization__isnull=False)),
                name="name_variant_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class NameKey(models.Model):
    """Normalized match keys derived from names and variants; rebuilt by the services."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="unique_person_key"),
            models.UniqueConstraint(fields=["organization", "key"], name="unique_organization_key"),
        ]


class Post(BilingualName):
    """A position in a body that a person can hold (Popolo Post): Speaker, Secretary-General …"""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="posts")
    role = models.CharField(_("role key"), max_length=60, blank=True, help_text=_("e.g. chair, secretary_general"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "name_en"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")


class Membership(models.Model):
    """A person's membership of a body (Popolo Membership), optionally in a post."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role_ar = models.CharField(_("role (Arabic)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="represented_memberships"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "person_id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    @property
    def role(self) -> str:
        role = pick(self.role_ar, self.role_en)
        return role or (self.post.name if self.post_id else "")

    def is_current(self, on=None) -> bool:
        from django.utils import timezone

        day = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"


class LegislativeTerm(BilingualName):
    """A chamber's term (e.g. the 6th legislative term, 2022–2026)."""

    chamber = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveIntegerField(_("number"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["chamber_id", "number"]
        constraints = [models.UniqueConstraint(fields=["chamber", "number"], name="unique_term_number")]


class LegislativeSession(BilingualName):
    """A session of a term (ordinary or extraordinary): sittings and decisions are numbered in it."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        EXTRAORDINARY = "extraordinary", _("extraordinary")

    term = models.ForeignKey(LegislativeTerm, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["term_id", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number", "kind"], name="unique_session_number")]


class UserProfile(models.Model):
    """Per-user preferences that follow the user from device to device."""

    class Calendar(models.TextChoices):
        GREGORIAN = "gregorian", _("Gregorian")
        HIJRI = "hijri", _("Gregorian and Hijri")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(max_length=10, blank=True)
    calendar = models.CharField(max_length=20, choices=Calendar.choices, default=Calendar.GREGORIAN)


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)


class TaskProgress(models.Model):
    """How far a background task has got, for progress bars on pages and in the CLI."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    key = models.CharField(max_length=100, unique=True)
    label = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class AuditEvent(models.Model):
    """One link of the append-only, hash-chained log of changes to the official record.

    `seq` is allocated under a lock on `AuditHead`, so the chain has no gaps even on
    databases whose sequences skip numbers on rollback; database triggers refuse
    UPDATE and DELETE, and `majlis audit verify` recomputes every hash.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    time = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class AuditHead(models.Model):
    """The single row that serializes appends to the audit chain and remembers its tip."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

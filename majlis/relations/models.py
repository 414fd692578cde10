"""The international-relations register: engagements (visits, delegations, meetings,
calls, conferences, joint committees, signings), their participants, sources and
follow-up; agreements and MoUs with their status workflow; milestones of bilateral
relations; and the press releases they were built from.

Groups (friendship and working groups) are `core.Organization` rows with the
classification `friendship_group`; their members and chair are `core.Membership` rows.

Written only by `majlis.relations.services`, which audits every change.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from majlis.core.bilingual import pick


class EngagementType(models.TextChoices):
    VISIT = "visit", _("visit or delegation")
    MEETING = "meeting", _("bilateral meeting")
    CALL = "call", _("call or video conference")
    CONFERENCE = "conference", _("conference participation")
    SIGNING = "signing", _("signing")
    JOINT_COMMITTEE = "joint_committee", _("joint committee session")
    OTHER = "other", _("other")


class PressRelease(models.Model):
    """A press release as received, and the AI extraction waiting for review."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        MANUAL = "manual", _("for manual entry")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=5)
    published = models.DateField(_("published"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    extraction = models.JSONField(null=True, blank=True)
    method = models.CharField(_("method"), max_length=80, blank=True)
    ai_output = models.ForeignKey("ai.AIOutput", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("press release")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("relations:release", args=[self.pk])


class Engagement(models.Model):
    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")
        OTHER = "", _("not applicable")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=20, choices=EngagementType.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    places = models.ManyToManyField("core.Area", blank=True, related_name="engagements_here")
    place_text = models.CharField(_("places (as written)"), max_length=300, blank=True)
    countries = models.ManyToManyField("core.Area", blank=True, related_name="engagements")
    organizations = models.ManyToManyField("core.Organization", blank=True, related_name="engagements")
    group = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="group_engagements",
                              help_text=_("the friendship or working group, joint committee"))
    topics = models.JSONField(default=list, blank=True)
    outcomes = models.JSONField(default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    @property
    def title(self) -> str:
        return pick(self.title_ar, self.title_en) or self.get_type_display()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("relations:engagement", args=[self.pk])


class Participant(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="engagement_participations")
    name_as_written = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    country = models.ForeignKey("core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, blank=True, help_text=_("head, member, host"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["engagement", "person"], name="unique_engagement_participant")]


class EngagementSource(models.Model):
    """A press release (one of its events) that reports an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sources")
    release = models.ForeignKey(PressRelease, on_delete=models.PROTECT, related_name="sources")
    event_index = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "event_index"], name="unique_release_event")]


class EngagementAction(models.Model):
    """An outcome of an engagement, followed up as an action item on the eMeeting board."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actions")
    action_item = models.OneToOneField("meetings.ActionItem", on_delete=models.PROTECT, related_name="relations_link")
    outcome = models.TextField(blank=True)


class Agreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement")
        MOU = "mou", _("memorandum of understanding")
        PROTOCOL = "protocol", _("protocol")
        ACTION_PLAN = "action_plan", _("cooperation action plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft under study")
        NEGOTIATED = "negotiated", _("negotiated")
        SIGNED = "signed", _("signed")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MOU)
    title_ar = models.CharField(_("title (Arabic)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    parties = models.ManyToManyField("core.Organization", blank=True, related_name="agreements")
    countries = models.ManyToManyField("core.Area", blank=True, related_name="agreements")
    engagement = models.ForeignKey(Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements")
    signed_date = models.DateField(_("signed"), null=True, blank=True)
    in_force_date = models.DateField(_("in force from"), null=True, blank=True)
    expiry_date = models.DateField(_("expires"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated", "-id"]
        verbose_name = _("agreement")

    @property
    def title(self) -> str:
        return pick(self.title_ar, self.title_en)

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("relations:agreement", args=[self.pk])


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="relations/agreements/%Y/")
    title = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)


class Milestone(models.Model):
    """A landmark of a bilateral relationship (e.g. the 30th anniversary of diplomatic relations)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="milestones")
    partner = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="partner_milestones")
    year = models.PositiveIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    source = models.ForeignKey(PressRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones")

    class Meta:
        ordering = ["year", "date"]
        constraints = [models.UniqueConstraint(fields=["country", "partner", "year", "title_en"], name="unique_milestone")]

    @property
    def title(self) -> str:
        return pick(self.title_ar, self.title_en)

"""The AI management system (ISO/IEC 42001 in practice).

- `AISystem`: the inventory (A.4, A.9.4): every AI feature with purpose, provider, model
  and version, owner, risk level, the data it uses and an on/off switch.
- `ImpactAssessment`: who assessed a system, when, the findings and the decision (A.5).
- `AIOutput`: the append-only event log of every inference (A.6.2.8): feature, model and
  version, sha256 of the canonical inputs, the output, who asked, time, latency and the
  human review state ("AI draft → human approved" is a state in the data).
- `Incident`: "this output is wrong" reports from users (A.3.3, A.8.4, 10.2).

Written only by `majlis.ai.governance`, which audits every change.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from majlis.core.bilingual import pick


class AISystem(models.Model):
    class Risk(models.TextChoices):
        MINIMAL = "minimal", _("minimal")
        LIMITED = "limited", _("limited")
        HIGH = "high", _("high")

    key = models.CharField(_("key"), max_length=80, unique=True, validators=[RegexValidator(r"^[a-z0-9][a-z0-9_.-]*$", "lower-case letters, digits, dots, dashes and underscores")])
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    purpose_en = models.TextField(_("purpose (English)"))
    purpose_ar = models.TextField(_("purpose (Arabic)"), blank=True)
    provider = models.CharField(_("provider"), max_length=200)
    model = models.CharField(_("model"), max_length=200)
    version = models.CharField(_("version"), max_length=100)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=Risk.choices)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    data_used = models.TextField(_("data used"), blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("AI system")
        verbose_name_plural = _("AI systems")

    @property
    def name(self) -> str:
        return pick(self.name_ar, self.name_en)

    @property
    def purpose(self) -> str:
        return pick(self.purpose_ar, self.purpose_en)

    def __str__(self) -> str:
        return self.name or self.key


class ImpactAssessment(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved for use")
        APPROVED_WITH_CONDITIONS = "conditions", _("approved with conditions")
        REJECTED = "rejected", _("not approved")

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"))
    model_version = models.CharField(_("model version assessed"), max_length=300, blank=True)
    findings = models.TextField(_("findings"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-assessed_at"]
        verbose_name = _("impact assessment")


class AIOutput(models.Model):
    class State(models.TextChoices):
        UNREVIEWED = "unreviewed", _("unreviewed")
        ACCEPTED = "accepted", _("accepted")
        EDITED = "edited", _("accepted with edits")
        REJECTED = "rejected", _("rejected")

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="outputs")
    model = models.CharField(max_length=200)
    version = models.CharField(max_length=100)
    input_hash = models.CharField(max_length=64, db_index=True)
    output = models.JSONField()
    method = models.CharField(max_length=60, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    state = models.CharField(max_length=12, choices=State.choices, default=State.UNREVIEWED, db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    final = models.JSONField(null=True, blank=True)
    diff = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("AI output")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.system.key} #{self.pk}"

    def delete(self, *args, **kwargs):
        raise PermissionError("the AI event log is append-only")


class Incident(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="incidents")
    output = models.ForeignKey(AIOutput, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(_("what is wrong"))
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("AI incident")

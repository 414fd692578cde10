"""The Hansard: a Record per sitting, its Sections (the agenda), its Speech units, and the
published Versions that are never overwritten.

The live tables (Record, Section, Speech) are the working copy that reporters edit.
Publishing freezes the whole record into an immutable `RecordVersion` (a JSON document,
the single source every export renders from) plus one `PublishedSpeech` row per unit
(for the public pages, the member's compiled record and search). A correction after
publication edits the working copy and publishes version N+1 with a corrigendum note.

Speech ids (`eid`) are allocated from a per-record counter and never reused, so a link
to a speech keeps working across versions; a merged-away id redirects to the speech
it was merged into (`SpeechRedirect`).

Only `majlis.hansard.services` writes these models.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from majlis.core.bilingual import BilingualTitle, pick


class RecordState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")


class Record(BilingualTitle):
    """The verbatim record of one sitting (or committee meeting). `title` comes from
    `BilingualTitle`; the title fields keep their shorter length here."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.OneToOneField(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="hansard_record"
    )
    body = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="hansard_records")
    date = models.DateField(_("date of the sitting"))
    number = models.CharField(_("sitting number"), max_length=40, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    language = models.CharField(_("main language"), max_length=5, default="ar")
    state = models.CharField(_("state"), max_length=20, choices=RecordState.choices, default=RecordState.DRAFT)
    # Optimistic locking: every edit bumps it; a save naming an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    next_eid = models.PositiveIntegerField(default=1)
    version = models.PositiveIntegerField(_("published version"), default=0)
    version_date = models.DateField(_("version date"), null=True, blank=True)
    corrections_close = models.DateTimeField(_("members' corrections close"), null=True, blank=True)
    source_note = models.CharField(max_length=300, blank=True)
    imported_corrigenda = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("record")
        verbose_name_plural = _("records")

    @property
    def is_published(self) -> bool:
        return self.version > 0

    def __str__(self) -> str:
        return self.title or f"Record {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("hansard:record", args=[self.pk])


class Section(models.Model):
    """A part of the record: follows the sitting's agenda (nestable)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    eid = models.CharField(max_length=60)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=40, default="debateSection", help_text=_("AKN element: debateSection, questions, prayers …"))
    name = models.CharField(max_length=60, blank=True, help_text=_("AKN @name"))
    num = models.CharField(max_length=40, blank=True)
    heading_ar = models.CharField(_("heading (Arabic)"), max_length=500, blank=True)
    heading_en = models.CharField(_("heading (English)"), max_length=500, blank=True)
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["record_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "eid"], name="hansard_section_eid_unique")]

    @property
    def heading(self) -> str:
        return pick(self.heading_ar, self.heading_en)

    def __str__(self) -> str:
        return self.heading or self.eid


class Kind(models.TextChoices):
    SPEECH = "speech", _("speech")
    QUESTION = "question", _("question")
    ANSWER = "answer", _("answer")
    INTERJECTION = "interjection", _("interjection")
    NARRATIVE = "narrative", _("narrative")
    SCENE = "scene", _("scene")
    SUMMARY = "summary", _("summary")
    VOTE = "vote", _("vote")


SPOKEN_KINDS = {Kind.SPEECH, Kind.QUESTION, Kind.ANSWER, Kind.INTERJECTION}


class Source(models.TextChoices):
    TYPED = "typed", _("typed")
    ASR = "asr", _("speech-to-text")
    IMPORTED = "imported", _("imported")
    MEETING = "meeting", _("from eMeeting")


class Speech(models.Model):
    """One unit of the record: a speech (question, answer, interjection) or a non-speech
    unit (narrative, scene, summary, the result of a vote)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="speeches")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="speeches")
    eid = models.CharField(max_length=60)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPEECH)
    # Who spoke, in three layers: the person, the role spoken in, the label as printed.
    person = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="hansard_speeches")
    speaker_ref = models.CharField(max_length=100, blank=True, help_text=_("AKN TLCPerson eId when the person is not in the register"))
    speaker_name = models.CharField(max_length=300, blank=True)
    role_key = models.CharField(max_length=100, blank=True)
    role_ar = models.CharField(_("role (Arabic)"), max_length=300, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=300, blank=True)
    label = models.CharField(_("label as printed"), max_length=300, blank=True)
    to_ref = models.CharField(max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ar")
    text = models.TextField(_("text"), blank=True)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.TYPED)
    # AI-made text stays labelled until an editor accepts it.
    ai_pending = models.BooleanField(default=False)
    confidence = models.FloatField(null=True, blank=True)
    poll = models.ForeignKey("meetings.Poll", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    vote_data = models.JSONField(null=True, blank=True)
    transcription = models.ForeignKey("Transcription", null=True, blank=True, on_delete=models.SET_NULL, related_name="speeches")
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "eid"], name="hansard_speech_eid_unique")]
        indexes = [models.Index(fields=["person", "record"])]

    @property
    def role(self) -> str:
        return pick(self.role_ar, self.role_en)

    @property
    def is_spoken(self) -> bool:
        return self.kind in SPOKEN_KINDS

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def __str__(self) -> str:
        return f"{self.eid}: {self.label or self.kind}"


class SpeechRedirect(models.Model):
    """A speech id that no longer exists (merged away) and where its links now go."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="redirects")
    old_eid = models.CharField(max_length=60)
    new_eid = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "old_eid"], name="hansard_redirect_unique")]


class RecordVersion(models.Model):
    """A published version: frozen, never changed (the services refuse to)."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    corrigendum = models.TextField(blank=True)
    document = models.JSONField()
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["record_id", "number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="hansard_version_unique")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("a published version is never overwritten")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("a published version is never deleted")


class PublishedSpeech(models.Model):
    """One unit of a published version, for the public pages, compiled records and search."""

    version = models.ForeignKey(RecordVersion, on_delete=models.PROTECT, related_name="speeches")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="published_speeches")
    is_current = models.BooleanField(default=True)
    eid = models.CharField(max_length=60)
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    section_heading = models.CharField(max_length=500, blank=True)
    person = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="published_speeches")
    label = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=5)
    text = models.TextField(blank=True)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    body = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()

    class Meta:
        ordering = ["-date", "record_id", "order"]
        indexes = [models.Index(fields=["is_current", "person"]), models.Index(fields=["is_current", "date"])]

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def get_absolute_url(self) -> str:
        return reverse("hansard:record", args=[self.record_id]) + f"#{self.eid}"


class CorrectionProposal(models.Model):
    """A member's proposed correction of their own speech; the editor accepts or rejects it."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    note = models.CharField(max_length=500, blank=True)
    base_text = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]


class Transcription(models.Model):
    """One speech-to-text run of an audio file into a record."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="transcriptions")
    audio = models.CharField(max_length=500)
    language = models.CharField(max_length=5, default="ar")
    audio_start = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress_key = models.CharField(max_length=100, blank=True)
    duration = models.FloatField(null=True, blank=True)
    elapsed = models.FloatField(null=True, blank=True)
    segments = models.PositiveIntegerField(default=0)
    model = models.CharField(max_length=300, blank=True)
    ai_output_id = models.BigIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

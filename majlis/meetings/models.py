"""Models of the meetings app: the calendar of meetings, their agendas and papers, the
live event log of a sitting (attendance, speakers, motions, polls), and what comes out
of it (minutes, decisions, action items).

Only `majlis.meetings.services` writes these rows, so that every change is validated,
done in one transaction and, for the official record, appended to the audit chain.
"""

from __future__ import annotations

import copy
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from majlis.core.bilingual import BilingualTitle, pick


# Opening agenda items per kind of meeting, as shipped; each body may set its own
# (`BodyRules.opening_items`). Keys are `Meeting.Kind` values, kinds `AgendaItem.Kind`.
DEFAULT_OPENING_ITEMS = {
    "plenary": [
        {"kind": "apologies", "title_ar": "الاعتذارات", "title_en": "Apologies"},
        {"kind": "previous_minutes", "title_ar": "التصديق على مضبطة الجلسة السابقة", "title_en": "Approval of the minutes of the previous sitting"},
        {"kind": "correspondence", "title_ar": "الرسائل الواردة", "title_en": "Incoming correspondence"},
    ],
    "committee": [
        {"kind": "apologies", "title_ar": "الاعتذارات", "title_en": "Apologies"},
        {"kind": "previous_minutes", "title_ar": "التصديق على محضر الاجتماع السابق", "title_en": "Approval of the minutes of the previous meeting"},
    ],
    "joint_committee": [
        {"kind": "apologies", "title_ar": "الاعتذارات", "title_en": "Apologies"},
        {"kind": "previous_minutes", "title_ar": "التصديق على محضر الاجتماع السابق", "title_en": "Approval of the minutes of the previous meeting"},
    ],
    "working_group": [{"kind": "apologies", "title_ar": "الاعتذارات", "title_en": "Apologies"}],
    "bureau": [
        {"kind": "previous_minutes", "title_ar": "التصديق على محضر الاجتماع السابق", "title_en": "Approval of the minutes of the previous meeting"},
    ],
}


def default_opening_items() -> dict:
    # A fresh copy each time: a JSONField default must never share one mutable dict.
    return copy.deepcopy(DEFAULT_OPENING_ITEMS)


class BodyRules(models.Model):
    """The standing orders of one body, as data. The row without a body is the default
    for every body that has none of its own."""

    class Quorum(models.TextChoices):
        MAJORITY = "majority", _("more than half of the members")
        ONE_THIRD = "one_third", _("one third of the members")
        TWO_THIRDS = "two_thirds", _("two thirds of the members")
        FIXED = "fixed", _("a fixed number of members")
        NONE = "none", _("no quorum")

    body = models.OneToOneField(
        "core.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_rules"
    )
    quorum_rule = models.CharField(_("quorum"), max_length=20, choices=Quorum.choices, default=Quorum.MAJORITY)
    quorum_fixed = models.PositiveIntegerField(_("fixed quorum"), default=0)
    poll_requires_quorum = models.BooleanField(_("a poll needs a quorum to open"), default=True)
    max_speakers = models.PositiveIntegerField(_("maximum speakers per item"), default=10, help_text=_("0 = no limit"))
    speech_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=300)
    point_of_order_seconds = models.PositiveIntegerField(_("point of order time (seconds)"), default=120)
    vote_changes_allowed = models.BooleanField(_("members may change a named vote until the poll closes"), default=True)
    vote_options = models.JSONField(_("vote options"), default=list, blank=True, help_text=_('e.g. ["yes", "no", "abstain"]'))
    default_majority = models.CharField(_("default majority"), max_length=30, default="simple")
    opening_items = models.JSONField(
        _("opening agenda items"), default=default_opening_items, blank=True,
        help_text=_('per meeting kind, the items a new agenda starts with: {"plenary": [{"kind": "apologies", "title_ar": "…", "title_en": "…"}]}'),
    )
    motions_need_admission = models.BooleanField(
        _("a motion must be admitted before it is debated"), default=True,
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")
        constraints = [
            models.UniqueConstraint(fields=["body"], name="meetings_one_rule_set_per_body"),
            # NULL is distinct in a unique index, so the single default row needs its own guard.
            models.UniqueConstraint(Coalesce("body", 0), name="meetings_one_default_rule_set"),
        ]

    def __str__(self) -> str:
        return str(self.body) if self.body_id else str(_("default rules"))


class NumberSequence(models.Model):
    """The last number given out per (session, body, kind). Allocation locks this row,
    so two clerks never get the same number and a number is never handed out twice."""

    session = models.ForeignKey("core.LegislativeSession", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)  # "meeting" | "decision"
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "body", "kind"], name="meetings_one_sequence")]


class Meeting(BilingualTitle):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("plenary sitting")
        COMMITTEE = "committee", _("committee meeting")
        JOINT_COMMITTEE = "joint_committee", _("joint committee meeting")
        WORKING_GROUP = "working_group", _("working group meeting")
        BUREAU = "bureau", _("bureau meeting")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        HYBRID = "hybrid", _("hybrid")
        VIRTUAL = "virtual", _("virtual")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONVENED = "convened", _("convened")
        IN_PROGRESS = "in_progress", _("in progress")
        SUSPENDED = "suspended", _("suspended")
        ADJOURNED = "adjourned", _("adjourned")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="meetings")
    session = models.ForeignKey(
        "core.LegislativeSession", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    join_url = models.URLField(_("join link"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "body", "number"], condition=Q(number__isnull=False), name="meetings_unique_number"
            ),
        ]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:detail", args=[self.pk])


class AgendaItem(BilingualTitle):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("standard item")
        APOLOGIES = "apologies", _("apologies")
        PREVIOUS_MINUTES = "previous_minutes", _("approval of previous minutes")
        CORRESPONDENCE = "correspondence", _("incoming correspondence")
        OTHER_BUSINESS = "other_business", _("any other business")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    @property
    def description(self) -> str:
        return pick(self.description_ar, self.description_en)


class PaperQuerySet(models.QuerySet):
    def with_text(self):
        return self.defer(None)


class PaperManager(models.Manager.from_queryset(PaperQuerySet)):
    # A paper's extracted text can run to megabytes. It is left in the database unless
    # asked for with `with_text()` (the reading page, the search index): lists of papers
    # and downloads read every paper they touch, and each copy of that text held a
    # download's memory for as long as the file took to send.
    def get_queryset(self):
        return super().get_queryset().defer("text")


class Paper(BilingualTitle):
    class Access(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members and staff")
        RESTRICTED = "restricted", _("restricted (staff only)")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers")
    file = models.FileField(upload_to="meetings/papers/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    text = models.TextField(blank=True, help_text=_("extracted for search"))
    access = models.CharField(_("access"), max_length=20, choices=Access.choices, default=Access.MEMBERS)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = PaperManager()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    kind = models.CharField(max_length=20, default="invitation")  # invitation | update | cancellation
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting_id", "sent_at"]


class AttendanceEvent(models.Model):
    """Attendance is a log: the latest event per person (and item) is their status."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present in the room")
        REMOTE = "remote", _("present remotely")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")
        LEFT = "left", _("left")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    time = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["meeting_id", "time", "id"]
        indexes = [models.Index(fields=["meeting", "person", "time"])]


class SpeakerSlot(models.Model):
    """One request for the floor and, once granted, the speech it became. The Hansard
    uses `started_at`/`ended_at` to attribute transcribed segments to speakers."""

    class Kind(models.TextChoices):
        SPEECH = "speech", _("speech")
        POINT_OF_ORDER = "point_of_order", _("point of order")
        REPLY = "reply", _("right of reply")
        PRESENTATION = "presentation", _("presentation")

    class State(models.TextChoices):
        REQUESTED = "requested", _("waiting")
        SPEAKING = "speaking", _("speaking")
        PAUSED = "paused", _("paused")
        DONE = "done", _("finished")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REFUSED = "refused", _("refused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speaker_slots")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaker_slots")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="speaker_slots")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPEECH)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED)
    position = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    time_limit_seconds = models.PositiveIntegerField(default=0)
    # Time spoken before the latest pause; the countdown is limit - spoken - (now - resumed).
    spoken_seconds = models.FloatField(default=0)
    resumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "position", "id"]
        indexes = [models.Index(fields=["meeting", "state"])]


class Motion(BilingualTitle):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions")
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="amendments")
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    state = models.CharField(_("state"), max_length=20, default="submitted")
    submitter = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cosigners = models.ManyToManyField("core.Person", blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting_id", "id"]

    @property
    def text(self) -> str:
        return pick(self.text_ar, self.text_en)


class Poll(BilingualTitle):
    class Kind(models.TextChoices):
        NAMED = "named", _("named (roll-call)")
        SECRET = "secret", _("secret ballot")
        SHOW_OF_HANDS = "show_of_hands", _("show of hands")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("simple majority of votes cast")
        ABSOLUTE = "absolute", _("absolute majority of members")
        TWO_THIRDS_MEMBERS = "two_thirds_members", _("two thirds of members")
        TWO_THIRDS_PRESENT = "two_thirds_present", _("two thirds of those present")

    class State(models.TextChoices):
        DRAFT = "draft", _("prepared")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="polls")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls")
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NAMED)
    majority = models.CharField(_("majority"), max_length=30, choices=Majority.choices, default=Majority.SIMPLE)
    options = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    allow_vote_change = models.BooleanField(default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Frozen at close: who could vote, how many sat, the counts and the outcome.
    entitled = models.JSONField(default=list, blank=True)
    members_count = models.PositiveIntegerField(default=0)
    present_count = models.PositiveIntegerField(default=0)
    votes_cast = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    adopted = models.BooleanField(null=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]

    @property
    def result_rows(self) -> list[tuple[str, int]]:
        """The frozen result as (option label, count) in the poll's option order."""
        result = self.result or {}
        return [(option_label(o), int(result.get(o, 0))) for o in self.options]


OPTION_LABELS = {"yes": _("yes"), "no": _("no"), "abstain": _("abstain")}


def option_label(option: str) -> str:
    return str(OPTION_LABELS.get(option, option))


class Vote(models.Model):
    """One member's vote in a poll. For a secret poll the row only says that the member
    has voted (choice is empty, no time); the choices are counted in `PollTally`.
    The primary key is random so that not even row order links a member to a count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the unique (poll, person) index serves every lookup by poll,
    # and one index fewer is less for each vote of a storm to write.
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", db_index=False)
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=30, blank=True)
    cast_at = models.DateTimeField(null=True, blank=True)
    changes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="meetings_one_vote_per_member")]


class PollTally(models.Model):
    """Counts per option: the only record of secret choices, and the clerk's entry for a
    show of hands."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=30)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "choice"], name="meetings_one_tally_per_choice")]


class Decision(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("core.LegislativeSession", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    poll = models.ForeignKey(Poll, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "body", "number"], condition=Q(number__isnull=False), name="meetings_unique_decision_number"
            ),
        ]

    @property
    def text(self) -> str:
        return pick(self.text_ar, self.text_en)

    def __str__(self) -> str:
        return f"{_('Decision')} {self.number or self.pk}"


class ActionItem(BilingualTitle):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    owner_person = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="action_items")
    owner_organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    owner_text = models.CharField(_("owner (free text)"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items")
    source = models.CharField(max_length=100, blank=True, help_text=_("where it came from, e.g. relations.visit:12"))
    last_reminded = models.DateTimeField(null=True, blank=True)
    # Bumped on every change; an edit based on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    @property
    def owner_label(self) -> str:
        if self.owner_person_id:
            return self.owner_person.name
        if self.owner_organization_id:
            return self.owner_organization.name
        return self.owner_text

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return bool(self.due_date and self.status in (self.Status.OPEN, self.Status.IN_PROGRESS) and self.due_date < timezone.localdate())


class Minutes(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated")
        APPROVED = "approved", _("approved")
        LOCKED = "locked", _("locked")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # Bumped on every save; an edit based on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    body_ar = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    approved_at = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")


class MinutesRevision(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body_ar = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes_id", "version"]
        constraints = [models.UniqueConstraint(fields=["minutes", "version"], name="meetings_unique_minutes_version")]

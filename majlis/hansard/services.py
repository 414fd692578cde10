"""Every write to the Hansard goes through here: validated, in one transaction, audited.

Each public function takes the acting user first (None = the system: demo, import) and
raises `ValidationError({field: reason})` on bad input, `PermissionDenied` when the actor
may not act, and `StaleEdit` when an edit was based on an older revision of a speech.
"""

from __future__ import annotations

import datetime as dt
import difflib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from majlis.core import audit
from majlis.core.bilingual import pick
from majlis.hansard import document, permissions
from majlis.hansard.models import (
    SPOKEN_KINDS,
    CorrectionProposal,
    Kind,
    PublishedSpeech,
    Record,
    RecordState,
    RecordVersion,
    Section,
    Source,
    Speech,
    SpeechRedirect,
)

LANGUAGES = {"ar", "en"}

# The workflow as data: each state, whether its working copy may be edited, and the
# states it may move to. `published` is reached only through `publish()`.
WORKFLOW = {
    RecordState.DRAFT: {"editable": True, "next": (RecordState.IN_REVIEW,)},
    RecordState.IN_REVIEW: {"editable": True, "next": (RecordState.DRAFT, RecordState.APPROVED)},
    RecordState.APPROVED: {"editable": False, "next": (RecordState.IN_REVIEW, RecordState.PUBLISHED)},
    RecordState.PUBLISHED: {"editable": False, "next": (RecordState.DRAFT,)},  # open a correction
}

SPEECH_FIELDS = {
    "kind", "person", "speaker_ref", "speaker_name", "role_key", "role_ar", "role_en", "label", "to_ref", "language",
    "text", "start", "end", "source", "ai_pending", "confidence", "poll", "vote_data", "transcription",
}


def correction_days() -> int:
    raw = settings.HANSARD_CORRECTION_DAYS
    try:
        return max(0, int(raw))
    except ValueError:
        return 5


class StaleEdit(Exception):
    """An edit based on an older revision: refused, with what changed meanwhile."""

    def __init__(self, speech: Speech, base_revision: int, proposed_text: str):
        self.speech = speech
        self.base_revision = base_revision
        self.current_revision = speech.revision
        self.current_text = speech.text
        self.proposed_text = proposed_text
        self.diff = "\n".join(
            difflib.unified_diff(
                speech.text.splitlines(), (proposed_text or "").splitlines(),
                fromfile=f"saved (revision {speech.revision})", tofile="yours", lineterm="",
            )
        )
        from django.utils.translation import gettext

        who = speech.updated_by.get_username() if speech.updated_by_id else gettext("someone")
        super().__init__(gettext(
            "Not saved: %(who)s changed speech %(eid)s after you opened it (you edited revision %(base)s, it is now at "
            "revision %(current)s). Compare the two versions, then copy your change into the current text."
        ) % {"who": who, "eid": speech.eid, "base": base_revision, "current": speech.revision})

    def as_dict(self) -> dict:
        return {
            "detail": str(self), "eid": self.speech.eid, "current_revision": self.current_revision,
            "base_revision": self.base_revision, "current_text": self.current_text, "your_text": self.proposed_text,
            "diff": self.diff,
        }


def _require_editor(actor) -> None:
    if actor is not None and not permissions.can_edit(actor):
        raise PermissionDenied("only Hansard editors may change the record")


def _require_editable(record: Record) -> None:
    if not WORKFLOW[RecordState(record.state)]["editable"]:
        raise ValidationError({"state": f"the record is {record.state}; move it back to draft or review to edit it"})


def _speech_snapshot(s: Speech) -> dict:
    return audit.snapshot(s, ["eid", "kind", "person", "role_key", "label", "language", "text", "start", "end", "source", "ai_pending", "section"])


def _bump(record: Record) -> None:
    Record.objects.filter(pk=record.pk).update(revision=models_F("revision") + 1, updated=timezone.now())
    record.refresh_from_db(fields=["revision", "updated"])


def models_F(name):
    from django.db.models import F

    return F(name)


def _alloc_eid(record: Record, prefix: str = "spk") -> str:
    locked = Record.objects.select_for_update().get(pk=record.pk)
    number = locked.next_eid
    Record.objects.filter(pk=record.pk).update(next_eid=number + 1)
    record.next_eid = number + 1
    return f"{prefix}_{number}"


# --- records and sections ---------------------------------------------------------------

def create_record(actor, *, date: dt.date, body=None, meeting=None, number: str = "", title_ar: str = "", title_en: str = "",
                  language: str = "ar", source_note: str = "") -> Record:
    _require_editor(actor)
    if language not in LANGUAGES:
        raise ValidationError({"language": "must be ar or en"})
    if date is None:
        raise ValidationError({"date": "the date of the sitting is required"})
    if meeting is not None and Record.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": "this sitting already has a record"})
    with transaction.atomic():
        record = Record(
            date=date, body=body, meeting=meeting, number=str(number or ""), title_ar=title_ar.strip(), title_en=title_en.strip(),
            language=language, source_note=source_note,
            corrections_close=timezone.now() + dt.timedelta(days=correction_days()),
        )
        record.full_clean(exclude=["meeting", "body"])
        record.save()
        audit.record(actor, "hansard.record.create", record, after=audit.snapshot(record))
        return record


SECTION_FIELDS = ["eid", "order", "parent", "kind", "num", "heading_ar", "heading_en"]
HEADING_MAX = 500


def _require_sections_editable(record: Record) -> None:
    """Sections change only on a working copy being drafted or reviewed; a published
    version is fixed (open a correction first)."""
    state = RecordState(record.state)
    if state == RecordState.PUBLISHED:
        raise ValidationError({"state": f"the record is published (version {record.version}); its sections cannot change. "
                                        "Open a correction to edit it"})
    _require_editable(record)


def _clean_heading(field: str, value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: "must be text"})
    value = " ".join(value.split())
    if len(value) > HEADING_MAX:
        raise ValidationError({field: f"at most {HEADING_MAX} characters (got {len(value)})"})
    return value


def _siblings(section_or_record, parent: Section | None) -> list[Section]:
    record_id = section_or_record.pk if isinstance(section_or_record, Record) else section_or_record.record_id
    return list(Section.objects.filter(record_id=record_id, parent=parent).order_by("order", "id"))


def _place(ordered: list[Section]) -> None:
    """Give sibling sections `ordered` their new order, reusing the order values they had
    (so speeches interleaved with them in a parent stay where they were); renumber with
    gaps of 10 when two siblings share a value."""
    values = sorted(s.order for s in ordered)
    if len(set(values)) != len(values):
        base = values[0] if values else 0
        values = [base + 10 * i for i in range(len(ordered))]
    for section, value in zip(ordered, values):
        if section.order != value:
            section.order = value
            Section.objects.filter(pk=section.pk).update(order=value)


def add_section(actor, record: Record, *, heading_ar: str = "", heading_en: str = "", parent: Section | None = None,
                kind: str = "debateSection", name: str = "", num: str = "", eid: str = "", agenda_item=None,
                order: int | None = None, after: Section | None = None) -> Section:
    """Add a section at the end of `parent` (or of the record), or right after the sibling `after`."""
    _require_editor(actor)
    heading_ar = _clean_heading("heading_ar", heading_ar)
    heading_en = _clean_heading("heading_en", heading_en)
    num = _clean_heading("num", num)[:40]
    if parent is not None and parent.record_id != record.pk:
        raise ValidationError({"parent": "the parent section belongs to another record"})
    if after is not None:
        if after.record_id != record.pk:
            raise ValidationError({"after": "that section belongs to another record"})
        if after.parent_id != (parent.pk if parent else None):
            raise ValidationError({"after": "the new section goes after a section with the same parent"})
    with transaction.atomic():
        _require_sections_editable(Record.objects.select_for_update().get(pk=record.pk))
        if order is None:
            order = _next_order(record, parent)
        section = Section.objects.create(
            record=record, parent=parent, eid=eid or _alloc_eid(record, "dbsect"), order=order, kind=kind or "debateSection",
            name=name, num=num, heading_ar=heading_ar, heading_en=heading_en, agenda_item=agenda_item,
        )
        if after is not None:
            siblings = [s for s in _siblings(record, parent) if s.pk != section.pk]
            idx = [i for i, s in enumerate(siblings) if s.pk == after.pk][0]
            siblings.insert(idx + 1, section)
            _place(siblings)
        audit.record(actor, "hansard.section.add", section, object_repr=f"{record.pk}:{section.eid}",
                     after=audit.snapshot(section, SECTION_FIELDS))
        _bump(record)
        return section


def rename_section(actor, section: Section, *, heading_ar: str | None = None, heading_en: str | None = None,
                   num: str | None = None) -> Section:
    """Change a section's headings (None leaves a field as it is)."""
    _require_editor(actor)
    fields = {}
    if heading_ar is not None:
        fields["heading_ar"] = _clean_heading("heading_ar", heading_ar)
    if heading_en is not None:
        fields["heading_en"] = _clean_heading("heading_en", heading_en)
    if num is not None:
        fields["num"] = _clean_heading("num", num)
        if len(fields["num"]) > 40:
            raise ValidationError({"num": "at most 40 characters"})
    with transaction.atomic():
        current = Section.objects.select_for_update().get(pk=section.pk)
        _require_sections_editable(Record.objects.select_for_update().get(pk=current.record_id))
        changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
        if not changed:
            return current
        before = audit.snapshot(current, SECTION_FIELDS)
        for key, value in changed.items():
            setattr(current, key, value)
        current.save(update_fields=list(changed))
        audit.record(actor, "hansard.section.rename", current, object_repr=f"{current.record_id}:{current.eid}", before=before,
                     after=audit.snapshot(current, SECTION_FIELDS))
        _bump(current.record)
        return current


def move_section(actor, section: Section, *, step: int) -> Section:
    """Move a section `step` places among its siblings (-1 up, +1 down), with its content."""
    _require_editor(actor)
    if not isinstance(step, int) or isinstance(step, bool) or step == 0:
        raise ValidationError({"step": "a whole number of places other than 0 (-1 up, 1 down)"})
    with transaction.atomic():
        current = Section.objects.select_for_update().get(pk=section.pk)
        _require_sections_editable(Record.objects.select_for_update().get(pk=current.record_id))
        siblings = _siblings(current, current.parent)
        idx = [i for i, s in enumerate(siblings) if s.pk == current.pk][0]
        target = idx + step
        if not 0 <= target < len(siblings):
            where = "first" if step < 0 else "last"
            raise ValidationError({"step": f"the section is already {where} among its siblings; it can move "
                                           f"{idx} up and {len(siblings) - 1 - idx} down"})
        before = audit.snapshot(current, SECTION_FIELDS)
        moved = siblings.pop(idx)
        siblings.insert(target, moved)
        _place(siblings)
        current.refresh_from_db(fields=["order"])
        audit.record(actor, "hansard.section.move", current, object_repr=f"{current.record_id}:{current.eid}", before=before,
                     after={**audit.snapshot(current, SECTION_FIELDS), "step": step, "position": target})
        _bump(current.record)
        return current


def _next_order(record: Record, section: Section | None) -> int:
    if section is None:
        top = Section.objects.filter(record=record, parent=None).aggregate(m=Max("order"))["m"]
        return (top or 0) + 10
    a = Speech.objects.filter(section=section).aggregate(m=Max("order"))["m"] or 0
    b = Section.objects.filter(parent=section).aggregate(m=Max("order"))["m"] or 0
    return max(a, b) + 10


def _order_after(section: Section, after: Speech | None) -> int:
    """An order value right after `after` (renumbering the section when there is no gap)."""
    if after is None:
        return _next_order(section.record, section)
    siblings = list(Speech.objects.filter(section=section).order_by("order", "id").values_list("id", "order"))
    idx = [i for i, (pk, _o) in enumerate(siblings) if pk == after.pk][0]
    nxt = siblings[idx + 1][1] if idx + 1 < len(siblings) else after.order + 20
    if nxt - after.order >= 2:
        return after.order + (nxt - after.order) // 2
    for i, (pk, _o) in enumerate(siblings):  # renumber with gaps of 10
        Speech.objects.filter(pk=pk).update(order=(i + 1) * 10)
    after.refresh_from_db(fields=["order"])
    return after.order + 5


def _clean_speech_fields(fields: dict) -> dict:
    unknown = sorted(set(fields) - SPEECH_FIELDS)
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    if "kind" in fields and fields["kind"] not in Kind.values:
        raise ValidationError({"kind": f"must be one of {', '.join(Kind.values)}"})
    if "language" in fields and fields["language"] not in LANGUAGES:
        raise ValidationError({"language": "must be ar or en"})
    if "source" in fields and fields["source"] not in Source.values:
        raise ValidationError({"source": f"must be one of {', '.join(Source.values)}"})
    if "text" in fields:
        fields["text"] = document.clean_text(fields["text"])
    for key in ("label", "role_ar", "role_en", "speaker_name"):
        if key in fields and fields[key] is not None:
            fields[key] = " ".join(str(fields[key]).split())[:300]
    return fields


def _check_times(speech: Speech) -> None:
    if speech.start and speech.end and speech.end < speech.start:
        raise ValidationError({"end": "the end is before the start"})


def default_label(person, language: str) -> str:
    if person is None:
        return ""
    return f"{pick(person.name_ar, person.name_en, language)}:"


def add_unit(actor, record: Record, *, section: Section, after: Speech | None = None, eid: str = "", order: int | None = None,
             **fields) -> Speech:
    """Insert a speech or a narrative (after `after`, or at the end of the section)."""
    _require_editor(actor)
    fields = _clean_speech_fields(dict(fields))
    if section.record_id != record.pk:
        raise ValidationError({"section": "the section belongs to another record"})
    with transaction.atomic():
        _require_editable(Record.objects.get(pk=record.pk))
        fields.setdefault("language", record.language)
        if fields.get("kind", Kind.SPEECH) in SPOKEN_KINDS and not fields.get("label") and fields.get("person") is not None:
            fields["label"] = default_label(fields["person"], fields["language"])
        speech = Speech(record=record, section=section, eid=eid or _alloc_eid(record),
                        order=order if order is not None else _order_after(section, after),
                        updated_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
        _check_times(speech)
        speech.save()
        audit.record(actor, "hansard.speech.add", speech, object_repr=f"{record.pk}:{speech.eid}", after=_speech_snapshot(speech))
        _bump(record)
        return speech


def update_unit(actor, speech: Speech, *, base_revision: int | None = None, **fields) -> Speech:
    """Change a unit. With `base_revision`, a save based on an older revision is refused
    (StaleEdit) rather than overwriting another reporter's work."""
    _require_editor(actor)
    fields = _clean_speech_fields(dict(fields))
    with transaction.atomic():
        current = Speech.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=speech.pk)
        _require_editable(current.record)
        if base_revision is not None and int(base_revision) != current.revision:
            raise StaleEdit(current, int(base_revision), fields.get("text", current.text))
        before = _speech_snapshot(current)
        if "person" in fields and "label" not in fields and fields["person"] is not None and current.person_id != fields["person"].pk:
            fields["label"] = default_label(fields["person"], fields.get("language", current.language))
        if ("language" in fields and "label" not in fields and current.person_id and fields["language"] != current.language
                and current.label == default_label(current.person, current.language)):
            fields["label"] = default_label(current.person, fields["language"])  # the printed label follows the language
        changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
        if not changed:
            return current
        for key, value in changed.items():
            setattr(current, key, value)
        _check_times(current)
        current.revision += 1
        current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save()
        audit.record(actor, "hansard.speech.edit", current, object_repr=f"{current.record_id}:{current.eid}", before=before,
                     after=_speech_snapshot(current))
        _bump(current.record)
        return current


def delete_unit(actor, speech: Speech) -> None:
    _require_editor(actor)
    with transaction.atomic():
        current = Speech.objects.select_for_update().get(pk=speech.pk)
        _require_editable(current.record)
        before = _speech_snapshot(current)
        record = current.record
        audit.record(actor, "hansard.speech.delete", current, object_repr=f"{record.pk}:{current.eid}", before=before)
        current.delete()
        _bump(record)


def split_unit(actor, speech: Speech, *, at: int, base_revision: int | None = None, person=None, label: str | None = None) -> Speech:
    """Split a speech at character `at`: the first part keeps its id, the rest becomes a
    new speech (optionally by another speaker) right after it."""
    _require_editor(actor)
    with transaction.atomic():
        current = Speech.objects.select_for_update().get(pk=speech.pk)
        _require_editable(current.record)
        if base_revision is not None and int(base_revision) != current.revision:
            raise StaleEdit(current, int(base_revision), current.text)
        text = current.text
        if not (0 < at < len(text)):
            raise ValidationError({"at": "split inside the text, not at its start or end"})
        head, tail = text[:at], text[at:]
        if not head.strip() or not tail.strip():
            raise ValidationError({"at": "both parts must have text"})
        update_unit(actor, current, text=head)
        fields = {f: getattr(current, f) for f in ("kind", "person", "speaker_ref", "speaker_name", "role_key", "role_ar", "role_en",
                                                    "label", "language", "source", "ai_pending", "end", "transcription")}
        if person is not None:
            fields.update(person=person, label=default_label(person, current.language), role_key="", role_ar="", role_en="")
        if label is not None:
            fields["label"] = label
        new = add_unit(actor, current.record, section=current.section, after=current, text=tail, **fields)
        audit.record(actor, "hansard.speech.split", new, object_repr=f"{current.record_id}:{current.eid}+{new.eid}",
                     after={"kept": current.eid, "new": new.eid, "at": at})
        return new


def merge_units(actor, first: Speech, second: Speech) -> Speech:
    """Append `second` to `first`; the second id now redirects to the first."""
    _require_editor(actor)
    if first.record_id != second.record_id or first.pk == second.pk:
        raise ValidationError({"second": "merge two different units of the same record"})
    with transaction.atomic():
        a = Speech.objects.select_for_update().get(pk=first.pk)
        b = Speech.objects.select_for_update().get(pk=second.pk)
        _require_editable(a.record)
        fields = {"text": a.text + "\n" + b.text}
        if b.end and (not a.end or b.end > a.end):
            fields["end"] = b.end
        merged = update_unit(actor, a, **fields)
        SpeechRedirect.objects.update_or_create(record=a.record, old_eid=b.eid, defaults={"new_eid": a.eid})
        SpeechRedirect.objects.filter(record=a.record, new_eid=b.eid).update(new_eid=a.eid)
        audit.record(actor, "hansard.speech.merge", merged, object_repr=f"{a.record_id}:{a.eid}<{b.eid}", after={"kept": a.eid, "merged": b.eid})
        b.delete()
        return merged


def accept_ai(actor, speech: Speech) -> Speech:
    """An editor accepts a speech-to-text unit: it is no longer labelled AI-made."""
    _require_editor(actor)
    with transaction.atomic():
        current = Speech.objects.select_for_update().get(pk=speech.pk)
        if not current.ai_pending:
            return current
        current = update_unit(actor, current, ai_pending=False)
        audit.record(actor, "hansard.speech.accept_ai", current, object_repr=f"{current.record_id}:{current.eid}")
        _review_transcription_if_done(actor, current.transcription)
        return current


def accept_all_ai(actor, record: Record) -> int:
    _require_editor(actor)
    count = 0
    with transaction.atomic():
        for speech in Speech.objects.filter(record=record, ai_pending=True):
            accept_ai(actor, speech)
            count += 1
    return count


def _review_transcription_if_done(actor, transcription) -> None:
    if transcription is None or not transcription.ai_output_id or actor is None or not getattr(actor, "is_authenticated", False):
        return
    if transcription.speeches.filter(ai_pending=True).exists():
        return
    try:
        from majlis.ai import governance
        from majlis.ai.models import AIOutput
    except ImportError:  # pragma: no cover - the AI app is optional
        return
    output = AIOutput.objects.filter(pk=transcription.ai_output_id).first()
    if output is None or output.state != AIOutput.State.UNREVIEWED:
        return
    final = {"text": "\n".join(transcription.speeches.order_by("order").values_list("text", flat=True))}
    governance.review(actor, output, "edited" if final["text"] != (output.output or {}).get("text") else "accepted", final=final)


# --- workflow ---------------------------------------------------------------------------

def transition(actor, record: Record, to_state: str, *, note: str = "") -> Record:
    """Move the record along the workflow (see WORKFLOW); publishing is `publish()`."""
    _require_editor(actor)
    if to_state not in RecordState.values:
        raise ValidationError({"state": f"unknown state {to_state!r}"})
    if to_state == RecordState.PUBLISHED:
        return publish(actor, record, corrigendum=note)
    with transaction.atomic():
        current = Record.objects.select_for_update().get(pk=record.pk)
        allowed = WORKFLOW[RecordState(current.state)]["next"]
        if to_state not in allowed:
            raise ValidationError({"state": f"a {current.state} record cannot move to {to_state} (allowed: {', '.join(allowed)})"})
        if to_state == RecordState.APPROVED:
            pending = Speech.objects.filter(record=current, ai_pending=True).count()
            if pending:
                raise ValidationError({"state": f"{pending} speech(es) are still unreviewed speech-to-text: accept or correct them first"})
        before = {"state": current.state}
        current.state = to_state
        current.save(update_fields=["state", "updated"])
        audit.record(actor, f"hansard.record.{to_state}", current, before=before, after={"state": to_state, "note": note})
        record.state = to_state
        return current


def publish(actor, record: Record, *, corrigendum: str = "") -> RecordVersion:
    """Freeze the working copy as the next published version. The first publication
    needs an approved record; a later one (a correction) needs a corrigendum note."""
    _require_editor(actor)
    corrigendum = " ".join((corrigendum or "").split())
    with transaction.atomic():
        current = Record.objects.select_for_update().get(pk=record.pk)
        if current.state != RecordState.APPROVED:
            raise ValidationError({"state": f"only an approved record can be published (this one is {current.state})"})
        if current.version >= 1 and not corrigendum:
            raise ValidationError({"corrigendum": "a correction of a published record needs a corrigendum note"})
        if Speech.objects.filter(record=current, ai_pending=True).exists():
            raise ValidationError({"state": "unreviewed speech-to-text cannot be published"})
        now = timezone.now()
        number = current.version + 1
        current.version = number
        current.version_date = timezone.localtime(now).date()
        current.state = RecordState.PUBLISHED
        current.save(update_fields=["version", "version_date", "state", "updated"])
        doc = document.build(current)
        if corrigendum:
            doc["record"]["corrigenda"].append({"version": number, "date": current.version_date.isoformat(), "note": corrigendum})
        version = RecordVersion.objects.create(
            record=current, number=number, published_at=now, published_by=actor if getattr(actor, "is_authenticated", False) else None,
            corrigendum=corrigendum, document=doc, digest=document.digest(doc),
        )
        _publish_speeches(current, version, doc)
        audit.record(actor, "hansard.record.publish", current, before={"version": number - 1},
                     after={"version": number, "digest": version.digest, "corrigendum": corrigendum})
        record.state, record.version, record.version_date = current.state, number, current.version_date
        return version


def _publish_speeches(record: Record, version: RecordVersion, doc: dict) -> None:
    for old in PublishedSpeech.objects.filter(record=record, is_current=True):
        old.is_current = False
        old.save(update_fields=["is_current"])  # save() so the search index hears of it
    people = doc["people"]
    for order, (path, unit) in enumerate(document.iter_units(doc), start=1):
        ref = people.get(unit["by"]) if unit["by"] else None
        role = doc["roles"].get(unit["as"]) if unit["as"] else None
        heading = path[-1]["heading_ar"] or path[-1]["heading_en"] if path else ""
        PublishedSpeech.objects.create(
            version=version, record=record, eid=unit["eid"], order=order, kind=unit["kind"], section_heading=heading[:500],
            person_id=ref["person_id"] if ref else None, label=unit["label"],
            role=((role["name_ar"] or role["name_en"]) if role else "")[:300], language=unit["language"], text=unit["text"],
            start=dt.datetime.fromisoformat(unit["start"]) if unit["start"] else None,
            end=dt.datetime.fromisoformat(unit["end"]) if unit["end"] else None,
            body_id=record.body_id, date=record.date,
        )


def open_correction(actor, record: Record, note: str = "") -> Record:
    """Open a published record for correction: the public keeps seeing the published
    version until the corrected one is published."""
    return transition(actor, record, RecordState.DRAFT, note=note)


# --- members' corrections ---------------------------------------------------------------

def propose_correction(actor, speech: Speech, *, text: str, note: str = "") -> CorrectionProposal:
    if not permissions.can_propose_correction(actor, speech):
        raise PermissionDenied("members may propose corrections to their own speeches only")
    record = speech.record
    if record.corrections_close and timezone.now() > record.corrections_close:
        raise ValidationError({"text": f"the window for members' corrections closed on {timezone.localtime(record.corrections_close):%Y-%m-%d %H:%M}"})
    text = document.clean_text(text)
    if not text:
        raise ValidationError({"text": "the corrected text is required"})
    if text == speech.text:
        raise ValidationError({"text": "the proposed text is the same as the record"})
    with transaction.atomic():
        proposal = CorrectionProposal.objects.create(speech=speech, proposer=actor, text=text, note=note[:500], base_text=speech.text)
        audit.record(actor, "hansard.correction.propose", proposal, object_repr=f"{record.pk}:{speech.eid}", after={"text": text, "note": note})
        return proposal


def decide_correction(actor, proposal: CorrectionProposal, *, accept: bool) -> CorrectionProposal:
    _require_editor(actor)
    with transaction.atomic():
        current = CorrectionProposal.objects.select_for_update().get(pk=proposal.pk)
        if current.state != CorrectionProposal.State.PENDING:
            raise ValidationError({"state": f"this proposal was already {current.state}"})
        if accept:
            record = current.speech.record
            if not WORKFLOW[RecordState(record.state)]["editable"]:
                if record.state == RecordState.PUBLISHED:
                    open_correction(actor, record, note="member's correction accepted")
                else:
                    transition(actor, record, RecordState.IN_REVIEW, note="member's correction accepted")
            update_unit(actor, current.speech, text=current.text)
        current.state = CorrectionProposal.State.ACCEPTED if accept else CorrectionProposal.State.REJECTED
        current.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        current.decided_at = timezone.now()
        current.save()
        audit.record(actor, f"hansard.correction.{current.state}", current, object_repr=f"{current.speech.record_id}:{current.speech.eid}")
        return current


# --- from eMeeting ---------------------------------------------------------------------

def seed_from_meeting(actor, meeting, *, language: str = "ar") -> Record:
    """A draft record whose sections follow the agenda, with one empty speech per
    speakers'-list slot that was given the floor (who spoke when) and the sitting's
    closed polls in place."""
    from majlis.meetings.models import AgendaItem, Poll, SpeakerSlot

    _require_editor(actor)
    with transaction.atomic():
        record = create_record(
            actor, date=timezone.localtime(meeting.started_at or meeting.start).date(), body=meeting.body, meeting=meeting,
            number=str(meeting.number or ""), title_ar=meeting.title_ar, title_en=meeting.title_en, language=language,
            source_note="eMeeting",
        )
        opening = add_section(actor, record, heading_ar="افتتاح الجلسة", heading_en="Opening of the sitting", name="opening")
        sections: dict[int | None, Section] = {None: opening}
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"))
        pending = items[:]
        while pending:  # parents before children
            progressed = False
            for item in list(pending):
                if item.parent_id is None or item.parent_id in sections:
                    parent = sections.get(item.parent_id) if item.parent_id else None
                    # Sub-items come after what was said on their parent item.
                    order = None if parent is None else 1_000_000 + 10 * Section.objects.filter(parent=parent).count()
                    sections[item.pk] = add_section(
                        actor, record, heading_ar=item.title_ar, heading_en=item.title_en, num=item.number, name="agendaItem",
                        parent=parent, agenda_item=item, order=order,
                    )
                    pending.remove(item)
                    progressed = True
            if not progressed:
                break
        events: list[tuple] = []
        for slot in SpeakerSlot.objects.filter(meeting=meeting, started_at__isnull=False).select_related("person").order_by("started_at", "id"):
            events.append((slot.started_at, 0, slot))
        for poll in Poll.objects.filter(meeting=meeting, state=Poll.State.CLOSED).order_by("closed_at", "id"):
            events.append((poll.closed_at or poll.opened_at or meeting.start, 1, poll))
        for _t, kind, obj in sorted(events, key=lambda e: (e[0], e[1])):
            section = sections.get(obj.agenda_item_id) or opening
            order = (Speech.objects.filter(section=section).aggregate(m=Max("order"))["m"] or 0) + 10
            if kind == 0:
                add_unit(actor, record, section=section, kind=Kind.SPEECH, person=obj.person, language=language, order=order,
                         start=obj.started_at, end=obj.ended_at, source=Source.MEETING, text="",
                         **role_of(obj.person, meeting.body, record.date))
            else:
                add_unit(actor, record, section=section, kind=Kind.VOTE, poll=obj, vote_data=vote_data(obj), language=language,
                         order=order, text=vote_text(vote_data(obj), language), source=Source.MEETING, start=obj.opened_at, end=obj.closed_at)
        return record


def role_of(person, body, day) -> dict:
    """The post a person held in the body on the day (Speaker, Deputy Speaker …): the role
    they speak in, for AKN `as`. Plain members get no role."""
    from django.db.models import Q as _Q

    from majlis.core.models import Membership

    membership = (
        Membership.objects.filter(person=person, organization=body, post__isnull=False)
        .filter(_Q(start_date__isnull=True) | _Q(start_date__lte=day), _Q(end_date__isnull=True) | _Q(end_date__gte=day))
        .select_related("post").first()
    )
    if membership is None:
        return {}
    post = membership.post
    return {"role_key": document.slug(post.role or post.name_en) or f"post-{post.pk}", "role_ar": post.name_ar, "role_en": post.name_en}


def vote_data(poll) -> dict:
    counts = {}
    result = poll.result or {}
    raw = result.get("counts") if isinstance(result, dict) and isinstance(result.get("counts"), dict) else result
    if isinstance(raw, dict):
        counts = {str(k): v for k, v in raw.items() if isinstance(v, int)}
    if not counts:
        counts = {t.choice: t.count for t in poll.tallies.all()} if hasattr(poll, "tallies") else {}
    return {
        "poll_uid": str(poll.uid), "title_ar": poll.title_ar, "title_en": poll.title_en, "kind": poll.kind,
        "counts": counts, "adopted": poll.adopted, "votes_cast": poll.votes_cast, "present": poll.present_count,
    }


CHOICE_AR = {"yes": "موافق", "no": "غير موافق", "abstain": "ممتنع"}


def vote_text(data: dict, language: str) -> str:
    counts = data.get("counts") or {}
    if language == "ar":
        parts = "، ".join(f"{CHOICE_AR.get(k, k)}: {v}" for k, v in counts.items())
        outcome = "وافق المجلس" if data.get("adopted") else ("لم يوافق المجلس" if data.get("adopted") is False else "")
        title = data.get("title_ar") or data.get("title_en") or ""
        return " ".join(x for x in [f"التصويت على {title}" if title else "التصويت", f"({parts})" if parts else "", f"— {outcome}." if outcome else ""] if x)
    parts = ", ".join(f"{k}: {v}" for k, v in counts.items())
    outcome = "Adopted" if data.get("adopted") else ("Not adopted" if data.get("adopted") is False else "")
    title = data.get("title_en") or data.get("title_ar") or ""
    return " ".join(x for x in [f"Vote on {title}" if title else "Vote", f"({parts})" if parts else "", f"— {outcome}." if outcome else ""] if x)


# --- import ---------------------------------------------------------------------------

def import_document(actor, doc: dict, *, source_note: str = "imported (Akoma Ntoso)") -> Record:
    """A record from a parsed AKN document (see `akn.parse`): a draft working copy that
    keeps the document's speech ids, speakers, roles, times and languages. People are
    matched to the register by the uid in their AKN href; others keep their printed name."""
    from majlis.core.models import Organization, Person

    _require_editor(actor)
    rec = doc["record"]
    try:
        date = dt.date.fromisoformat(rec["date"])
    except (TypeError, ValueError):
        raise ValidationError({"date": f"not a date: {rec.get('date')!r}"}) from None
    body = None
    if rec.get("body") and rec["body"].get("uid"):
        body = Organization.objects.filter(uid=rec["body"]["uid"]).first()
    uids = {p["uid"] for p in doc["people"].values() if p.get("uid")}
    persons = {str(p.uid): p for p in Person.objects.filter(uid__in=uids)}
    with transaction.atomic():
        record = create_record(actor, date=date, body=body, number=rec.get("number", ""), title_ar=rec.get("title_ar", ""),
                               title_en=rec.get("title_en", ""), language=rec.get("language") if rec.get("language") in LANGUAGES else "ar",
                               source_note=source_note)
        record.version_date = dt.date.fromisoformat(rec["version_date"]) if rec.get("version_date") else None
        record.imported_corrigenda = rec.get("corrigenda") or []
        record.save(update_fields=["version_date", "imported_corrigenda"])
        numbers = []

        def walk(nodes, parent):
            for order, node in enumerate(nodes, start=1):
                if node["type"] == "section":
                    section = Section.objects.create(
                        record=record, parent=parent, eid=node["eid"][:60], order=order * 10, kind=node.get("kind") or "debateSection",
                        name=(node.get("name") or "")[:60], num=(node.get("num") or "")[:40],
                        heading_ar=(node.get("heading_ar") or "")[:500], heading_en=(node.get("heading_en") or "")[:500],
                    )
                    numbers.append(node["eid"])
                    walk(node["content"], section)
                else:
                    if parent is None:
                        raise ValidationError({"file": "a speech outside any section"})
                    ref = doc["people"].get(node["by"]) if node["by"] else None
                    person = persons.get(ref["uid"]) if ref and ref.get("uid") else None
                    role = doc["roles"].get(node["as"]) if node["as"] else None
                    speech = Speech(
                        record=record, section=parent, eid=node["eid"][:60], order=order * 10,
                        kind=node["kind"] if node["kind"] in Kind.values else Kind.NARRATIVE,
                        person=person, speaker_ref="" if person or not ref else ref["ref"][:100],
                        speaker_name="" if person or not ref else (ref.get("name_ar") or ref.get("name_en") or ref.get("name") or "")[:300],
                        role_key=(node["as"] or "")[:100], role_ar=(role or {}).get("name_ar", "")[:300], role_en=(role or {}).get("name_en", "")[:300],
                        label=(node["label"] or "")[:300], to_ref=(node.get("to") or "")[:100], language=node["language"] if node["language"] in LANGUAGES else record.language,
                        text=node["text"], start=_parse_time(node["start"]), end=_parse_time(node["end"]),
                        source=node["source"] if node["source"] in Source.values else Source.IMPORTED, ai_pending=bool(node.get("ai")),
                        confidence=node.get("confidence"), vote_data=node.get("vote"),
                    )
                    speech.save()
                    numbers.append(node["eid"])

        walk(doc["sections"], None)
        highest = max([int(m.group(1)) for e in numbers if (m := _EID_NUMBER.search(e))] or [0])
        Record.objects.filter(pk=record.pk).update(next_eid=highest + 1)
        record.next_eid = highest + 1
        audit.record(actor, "hansard.record.import", record, after={"units": Speech.objects.filter(record=record).count(), "source": source_note})
        return record


_EID_NUMBER = __import__("re").compile(r"_(\d+)$")


def _parse_time(value: str):
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed

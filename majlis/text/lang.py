"""Language detection for speeches, papers and press releases.

Why this exists: every Hansard speech records its language and the search
engine picks an analyzer per document, so we need an answer for every string,
fast.  Arabic vs Latin script settles the common case (Arabic / English)
without any model.  Only when the text is Latin-script AND the caller lists
other Latin-script languages (e.g. Azerbaijani "az") do we ask `lingua`
(optional dependency ``lingua-language-detector``, imported lazily); without
it we fall back to English.

Empty input or input with no letters (numbers, punctuation) returns the
default: ``"en"`` if it is a candidate, else the first candidate.  We return
rather than raise because callers label whole corpora and one empty speech
must not abort an import.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language"]

_ARABIC = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
# Letters of any script except Arabic: digits, underscore and punctuation excluded.
_LETTER = re.compile(r"[^\W\d_]")
# Enough text to decide; longer documents are sampled from the start.
_SAMPLE = 2000
# Scripts the fast path can decide on its own.
_ARABIC_SCRIPT = {"ar", "fa", "ur"}


@lru_cache(maxsize=1)
def _lingua():
    try:
        import lingua  # noqa: PLC0415 - optional, heavy: import only when needed
    except ImportError:
        return None
    return lingua


@lru_cache(maxsize=32)
def _detector(codes: tuple[str, ...]):
    lingua = _lingua()
    if lingua is None:
        return None, {}
    langs = {}
    for code in codes:
        try:
            lang = lingua.Language.from_iso_code_639_1(lingua.IsoCode639_1.from_str(code))
        except (ValueError, AttributeError):
            continue  # a candidate lingua does not know: the fast path handles it
        langs[lang] = code
    if len(langs) < 2:
        return None, langs
    return lingua.LanguageDetectorBuilder.from_languages(*langs).build(), langs


def detect_language(text: str, candidates=("ar", "en")) -> str:
    """Return the ISO 639-1 code among ``candidates`` that best fits ``text``."""
    candidates = tuple(candidates)
    if not candidates:
        raise ValueError("candidates must name at least one language")
    default = "en" if "en" in candidates else candidates[0]
    sample = text[:_SAMPLE]
    n_letters = len(_LETTER.findall(sample))
    if not n_letters:
        return default
    n_arabic = len(_ARABIC.findall(sample))
    arabic_cands = [c for c in candidates if c in _ARABIC_SCRIPT]
    latin_cands = [c for c in candidates if c not in _ARABIC_SCRIPT]
    if arabic_cands and (n_arabic * 2 >= n_letters or not latin_cands):
        # Ties go to Arabic: a mixed sentence with as many Arabic letters as
        # Latin ones is an Arabic sentence quoting a Latin name.
        return "ar" if "ar" in arabic_cands else arabic_cands[0]
    if len(latin_cands) == 1:
        return latin_cands[0]
    detector, langs = _detector(tuple(latin_cands))
    if detector is not None:
        found = detector.detect_language_of(sample)
        if found is not None and found in langs:
            return langs[found]
    return "en" if "en" in latin_cands else latin_cands[0]

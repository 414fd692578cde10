"""Character-level normalisation for Arabic and Latin text.

Why this exists: the same word reaches Majlis spelled many ways.  Arabic press
copy mixes hamza/alef forms, ta marbuta vs ha, alef maqsura vs ya, optional
diacritics, tatweel and invisible bidi marks pasted from Word; Latin copy of
Azerbaijani names comes with or without diacritics (Qafarova / Gafarova,
Hacıyev / Hajiyev).  Search, name matching and de-duplication all need one
canonical form, and they all run over large corpora, so every step here is a
precompiled regex or a C-level ``str.replace`` (no per-character Python loops).

Design choices (documented because search and name keys depend on them):

* Standalone hamza ``ء`` is KEPT.  It is a real letter (سماء vs سما); only the
  hamza *carriers* are folded (أ إ آ ٱ → ا, ؤ → و, ئ → ي).
* Ta marbuta ``ة`` → ``ه`` and alef maqsura ``ى`` → ``ي`` (the common search
  convention; the reverse mapping loses information the other way).
* Apostrophe-like characters (' ’ ʼ ʻ `) are deleted rather than turned into
  spaces by :func:`normalize`, so "Ma'mun" and "Mamun", "Azerbaijan’s" and
  "Azerbaijans" share a key.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "INVISIBLE_CHARS",
    "normalize_arabic",
    "normalize_latin",
    "normalize",
]

# Zero-width and bidi controls: they are invisible, so two strings that look
# identical to a clerk must not differ because one was pasted from a RTL editor.
INVISIBLE_CHARS = (
    "".join(chr(c) for c in range(0x200B, 0x2010))  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + "".join(chr(c) for c in range(0x202A, 0x202F))  # LRE..RLO, PDF
    + "".join(chr(c) for c in range(0x2066, 0x206A))  # LRI..PDI
    + "\uFEFF"  # BOM / ZWNBSP
    + "\u061C"  # Arabic letter mark (a bidi control too)
    + "\u2060"  # word joiner
    + "\u00AD"  # soft hyphen: invisible unless the line breaks
)

_AR_DIACRITICS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))  # tanween, harakat, shadda, sukun, ...
    + "\u0670"  # superscript (dagger) alef
    + "".join(chr(c) for c in range(0x06D6, 0x06DD))  # Quranic annotation marks
    + "".join(chr(c) for c in range(0x06DF, 0x06E5))
    + "\u06E7\u06E8"
    + "".join(chr(c) for c in range(0x06EA, 0x06EE))
    + "\u08F0\u08F1\u08F2\u08F3"  # open tanween variants
    + "\u0640"  # tatweel: pure typographic stretching
)

_AR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ه",
    # Persian / Urdu letters that Gulf keyboards and OCR emit for Arabic ones.
    "ک": "ك", "ی": "ي", "ې": "ي", "ۀ": "ه", "ھ": "ه", "ە": "ه",
}
for _i in range(10):
    _AR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _AR_MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits

# str.translate with a dict does one dict lookup per character; a regex for
# deletions plus str.replace for the few folds is ~3x faster on real text and
# this runs over every indexed document.
_AR_DELETE = re.compile("[" + re.escape(_AR_DIACRITICS + INVISIBLE_CHARS) + "]+")
_AR_PAIRS = tuple(_AR_MAP.items())

# Letters NFKD does not decompose but Azerbaijani / Turkish / Nordic names use.
_LATIN_SPECIAL = {
    "ə": "e", "ı": "i", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h",
    "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss", "ŋ": "n", "ɡ": "g",
    # Listed explicitly (NFKD handles them too) so the fold never depends on
    # the NFKD step for the Azerbaijani alphabet.
    "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u",
}
_LATIN_PAIRS = tuple(_LATIN_SPECIAL.items())

# Combining diacritics of the alphabets Majlis meets (Latin, Greek, Cyrillic,
# Hebrew, Arabic).  Deliberately not every Mn character: Indic vowel signs
# are letters in all but name, and a short class keeps the regex fast.
_MARKS = re.compile(
    "[\u0300-\u036F\u0483-\u0489\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670"
    "\u06D6-\u06ED\u08D3-\u08FF\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F"
    + re.escape(INVISIBLE_CHARS)
    + "]+"
)

_APOSTROPHES = "'\u2019\u2018\u02BC\u02BB\u0060\u00B4"
_APOS_DELETE = re.compile("[" + re.escape(_APOSTROPHES) + "]+")
# \W covers punctuation of every script (، ؛ ؟ « » included) and symbols.
_NON_WORD = re.compile(r"[\W_]+")


def normalize_arabic(s: str) -> str:
    """Fold Arabic spelling variants; Latin characters pass through untouched."""
    s = _AR_DELETE.sub("", s)
    for a, b in _AR_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return s


def normalize_latin(s: str) -> str:
    """Casefold and strip diacritics so "Hacıyev", "HAJIYEV" and "hajiyev" agree.

    Combining marks are removed after NFKD, which also removes Arabic harakat
    and splits hamza carriers (أ → ا + hamza mark): running this on Arabic is
    harmless and equivalent to part of :func:`normalize_arabic`.
    """
    if s.isascii():
        # Fast path: most English copy needs nothing beyond lower-casing.
        return s.lower()
    s = s.casefold()
    for a, b in _LATIN_PAIRS:
        if a in s:
            s = s.replace(a, b)
    if not unicodedata.is_normalized("NFKD", s):
        s = unicodedata.normalize("NFKD", s)
    return _MARKS.sub("", s)


def normalize(s: str) -> str:
    """General match key: both folds, punctuation → space, whitespace collapsed."""
    s = _APOS_DELETE.sub("", normalize_arabic(normalize_latin(s)))
    return _NON_WORD.sub(" ", s).strip()

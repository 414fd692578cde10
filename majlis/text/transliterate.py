"""Rough romanisation and Arabisation of names, for suggestions only.

Why this exists: every person and body needs an Arabic and an English name,
and clerks usually have only one of them at hand.  These functions propose the
other so the clerk edits instead of typing from scratch.  The output is a
*suggestion* shown to a person, never stored as official without review.

Unvowelled Arabic cannot be romanised exactly (محمد could be Muhammad or
Mohammed), so :func:`arabic_to_latin` uses a small table of common names,
honours harakat when present, and otherwise guesses ("a" after an initial
consonant cluster).  :func:`latin_to_arabic` writes every vowel as a letter,
the way Arabic press spells foreign names (Gafarova → غافاروفا), and uses
Azerbaijani surname endings (-ov → وف, -yev → ييف).
"""

from __future__ import annotations

import re

from .normalize import normalize_latin

__all__ = ["arabic_to_latin", "latin_to_arabic"]

# Common names whose conventional spelling no rule recovers.
_COMMON = {
    "محمد": "Mohammed", "أحمد": "Ahmed", "احمد": "Ahmed", "محمود": "Mahmoud",
    "علي": "Ali", "حسن": "Hassan", "حسين": "Hussain", "عيسى": "Isa",
    "عبد": "Abdul", "عبدالله": "Abdulla", "إبراهيم": "Ibrahim", "ابراهيم": "Ibrahim",
    "خليفة": "Khalifa", "حمد": "Hamad", "سلمان": "Salman", "بن": "bin",
    "بنت": "bint", "آل": "Al", "يوسف": "Yousif", "فاطمة": "Fatima",
    "مريم": "Maryam", "خالد": "Khalid", "سالم": "Salem", "راشد": "Rashid",
    "عمر": "Omar", "عثمان": "Othman", "مصطفى": "Mustafa", "جاسم": "Jassim",
    "فريد": "Farid", "صابر": "Sabir", "رستم": "Rustam", "إلهام": "Ilham",
    "الهام": "Ilham", "صاحبة": "Sahiba", "رشاد": "Rashad",
    "رحمن": "Rahman", "رحيم": "Rahim", "عزيز": "Aziz", "كريم": "Karim",
}
_COMMON_LATIN = {
    "mohammed": "محمد", "mohamed": "محمد", "muhammad": "محمد", "mohammad": "محمد",
    "ahmed": "أحمد", "ahmad": "أحمد", "mahmoud": "محمود", "ali": "علي",
    "hassan": "حسن", "hussain": "حسين", "hussein": "حسين", "isa": "عيسى",
    "abdulla": "عبدالله", "abdullah": "عبدالله", "ibrahim": "إبراهيم",
    "khalifa": "خليفة", "hamad": "حمد", "salman": "سلمان", "bin": "بن",
    "bint": "بنت", "yousif": "يوسف", "yusuf": "يوسف", "fatima": "فاطمة",
    "maryam": "مريم", "khalid": "خالد", "salem": "سالم", "rashid": "راشد",
    "omar": "عمر", "othman": "عثمان", "mustafa": "مصطفى", "jassim": "جاسم",
    "sahiba": "صاحبة", "ilham": "إلهام",
}

_AR_LETTER = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y",
    "ى": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k", "ی": "y",
}
_HARAKAT = {"\u064E": "a", "\u064F": "u", "\u0650": "i", "\u064B": "an", "\u064C": "un", "\u064D": "in"}
_SHADDA, _SUKUN = "\u0651", "\u0652"
_AR_WORD = re.compile(r"[\u0621-\u0652\u0670\u0671\u067E\u0686\u06A4\u06AF\u06A9\u06CC]+")
_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_VOWELS = set("aeiou")


def _romanize_word(word: str) -> str:
    bare = re.sub("[\u064B-\u0652\u0670\u0640]", "", word)
    if bare in _COMMON:
        return _COMMON[bare]
    prefix = ""
    if bare.startswith("ال") and len(bare) > 3:
        if bare[2:] in _COMMON:
            return "Al-" + _COMMON[bare[2:]]
        prefix, word = "Al-", word[2:]
    # Azerbaijani surnames: the ending is regular even when the stem is not.
    ending = ""
    for ar, lat in (("ييفا", "iyeva"), ("يفا", "yeva"), ("وفا", "ova"), ("ييف", "iyev"),
                    ("يف", "yev"), ("وف", "ov")):
        if bare.endswith(ar) and len(bare) > len(ar) + 1:
            ending = lat
            word = word[: -len(ar)]
            break
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        if ch in _HARAKAT:
            out.append(_HARAKAT[ch])
            continue
        if ch == _SHADDA and out:
            out.append(out[-1][-1])
            continue
        if ch in (_SUKUN, "\u0670", "\u0640"):
            continue
        lat = _AR_LETTER.get(ch, "")
        last = "".join(out)[-1:]
        # و and ي are long vowels between letters, consonants at the edges.
        if ch == "و" and 0 < i < n - 1:
            lat = "u" if last and last not in _VOWELS else "w"
        elif ch == "ي" and 0 < i:
            lat = "i" if last and last not in _VOWELS else "y"
        elif ch == "ع":
            # Ayn has no Latin letter; English spelling shows it as a vowel.
            lat = "" if last == "a" else "a"
        out.append(lat)
    units = [u for u in out if u]
    # Unvowelled script: open an initial consonant cluster with "a" so the
    # result is pronounceable (غفاروفا → Gafarova, not Gfarova).
    if (
        len(units) > 1
        and not re.search("[\u064B-\u0650]", word)
        and units[0][-1] not in _VOWELS
        and units[1][0] not in _VOWELS
        and units[1] != "y"
    ):
        units.insert(1, "a")
    text = "".join(units) + ending
    return prefix + text[:1].upper() + text[1:]


_ABD_AL = re.compile(r"عبد\s+ال")


def arabic_to_latin(s: str) -> str:
    """Readable Latin suggestion for an Arabic name or phrase."""
    # "عبد الرحمن" is written Abdul Rahman (the article fuses with Abd).
    s = _ABD_AL.sub("عبد ", s.translate(_AR_DIGITS))
    return _AR_WORD.sub(lambda m: _romanize_word(m.group()), s).strip()


# Latin → Arabic: longest unit first.
_LAT_UNITS = [
    ("kh", "خ"), ("gh", "غ"), ("sh", "ش"), ("ch", "تش"), ("th", "ث"), ("dh", "ذ"),
    ("zh", "ج"), ("dj", "ج"), ("ph", "ف"), ("ou", "و"), ("oo", "و"), ("ee", "ي"),
    ("a", "ا"), ("b", "ب"), ("c", "ك"), ("d", "د"), ("e", "ي"), ("f", "ف"),
    ("g", "غ"), ("h", "ح"), ("i", "ي"), ("j", "ج"), ("k", "ك"), ("l", "ل"),
    ("m", "م"), ("n", "ن"), ("o", "و"), ("p", "ب"), ("q", "ق"), ("r", "ر"),
    ("s", "س"), ("t", "ت"), ("u", "و"), ("v", "ف"), ("w", "و"), ("x", "خ"),
    ("y", "ي"), ("z", "ز"),
]
_LAT_MAP = dict(_LAT_UNITS)
_LAT_RE = re.compile("|".join(u for u, _ in _LAT_UNITS))
# Azerbaijani letters: ə is an open a; q/x/c keep their Azerbaijani values.
_AZ_PREMAP = str.maketrans({"ə": "a", "Ə": "a", "ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch",
                            "ğ": "gh", "Ğ": "gh", "ı": "i", "İ": "i"})
_INITIAL_VOWEL = {"a": "أ", "e": "إ", "i": "إ", "o": "أو", "u": "أو"}


def _arabize_word(word: str) -> str:
    if word in _COMMON_LATIN:
        return _COMMON_LATIN[word]
    prefix = ""
    ending = ""
    for lat, ar in (("yeva", "ييفا"), ("yev", "ييف"), ("ova", "وفا"), ("eva", "يفا"),
                    ("ov", "وف"), ("ev", "يف")):
        if word.endswith(lat) and len(word) > len(lat) + 1:
            ending, word = ar, word[: -len(lat)]
            break
    word = re.sub(r"([^h])\1", r"\1", word)  # Arabic writes doubled letters once
    out: list[str] = []
    for m in _LAT_RE.finditer(word):
        u = m.group()
        if m.start() == 0 and u in _INITIAL_VOWEL:
            out.append(_INITIAL_VOWEL[u])
        elif m.start() == 0 and u == "ou":
            out.append("أو")
        else:
            out.append(_LAT_MAP[u])
    text = "".join(out)
    if ending.startswith("يي") and text.endswith("ي"):
        text = text[:-1]  # Hajiyev: the i of "Haji" is the first ya of ييف
    text = re.sub("يي+(?!ف)", "ي", text)  # i+y glides read as one ya, except -yev
    text = re.sub("وو+", "و", text)
    return prefix + text + ending


def latin_to_arabic(s: str) -> str:
    """Best-effort Arabic spelling suggestion for a Latin name."""
    words = normalize_latin(s.translate(_AZ_PREMAP)).replace("-", " ").split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = re.sub(r"[^a-z0-9]", "", words[i])
        if not w:
            i += 1
            continue
        if w in ("al", "el") and i + 1 < len(words):
            nxt = re.sub(r"[^a-z]", "", words[i + 1])
            out.append("ال" + _arabize_word(nxt))
            i += 2
            continue
        out.append(w if w.isdigit() else _arabize_word(w))
        i += 1
    return " ".join(out)

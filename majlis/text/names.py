"""Keys for matching people's names across spellings, titles and scripts.

Why this exists: the register must recognise that "معالي السيدة صاحبة غافاروفا",
"صاحبة غفاروفا" and "Speaker Sahiba Gafarova" are one person, while "Farid
Hajiyev" and "Sabir Hajiyev" are two.  Press releases add honorifics, vary the
Arabic spelling of foreign names and switch script, so a plain string compare
fails.  We compute two kinds of key:

* ``name_key``: the normalised name with honorifics removed (same script).
* ``translit_key``: a cross-script consonant skeleton.  Both scripts map to
  the same small alphabet (``B D F G H J L M N R S T W X Y Z``), vowels are
  dropped inside a word (Arabic long vowels ا و ي and ع/hamza are vowels here,
  because Latin spellings drop or vary them), a word-initial vowel becomes
  ``V``, and the *final* vowel is kept as ``A``/``I``/``U``.

Keeping the final vowel is deliberate: Azerbaijani surnames are gendered
(Hajiyev / Hajiyeva, Aliyev / Aliyeva) and both may sit in the same chamber,
so the masculine and feminine forms do NOT match.  The same rule makes
ta marbuta (صاحبة) line up with Latin "-a"/"-ah" (Sahiba, Fatimah).

Known, accepted limits: names that differ only in inner vowels share a
skeleton (سلمان Salman / سليمان Sulaiman), so a ``t:`` hit is a candidate for a
person to confirm, not proof; "Mammadov" (the Azerbaijani spelling) and محمدوف do
not collide (the Latin form lost the ح), and unlike sounds that one script
writes with one letter (Egyptian g for ج) are not reconciled.
"""

from __future__ import annotations

import re

from .normalize import normalize

__all__ = [
    "HONORIFICS",
    "strip_honorifics",
    "name_key",
    "translit_key",
    "name_keys",
    "names_match",
]

HONORIFICS: frozenset[str] = frozenset(
    {
        # Arabic titles and forms of address
        "السيد", "السيدة", "السيدات", "السادة", "سيد", "سيدة",
        "معالي", "سعادة", "فخامة", "سمو", "صاحب السمو", "صاحبة السمو",
        "صاحب السمو الملكي", "صاحب الجلالة", "صاحبة الجلالة", "صاحب المعالي",
        "صاحب الفخامة", "صاحب السعادة", "جلالة", "حضرة", "حضرة صاحب الجلالة",
        "سماحة", "فضيلة", "نيافة", "الأستاذ", "الأستاذة", "أ.", "الاستاذ",
        "الدكتور", "الدكتورة", "د.", "د", "الأستاذ الدكتور", "أ.د.",
        "المهندس", "المهندسة", "م.", "الشيخ", "الشيخة", "الأمير", "الأميرة",
        "الملك", "الملكة", "السفير", "السفيرة", "النائب", "النائبة",
        "العضو", "الرئيس", "الرئيسة", "الحاج", "الحاجة", "المحامي", "المحامية",
        "اللواء", "العميد", "العقيد", "الفريق", "المستشار", "المستشارة",
        "القاضي", "السيناتور",
        # English titles and forms of address
        "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Sir", "Dame",
        "Lord", "Lady", "Dr", "Dr.", "Doctor", "Prof", "Prof.", "Professor",
        "Eng", "Eng.", "Engineer", "H.E.", "HE", "H.E", "His Excellency",
        "Her Excellency", "Excellency", "His Highness", "Her Highness",
        "HH", "H.H.", "His Royal Highness", "Her Royal Highness", "HRH",
        "His Majesty", "Her Majesty", "HM", "H.M.", "Sheikh", "Shaikh",
        "Sheikha", "Shaikha", "Sheik", "Ambassador", "Amb.", "Hon", "Hon.",
        "Honourable", "Honorable", "The Honourable", "The Honorable", "Rt Hon",
        "Rt. Hon.", "The Rt Hon", "Speaker", "President", "Deputy", "MP",
        "Minister", "Senator", "Judge", "Justice", "Rev", "Rev.", "Haji",
        "Hajji", "Mister", "Madam", "Madame", "Mme", "Mme.", "Cllr",
        # Azerbaijani forms of address that follow or precede names
        "cənab", "xanım", "bəy",
    }
)

# Suffix titles (after the name).
_TRAILING = frozenset({"mp", "phd", "md", "jr", "sr", "esq", "bəy", "xanım", "حفظه الله"})


def _seq(text: str) -> tuple[str, ...]:
    return tuple(normalize(text).split())


_HONORIFIC_SEQS = frozenset(s for s in map(_seq, HONORIFICS) if s)
_TRAILING_SEQS = frozenset(s for s in map(_seq, _TRAILING) if s)
_MAX_HON = max(map(len, _HONORIFIC_SEQS))


def _surface_parts(name: str) -> tuple[list[str], list[list[str]]]:
    surface = name.split()
    return surface, [normalize(w).split() for w in surface]


def _strip(surface: list[str], norms: list[list[str]]) -> tuple[int, int]:
    """Return [lo, hi) of surface words left after removing titles.

    Matching is done on normalised sub-words ("H.E." → h e) but we only cut at
    surface-word boundaries, so the caller can return the original spelling.
    At least one word is always kept: a bare "Sheikh" or "السفير" is then the
    name as far as we know.
    """
    lo, hi = 0, len(surface)
    changed = True
    while changed and hi - lo > 1:
        changed = False
        # Longest title first so "حضرة صاحب الجلالة" wins over "حضرة".
        for n_words in range(min(_MAX_HON, hi - lo - 1), 0, -1):
            flat = tuple(t for ws in norms[lo : lo + n_words] for t in ws)
            if flat in _HONORIFIC_SEQS or not flat:
                lo += n_words
                changed = True
                break
        if hi - lo > 1:
            for n_words in (2, 1):
                if hi - lo - n_words < 1:
                    continue
                flat = tuple(t for ws in norms[hi - n_words : hi] for t in ws)
                if flat in _TRAILING_SEQS or not flat:
                    hi -= n_words
                    changed = True
                    break
    return lo, hi


def strip_honorifics(name: str) -> str:
    """Remove leading titles (and a few trailing ones), keeping original spelling."""
    surface, norms = _surface_parts(name)
    if not surface:
        return ""
    lo, hi = _strip(surface, norms)
    return " ".join(surface[lo:hi])


def name_key(name: str) -> str:
    """Normalised, title-free, single-spaced key in the input's own script."""
    return normalize(strip_honorifics(name))


# --------------------------------------------------------------------------
# Cross-script skeleton
# --------------------------------------------------------------------------

# "." marks a vowel slot; "" means the letter carries no sound of its own.
_AR_CONS = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "S", "ج": "J", "چ": "X",
    "ح": "H", "خ": "H", "ه": "H", "ھ": "H", "د": "D", "ض": "D", "ذ": "Z",
    "ز": "Z", "ظ": "Z", "ژ": "J", "ر": "R", "س": "S", "ص": "S", "ش": "X",
    "غ": "G", "ق": "G", "ك": "G", "ک": "G", "گ": "G", "ف": "F", "ڤ": "F",
    "ل": "L", "م": "M", "ن": "N",
    # Vowel carriers: و/ي are consonants only at the start of a word.
    "ا": ".", "ى": ".", "ع": ".", "ء": ".", "و": ".", "ي": ".", "ی": ".",
    "أ": ".", "إ": ".", "آ": ".", "ٱ": ".", "ؤ": ".", "ئ": ".", "ة": ".",
}
_AR_INITIAL = {"و": "W", "ي": "Y", "ی": "Y"}
# What the last letter says about the final vowel (A / I / U).
_AR_FINAL = {"ا": "A", "ى": "A", "ة": "A", "ه": "A", "ي": "I", "ی": "I", "و": "U"}
_AR_LETTERS = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]+")
_AR_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")

# Longest first: the regex alternation tries them in order.
_LAT_UNITS = [
    ("tch", "X"), ("sch", "X"),
    ("kh", "H"), ("gh", "G"), ("sh", "X"), ("ch", "X"), ("th", "S"),
    ("dh", "Z"), ("zh", "J"), ("dj", "J"), ("ph", "F"), ("ck", "G"),
    ("b", "B"), ("c", "G"), ("d", "D"), ("f", "F"), ("g", "G"), ("h", "H"),
    ("j", "J"), ("k", "G"), ("l", "L"), ("m", "M"), ("n", "N"), ("p", "B"),
    ("q", "G"), ("r", "R"), ("s", "S"), ("t", "T"), ("v", "F"), ("x", "GS"),
    ("z", "Z"), ("w", "."), ("y", "."),
    ("a", "."), ("e", "."), ("i", "."), ("o", "."), ("u", "."),
]
_LAT_MAP = dict(_LAT_UNITS)
_LAT_RE = re.compile("|".join(u for u, _ in _LAT_UNITS))
_LAT_VOWELS = frozenset("aeiou")
# Azerbaijani letters whose sound English transliteration spells differently.
_AZ_PREMAP = str.maketrans({"ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch", "ğ": "gh", "Ğ": "gh",
                            "ə": "a", "Ə": "a"})
_AZ_MARKERS = frozenset("əƏıİğĞ")
_AZ_C_X = str.maketrans({"c": "j", "x": "h"})

# Article forms written as separate words after normalisation ("Al-Sisi" →
# "al sisi"); sun-letter assimilations ("as-Sisi") only when followed by the
# assimilated consonant, so a name like "An" is not eaten.
_LAT_ARTICLES = {"al", "el"}
_LAT_SUN = {"as", "ash", "ad", "ar", "an", "at", "az", "adh", "ath", "ul", "ur", "un", "us", "ud"}
_LAT_ABD = {"abdul", "abdel", "abdal", "abdoul", "abdol", "abdur", "abdus", "abdun"}


def _skeleton(units: list[str], final: str) -> str:
    """Collapse adjacent repeats, drop vowel slots, keep initial V and final vowel."""
    out: list[str] = []
    prev = None
    for i, u in enumerate(units):
        if u == ".":
            if i == 0:
                out.append("V")
            prev = u
            continue
        if u != prev:
            out.append(u)
        prev = u
    return "".join(out) + final


def _arabic_word(word: str) -> str:
    units: list[str] = []
    for i, ch in enumerate(word):
        if i == 0 and ch in _AR_INITIAL:
            units.append(_AR_INITIAL[ch])
        else:
            u = _AR_CONS.get(ch)
            if u is not None:
                units.append(u)
    final = ""
    last = word[-1]
    if len(word) > 1 and last in _AR_FINAL:
        # A final ه is a ta marbuta written without dots (or a long -ah);
        # in a two-letter word (طه) it is the consonant.
        if not (last == "ه" and len(word) < 3):
            final = _AR_FINAL[last]
            units.pop()
    return _skeleton(units, final)


def _latin_word(word: str) -> str:
    final = ""
    stem = word
    if len(word) > 2:
        if word[-1] in "ae" and word[-2] not in _LAT_VOWELS:
            final, stem = "A", word[:-1]
        elif word.endswith(("ah", "eh")) and word[-3] not in _LAT_VOWELS:
            final, stem = "A", word[:-2]
        elif word[-1] in "iy" and word[-2] not in _LAT_VOWELS:
            final, stem = "I", word[:-1]
        elif word.endswith(("ee", "ie")):
            final, stem = "I", word[:-2]
        elif word[-1] in "ou" and word[-2] not in _LAT_VOWELS:
            final, stem = "U", word[:-1]
        elif word.endswith(("ou", "oo")):
            final, stem = "U", word[:-2]
    units: list[str] = []
    for m in _LAT_RE.finditer(stem):
        u = _LAT_MAP[m.group()]
        if m.start() == 0 and m.group() in ("y", "w"):
            u = m.group().upper()
        units.extend(u) if len(u) > 1 else units.append(u)
    return _skeleton(units, final)


def _arabic_tokens(name: str) -> list[str]:
    words = _AR_LETTERS.findall(_AR_DIACRITICS.sub("", name))
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        # "عبد الرحمن" is one name; keep its article so it matches Abdulrahman.
        if w == "عبد" and i + 1 < len(words) and words[i + 1].startswith("ال"):
            out.append(w + words[i + 1])
            i += 2
            continue
        if w in ("ال", "آل") and i + 1 < len(words):
            i += 1
            continue
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        out.append(w)
        i += 1
    return out


def _latin_tokens(name: str) -> list[str]:
    azeri = any(c in _AZ_MARKERS for c in name)
    text = name.translate(_AZ_PREMAP)
    words = [w for w in normalize(text).split() if not _AR_LETTERS.search(w)]
    if azeri:
        words = [w.translate(_AZ_C_X) for w in words]
    words = [w for w in words if w.isalpha()]
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in _LAT_ABD and nxt is not None:
            # "Abdul Al-Rahman" spells the article twice; it is one "al".
            if nxt in _LAT_ARTICLES and i + 2 < len(words):
                out.append("abdal" + words[i + 2])
                i += 3
            else:
                out.append("abdal" + nxt)
                i += 2
            continue
        if w == "abd" and nxt in (_LAT_ARTICLES | _LAT_SUN) and i + 2 < len(words):
            out.append("abdal" + words[i + 2])
            i += 3
            continue
        if nxt is not None and (w in _LAT_ARTICLES or (w in _LAT_SUN and nxt.startswith(w[1:]))):
            i += 1
            continue
        out.append(w)
        i += 1
    return out


def translit_key(name: str) -> str:
    """Cross-script phonetic skeleton of a name (titles removed), e.g. "GFRFA".

    Each word maps to its own skeleton and words stay in order, so the last
    word of a full-name key is the surname's key.
    """
    name = strip_honorifics(name)
    parts: list[str] = []
    if _AR_LETTERS.search(name):
        parts.extend(_arabic_word(w) for w in _arabic_tokens(name))
    parts.extend(_latin_word(w) for w in _latin_tokens(name))
    return " ".join(p for p in parts if p)


def name_keys(name: str) -> set[str]:
    """Every key a register should store for ``name``.

    ``n:`` keys are same-script (full normalised form, and without titles);
    ``t:`` is the cross-script skeleton.  The prefixes keep kinds apart so a
    skeleton can never equal a normalised name by accident.
    """
    keys: set[str] = set()
    full = normalize(name)
    if full:
        keys.add("n:" + full)
    nk = name_key(name)
    if nk:
        keys.add("n:" + nk)
    tk = translit_key(name)
    if tk:
        keys.add("t:" + tk)
    return keys


def names_match(a: str, b: str) -> bool:
    """True when two names share a key (same person as far as spelling can tell).

    A surname alone does not match a full name: with two Hajiyevs in the
    seeds, that must be resolved by context, not by spelling.
    """
    ka, kb = name_key(a), name_key(b)
    if ka and ka == kb:
        return True
    ta, tb = translit_key(a), translit_key(b)
    return bool(ta) and ta == tb

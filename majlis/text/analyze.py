"""The text analyzer shared by every search backend.

Why this exists: SQLite FTS5 and PostgreSQL tsvector have no usable Arabic
analysis (no clitic stripping, no hamza folding), and if the two backends
analysed text differently they would return different results.  So Majlis
analyses text itself, in Python, and hands the backends plain terms: the same
:func:`analyze` runs at index time and at query time, which is what makes a
query for "المجلس" find "بالمجلس" and "لمجلس".

Terms contain only letters and digits (never quotes, operators or spaces), so
they can be written into an FTS5 document or a tsvector literally.

Stemming:
* Arabic: a light stemmer in the Light10 family (Larkey et al.), written here
  because it must be fast and dependency-free.  An article combination comes
  off when 3 letters remain; و/ف and ب/ك/ل come off greedily when the rest,
  once its suffixes are off, keeps 3 letters (و/ف) or 4 (ب/ك/ل; or when 5
  letters follow), so a clitic in front of a word never changes its stem
  (المجلس = بالمجلس = لمجلس = مجلس، للتعاون = التعاون) and a short root's own
  first letter survives (البشرية = بشري → بشر).  Suffixes come off
  repeatedly with a 3-letter floor; a ta marbuta written ت before a pronoun
  goes with it (خبرتها = خبرة).  A short table maps the broken plurals a
  parliament uses most (المجالس، اللجان، الموارد، التجارب …) to their singulars;
  other broken plurals are not conflated.  Stems are index terms, not dictionary words (البرلمان → رلم).

Latin terms are case-folded, so FTS5's upper-case operators (AND, OR, NOT,
NEAR) can never appear as a term.
* English: Snowball (Porter2) through the optional ``snowballstemmer`` package
  (pure Python).  Without it, a minimal plural/-ing/-ed stripper is used; the
  index must then be rebuilt if the package is installed later, since stems
  differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from os.path import commonprefix
from typing import NamedTuple

from .normalize import INVISIBLE_CHARS, normalize_arabic, normalize_latin

__all__ = [
    "STOPWORDS_AR",
    "STOPWORDS_EN",
    "Token",
    "Query",
    "stem_arabic",
    "stem_english",
    "tokenize",
    "analyze",
    "analyze_query",
]

# --------------------------------------------------------------------------
# Stopwords (stored normalised, because they are compared after normalising)
# --------------------------------------------------------------------------

STOPWORDS_EN: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are as at be because
    been before being below between both but by can could did do does doing
    down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would
    you your yours yourself yourselves also may might must shall upon via
    """.split()
)

_AR_STOP_RAW = """
في من على إلى الى عن مع هذا هذه ذلك تلك هؤلاء أولئك التي الذي الذين اللذين
اللتين اللاتي اللواتي ما ماذا متى أين كيف لماذا هل لم لن لا إن أن إذا إذ لو
كان كانت يكون تكون كانوا قد لقد ثم أو أم بل لكن حتى منذ عند عندما بين بعد قبل
فوق تحت خلال حول ضد دون غير سوى كل بعض أي أيضا كما مثل هو هي هم هن هما أنا
نحن أنت أنتم أنتن انت انتم له لها لهم لهن به بها بهم فيه فيها فيهم منه منها
منهم عليه عليها عليهم إليه إليها إليهم عنه عنها وفي ومن وعلى وإلى وعن ومع وقد
ولا ولم وأن وإن وهو وهي وهذا وهذه وذلك والتي والذي أما إما كذلك حيث بما بأن
لأن كي لكي ذات ذو يا أيها
"""
STOPWORDS_AR: frozenset[str] = frozenset(normalize_arabic(w) for w in _AR_STOP_RAW.split())

# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

_AR_RANGES = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
# Arabic word characters: letters, harakat, tatweel, Arabic-Indic digits.
# The Arabic block also holds punctuation (، ؛ ؟ ٪ ۔ …), left out on purpose.
_AR_CHAR = (
    "[\u0621-\u065F\u0660-\u0669\u066E-\u06D3\u06D5-\u06DC\u06DF-\u06E8\u06EA-\u06FC\u06FF"
    "\u0750-\u077F\u08A0-\u08FF\uFB50-\uFD3D\uFD50-\uFDFB\uFE70-\uFEFC]"
)
# Any other letter or digit (Latin, Cyrillic, …) plus combining accents so a
# decomposed "é" stays one word.
_LA_CHAR = (
    f"(?:[^\\W_{_AR_RANGES}]|[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F])"
)
_INV = "[" + re.escape(INVISIBLE_CHARS) + "]"
_APOS = "['\u2019\u02BC]"
# Invisible controls may sit inside a word (pasted RLM, ZWNJ) without
# splitting it; a token always starts and ends on a visible character so
# highlight offsets never cover stray controls at the edges.
_TOKEN_RE = re.compile(
    f"{_AR_CHAR}(?:{_INV}*{_AR_CHAR})*"
    f"|{_LA_CHAR}(?:(?:{_INV}|{_APOS})*{_LA_CHAR})*"
)
_AR_FIRST = re.compile(f"[{_AR_RANGES}]")
_CLEAN = re.compile(r"[\W_]+")


class Token(NamedTuple):
    """A word as it appears in the original text, and its normalised form."""

    text: str
    start: int
    end: int
    norm: str


@lru_cache(maxsize=200_000)
def _norm(word: str) -> str:
    # NFKD can expand ligatures into several words or symbols (ﷺ, ½): gluing
    # them keeps one token = one term and keeps terms free of operators.
    return _CLEAN.sub("", normalize_arabic(normalize_latin(word)))


def tokenize(text: str) -> list[Token]:
    """Split text into words with offsets into the ORIGINAL string."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        norm = _norm(m.group())
        if norm:
            out.append(Token(m.group(), m.start(), m.end(), norm))
    return out


# --------------------------------------------------------------------------
# Arabic light stemmer
# --------------------------------------------------------------------------

# Article combinations, longest first, with how many letters to strip; taken
# off when >= 3 letters remain.  "لل" loses only one lam: للجنة is ل + اللجنة
# (the article's lam merged with the root's), so the second lam is left for
# the preposition rule, which keeps it in لجنة and drops it in للنواب → لنواب.
_AR_ARTICLES = (
    ("وبال", 4), ("وكال", 4), ("فبال", 4), ("فكال", 4), ("ولل", 2), ("فلل", 2),
    ("وال", 3), ("فال", 3), ("بال", 3), ("كال", 3), ("لل", 1), ("ال", 2),
)
# Conjunctions need 3 letters left, prepositions 4: ب/ك/ل start many roots
# (بلاد، كتاب، لجنة), و/ف rarely begin a 3-letter word that matters.
_AR_CONJ = frozenset("وف")
_AR_PREP = frozenset("بكل")
_AR_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def _strip_arabic_prefixes(w: str) -> str:
    # Greedy and repeated, so "والبرلمان" and "برلمان" end in the same place.
    while True:
        for p, n in _AR_ARTICLES:
            if w.startswith(p) and len(w) - n >= 3:
                w = w[n:]
                break
        else:
            c = w[:1]
            if (c in _AR_CONJ and len(w) >= 4) or (c in _AR_PREP and len(w) >= 5):
                w = w[1:]
                continue
            return w


_AR_PRONOUN_SUFFIXES = frozenset(("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه", "ي"))


def _strip_arabic_suffixes(w: str) -> str:
    # Repeated until nothing more comes off (keeping >= 3 letters), so that
    # البرلمانية (…ان + يه) lands where البرلمان does.
    stripped = True
    while stripped:
        stripped = False
        for s in _AR_SUFFIXES:
            if w.endswith(s) and len(w) - len(s) >= 3:
                w = w[: -len(s)]
                stripped = True
                # A ta marbuta before a pronoun is written ت (خبرتها، زيارته، حكومتنا):
                # it goes too, so those meet خبرة / زيارة / حكومة.
                if s in _AR_PRONOUN_SUFFIXES and w.endswith("ت") and not w.endswith("ات") and len(w) >= 4:
                    w = w[:-1]
                break
    return w


def _strip_arabic_clitics(w: str) -> str:
    """Proclitics for the stemmer: an article combination when >= 3 letters remain,
    then و/ف and ب/ك/ل greedily, each only when the rest, once its suffixes are off,
    keeps 3 letters (و/ف) or 4 (ب/ك/ل). Judging the rest without its suffixes keeps
    a root's first letter: البشرية → بشر (not شري), like بشري; برلمان → برلم."""
    for p, n in _AR_ARTICLES:
        if w.startswith(p) and len(w) - n >= 3:
            w = w[n:]
            break
    return _strip_conj_prep(w)


def _strip_conj_prep(w: str) -> str:
    # ب/ك/ل also come off when 5 letters follow, whatever their ending: in لتعاون the
    # rest تعاون loses ون to the suffix rules but is still a word of its own.
    while True:
        c, rest = w[:1], w[1:]
        if c in _AR_CONJ and len(_strip_arabic_suffixes(rest)) >= 3:
            w = rest
        elif c in _AR_PREP and (len(rest) >= 5 or len(_strip_arabic_suffixes(rest)) >= 4):
            w = rest
        else:
            return w


def _light_stem(w: str) -> str:
    return _strip_arabic_suffixes(_strip_arabic_clitics(w)) if len(w) > 3 else w


# Broken plurals of words a parliament's records use constantly, mapped to their
# singular's stem (a light stemmer cannot see that لجان is لجنة). Keys and values are
# computed with the stemmer itself, so they stay right if the rules above change.
# Three-letter words are left alone (كتب is also a verb).
_BROKEN_PLURALS_RAW = """
مجالس:مجلس لجان:لجنة موارد:مورد تجارب:تجربة قوانين:قانون مشاريع:مشروع وزراء:وزير
أعضاء:عضو برامج:برنامج أنظمة:نظام مراكز:مركز مناطق:منطقة قضايا:قضية رؤساء:رئيس
وفود:وفد دساتير:دستور أسئلة:سؤال لوائح:لائحة مواد:مادة محاكم:محكمة وثائق:وثيقة
تقارير:تقرير مراسيم:مرسوم قواعد:قاعدة أعمال:عمل أنشطة:نشاط أهداف:هدف مصادر:مصدر
وسائل:وسيلة شعوب:شعب بلدان:بلد عناصر:عنصر جوانب:جانب أمناء:أمين دوائر:دائرة
مقاعد:مقعد أصوات:صوت سفراء:سفير علماء:عالم أطفال:طفل رجال:رجل مواضيع:موضوع
أقاليم:إقليم مبادئ:مبدأ معايير:معيار ميادين:ميدان
"""
_BROKEN_PLURALS = {
    _light_stem(normalize_arabic(pl)): _light_stem(normalize_arabic(sg))
    for pl, sg in (pair.split(":") for pair in _BROKEN_PLURALS_RAW.split())
    if len(normalize_arabic(pl)) > 3
}


@lru_cache(maxsize=200_000)
def stem_arabic(token: str) -> str:
    """Light stem of an Arabic word (normalised first, so any spelling is fine)."""
    w = normalize_arabic(token)
    if len(w) <= 3:
        return w
    stem = _light_stem(w)
    return _BROKEN_PLURALS.get(stem, stem)


_AR_PRONOUNS = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه", "ي")


@lru_cache(maxsize=200_000)
def _is_arabic_stopword(norm: str) -> bool:
    # A stopword with a conjunction in front (وكذلك) or a pronoun behind
    # (خلاله، عليها) is still a stopword; a content word whose *stem* happens
    # to spell one (التحتية → تحت) is not, so we never compare stems here.
    if norm in STOPWORDS_AR:
        return True
    bare = _strip_arabic_prefixes(norm)
    if bare in STOPWORDS_AR:
        return True
    return any(bare.endswith(p) and bare[: -len(p)] in STOPWORDS_AR for p in _AR_PRONOUNS)


# --------------------------------------------------------------------------
# English stemmer
# --------------------------------------------------------------------------

try:
    import snowballstemmer as _snowball
except ImportError:  # pragma: no cover - exercised only without the package
    _snowball = None

if _snowball is not None:
    _EN = _snowball.stemmer("english")

    @lru_cache(maxsize=200_000)
    def stem_english(token: str) -> str:
        """Snowball English (Porter2) stem of a lower-case word."""
        return _EN.stemWord(token.lower())

else:  # pragma: no cover
    _FALLBACK = (("ies", "i"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))

    @lru_cache(maxsize=200_000)
    def stem_english(token: str) -> str:
        """Minimal stemmer used only when ``snowballstemmer`` is missing."""
        w = token.lower()
        for suf, rep in _FALLBACK:
            if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
                return w[: -len(suf)] + rep
        return w


# --------------------------------------------------------------------------
# Analyzer
# --------------------------------------------------------------------------

# Latin-script tokens get English stemming unless the caller says the text is
# in another Latin-script language, which we leave unstemmed (no stemmer is
# better than the wrong one).
_EN_STEM_LANGS = frozenset({None, "en", "ar"})


def _term(tok_text: str, norm: str, lang: str | None) -> str | None:
    if norm.isdigit():
        return norm
    if _AR_FIRST.match(tok_text):
        if _is_arabic_stopword(norm):
            return None
        return stem_arabic(norm)
    if norm in STOPWORDS_EN:
        return None
    if lang in _EN_STEM_LANGS and norm.isascii():
        return stem_english(norm)
    return norm


@lru_cache(maxsize=500_000)
def _word_term(word: str, lang: str | None) -> str | None:
    norm = _norm(word)
    return _term(word, norm, lang) if norm else None


def analyze(text: str, lang: str | None = None) -> list[str]:
    """Index/query terms of ``text``: normalised, stopwords removed, stemmed."""
    # Hot path of indexing: no Token objects, one cached lookup per word
    # (word frequencies are Zipfian, so nearly every lookup is a cache hit).
    return [t for w in _TOKEN_RE.findall(text) if (t := _word_term(w, lang))]


@dataclass
class Query:
    """A parsed user query; every string in it is an analysed term."""

    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.prefixes)


# Straight, curly and angle quotes all delimit phrases; Arabic keyboards
# produce « » and word processors “ ”.
_QUOTES = re.compile('["\u201C\u201D\u201E\u00AB\u00BB\uFF02]')
_PREFIX_MARKS = frozenset("*\uFF0A")


# Beginnings of suffixes the stemmers remove (longest first).
_EN_SUFFIX_STARTS = ("atio", "izat", "ati", "iza", "at", "iz", "iv", "ic", "ou", "io", "e", "i", "y", "a")
_AR_SUFFIX_STARTS = frozenset("اويهكن")


def _arabic_prefix(w: str) -> str:
    """What an index stem of any word starting with `w` starts with.

    The word is cut short, so its suffix cannot be known: its proclitics come off under
    the stemmer's own rules, then trailing letters that can only begin a suffix the
    stemmer drops (البرلما is البرلمان cut inside ان)."""
    for p, n in _AR_ARTICLES:
        if w.startswith(p) and len(w) - n >= 2:
            w = w[n:]
            break
    w = _strip_conj_prep(w)
    while len(w) > 2 and w[-1] in _AR_SUFFIX_STARTS:
        w = w[:-1]
    return w


def _prefix_term(tok: Token) -> str | None:
    # A stemmed index holds "رلم" for "برلمان" and "parliamentari" for
    # "parliamentary": the prefix must be cut back to what the stem keeps.
    if _AR_FIRST.match(tok.text):
        p = _arabic_prefix(tok.norm)
    elif tok.norm.isascii() and not tok.norm.isdigit():
        p = commonprefix([tok.norm, stem_english(tok.norm)])
        # A word cut short is rarely stemmed the way the full word is ("legislat" stays,
        # "legislative" → "legisl"): letters that can only be the start of a suffix the
        # stemmer removes are dropped (a wider, never a narrower, match).
        for start in _EN_SUFFIX_STARTS:
            if p.endswith(start) and len(p) - len(start) >= 4:
                p = p[: -len(start)]
                break
    else:
        p = tok.norm
    return p or None


def _parse_plain(segment: str, q: Query) -> None:
    for tok in tokenize(segment):
        if segment[tok.end : tok.end + 1] in _PREFIX_MARKS:
            p = _prefix_term(tok)
            if p:
                q.prefixes.append(p)
            continue
        t = _term(tok.text, tok.norm, None)
        if t:
            q.terms.append(t)


def analyze_query(text: str) -> Query:
    """Parse a search box string into analysed terms, phrases and prefixes.

    Never raises for any ``str``: operators (AND, OR, NOT, -, +, parentheses,
    NEAR, column filters) are ordinary text, which the analyzer reduces to
    plain terms or stopwords.  Quotes pair up left to right; a last unpaired
    quote is ignored.  A phrase that analyses to a single term becomes a
    term; an empty phrase disappears.
    """
    q = Query()
    if not isinstance(text, str):
        raise TypeError("analyze_query expects a str")
    marks = [m.start() for m in _QUOTES.finditer(text)]
    if len(marks) % 2:
        marks.pop()  # unbalanced: the dangling quote is just punctuation
    pos = 0
    for open_at, close_at in zip(marks[::2], marks[1::2]):
        _parse_plain(text[pos:open_at], q)
        phrase = analyze(text[open_at + 1 : close_at])
        if len(phrase) > 1:
            q.phrases.append(phrase)
        elif phrase:
            q.terms.append(phrase[0])
        pos = close_at + 1
    _parse_plain(text[pos:], q)
    return q

"""Press release → engagements: the offline extractor (rules + the register as gazetteer).

No Arabic NER model installs offline (see shared/research/offline-models.md), and the
entities that matter are a closed, known set, so extraction is:

1. clean the text (diacritics, tatweel, boilerplate such as "Related news"), split it
   into sentences, tokenize with character offsets;
2. find gazetteer entities by longest token match, Arabic clitics (و ف ب ل ك ال) peeled
   off the first token: people, bodies, countries (names and adjectives, ISO alpha-2),
   cities — all from the register, in Arabic and English with their name variants;
3. find people who are not in the register by title patterns (السيد، معالي، سعادة،
   الدكتور، Mr., H.E., Dr. …) and resolve them with the register's cross-script name
   matcher (a callback, so this module stays free of the database);
4. find event triggers (visit, meeting, call, conference, signing, joint committee) and
   dates (Arabic and English month names, Hijri dates with `hijridate`, ISO dates, the
   dateline, relative dates — yesterday, last week, on Monday — resolved against the
   publication date);
5. group triggers into events: a dated trigger starts or completes an event; an undated
   one joins the release's first event of a compatible type (a visit absorbs its
   meetings); every entity goes to the nearest event in its sentence;
6. keep people named in a "mention" context — heads of state whose patronage is
   praised, the Speaker "under whose leadership", "on the directives of" — apart from
   participants.

`extract(text, published=..., gazetteer=...)` is pure and fast (well over 20 releases
per second on one core, see benchmarks/extraction.py). `run(...)` wraps it in the AI
management system: it checks the kill switch, optionally asks an LLM
(`MAJLIS_LLM_URL`), and logs the output with `majlis.ai.governance`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from majlis.text import arabic_to_latin, detect_language, normalize, strip_honorifics

SYSTEM_KEY = "relations.extract"
EXTRACTOR_VERSION = "rules-2026.11.1"
EVENT_TYPES = ("visit", "meeting", "call", "conference", "signing", "joint_committee", "other")

# --------------------------------------------------------------------------------------
# Text preparation
# --------------------------------------------------------------------------------------

_DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
_INVISIBLE = re.compile("[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u061C\u2060\u00AD]")
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_BOILERPLATE = re.compile(
    r"^\s*(related news|related articles|read more|read also|share this|مقالات ذات صلة|اقرأ أيضا|اقرأ أيضاً|أخبار ذات صلة|"
    r"زر الذهاب إلى الأعلى|\d+\s*تعليق)\s*$",
    re.I | re.M,
)
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
_WORD = re.compile(r"[^\W_]+", re.U)


def clean(text: str) -> str:
    text = _INVISIBLE.sub("", text or "")
    text = _DIACRITICS.sub("", text)
    text = text.translate(_EASTERN_DIGITS).replace("\r\n", "\n").replace("\r", "\n")
    match = _BOILERPLATE.search(text)
    if match:  # everything after "Related news" belongs to other articles
        text = text[: match.start()]
    return text.strip()


def _norm_token(token: str) -> str:
    return normalize(token).replace(" ", "")


_CLITICS_1 = ("و", "ف")
_CLITICS_2 = ("ب", "ل", "ك")


def token_forms(token: str) -> list[str]:
    """The normalized token and its forms with Arabic proclitics peeled off."""
    t = _norm_token(token)
    forms = [t]
    if len(t) > 3 and t[0] in _CLITICS_1:
        forms.append(t[1:])
    for f in list(forms):
        if len(f) > 3 and f[0] in _CLITICS_2:
            forms.append(f[1:])
            if f.startswith("لل"):
                forms.append("ال" + f[2:])
    for f in list(forms):  # the article itself, for gazetteer names written without it
        if len(f) > 4 and f.startswith("ال"):
            forms.append(f[2:])
    return forms


@dataclass
class Tok:
    text: str
    norm: str
    start: int
    end: int
    forms: list[str]


def tokenize(text: str) -> list[Tok]:
    out = []
    for m in _WORD.finditer(text):
        t = m.group(0)
        out.append(Tok(t, _norm_token(t), m.start(), m.end(), token_forms(t)))
    return out


# --------------------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------------------

# Country names and adjectives beyond the register (ISO 3166-1 alpha-2).
COUNTRY_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BH": (("البحرين", "مملكة البحرين", "البحرينية", "البحريني", "البحرينيين"), ("Bahrain", "Kingdom of Bahrain", "Bahraini", "Bahrainis")),
    "AZ": (("أذربيجان", "جمهورية أذربيجان", "الأذربيجانية", "الأذربيجاني", "أذربيجاني", "اذربيجان", "الأذري", "الأذرية"),
           ("Azerbaijan", "Republic of Azerbaijan", "Azerbaijani", "Azerbaijanis", "Azeri")),
    "QA": (("قطر", "دولة قطر", "القطرية", "القطري"), ("Qatar", "State of Qatar", "Qatari")),
    "CH": (("سويسرا", "السويسرية", "السويسري"), ("Switzerland", "Swiss")),
    "MA": (("المغرب", "المملكة المغربية", "المغربية", "المغربي"), ("Morocco", "Kingdom of Morocco", "Moroccan")),
    "SA": (("السعودية", "المملكة العربية السعودية", "السعودي"), ("Saudi Arabia", "Saudi")),
    "AE": (("الإمارات", "الإمارات العربية المتحدة", "الإماراتي", "الإماراتية"), ("United Arab Emirates", "UAE", "Emirati")),
    "KW": (("الكويت", "دولة الكويت", "الكويتي", "الكويتية"), ("Kuwait", "Kuwaiti")),
    "OM": (("عمان", "سلطنة عمان", "العماني", "العمانية"), ("Oman", "Omani")),
    "EG": (("مصر", "جمهورية مصر العربية", "المصري", "المصرية"), ("Egypt", "Egyptian")),
    "JO": (("الأردن", "المملكة الأردنية الهاشمية", "الأردني", "الأردنية"), ("Jordan", "Jordanian")),
    "TR": (("تركيا", "التركي", "التركية"), ("Turkey", "Türkiye", "Turkish")),
    "GB": (("المملكة المتحدة", "بريطانيا", "البريطاني", "البريطانية"), ("United Kingdom", "Britain", "British", "UK")),
    "US": (("الولايات المتحدة", "الأمريكي", "الأمريكية"), ("United States", "USA", "American")),
    "FR": (("فرنسا", "الفرنسي", "الفرنسية"), ("France", "French")),
    "DE": (("ألمانيا", "الألماني", "الألمانية"), ("Germany", "German")),
    "RU": (("روسيا", "الروسي", "الروسية"), ("Russia", "Russian")),
    "CN": (("الصين", "الصيني", "الصينية"), ("China", "Chinese")),
    "JP": (("اليابان", "الياباني", "اليابانية"), ("Japan", "Japanese")),
    "IN": (("الهند", "الهندي", "الهندية"), ("India", "Indian")),
    "PK": (("باكستان", "الباكستاني", "الباكستانية"), ("Pakistan", "Pakistani")),
    "UZ": (("أوزبكستان", "الأوزبكي", "الأوزبكية"), ("Uzbekistan", "Uzbek")),
    "KZ": (("كازاخستان", "الكازاخي", "الكازاخية"), ("Kazakhstan", "Kazakh")),
    "GE": (("جورجيا", "الجورجي", "الجورجية"), ("Georgia", "Georgian")),
    "IT": (("إيطاليا", "الإيطالي", "الإيطالية"), ("Italy", "Italian")),
    "ES": (("إسبانيا", "الإسباني", "الإسبانية"), ("Spain", "Spanish")),
    "KR": (("كوريا الجنوبية", "الكوري", "الكورية"), ("South Korea", "Republic of Korea", "Korean")),
    "IQ": (("العراق", "العراقي", "العراقية"), ("Iraq", "Iraqi")),
    "LB": (("لبنان", "اللبناني", "اللبنانية"), ("Lebanon", "Lebanese")),
    "TN": (("تونس", "التونسي", "التونسية"), ("Tunisia", "Tunisian")),
    "DZ": (("الجزائر", "الجزائري", "الجزائرية"), ("Algeria", "Algerian")),
}


# Capitals and major cities beyond the register (Arabic, English, ISO country).
CITY_WORDS: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
    (("المنامة",), ("Manama",), "BH"), (("باكو",), ("Baku",), "AZ"), (("الدوحة",), ("Doha",), "QA"), (("جنيف",), ("Geneva",), "CH"),
    (("الرباط",), ("Rabat",), "MA"), (("الرياض",), ("Riyadh",), "SA"), (("أبوظبي", "أبو ظبي"), ("Abu Dhabi",), "AE"),
    (("دبي",), ("Dubai",), "AE"), (("مسقط",), ("Muscat",), "OM"), (("القاهرة",), ("Cairo",), "EG"), ((), ("Amman",), "JO"),
    (("أنقرة",), ("Ankara",), "TR"), (("إسطنبول", "اسطنبول"), ("Istanbul",), "TR"), (("لندن",), ("London",), "GB"),
    (("واشنطن",), ("Washington",), "US"), (("نيويورك",), ("New York",), "US"), (("باريس",), ("Paris",), "FR"), (("برلين",), ("Berlin",), "DE"),
    (("موسكو",), ("Moscow",), "RU"), (("بكين",), ("Beijing",), "CN"), (("طوكيو",), ("Tokyo",), "JP"), (("نيودلهي",), ("New Delhi",), "IN"),
    (("طشقند",), ("Tashkent",), "UZ"), (("أستانا",), ("Astana",), "KZ"), (("تبليسي",), ("Tbilisi",), "GE"), (("روما",), ("Rome",), "IT"),
    (("مدريد",), ("Madrid",), "ES"), (("سيول",), ("Seoul",), "KR"), (("بغداد",), ("Baghdad",), "IQ"), (("بيروت",), ("Beirut",), "LB"),
    (("تونس العاصمة",), ("Tunis",), "TN"), (("الجزائر العاصمة",), ("Algiers",), "DZ"), (("الكويت العاصمة",), ("Kuwait City",), "KW"),
    (("شوشا",), ("Shusha",), "AZ"), (("بروكسل",), ("Brussels",), "BE"), (("فيينا",), ("Vienna",), "AT"),
]


@dataclass
class Entry:
    kind: str  # person | org | country | city
    id: int | None
    code: str = ""  # country code (the country's, or the person's / body's / city's)
    name_ar: str = ""
    name_en: str = ""
    org_id: int | None = None  # a person's primary body
    org_name_ar: str = ""
    org_name_en: str = ""
    title_ar: str = ""
    title_en: str = ""
    classification: str = ""

    def name(self, lang: str) -> str:
        return (self.name_ar or self.name_en) if lang == "ar" else (self.name_en or self.name_ar)


@dataclass
class Gazetteer:
    """Names → entries, indexed by the first normalized token."""

    index: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)
    people: dict[int, Entry] = field(default_factory=dict)
    orgs: dict[int, Entry] = field(default_factory=dict)
    max_len: int = 1

    def add(self, surface: str, entry: Entry) -> None:
        words = tuple(_norm_token(w) for w in _WORD.findall(clean(surface)))
        if not words:
            return
        bucket = self.index.setdefault(words[0], [])
        if any(w == words and e.kind == entry.kind and e.id == entry.id and e.code == entry.code for w, e in bucket):
            return
        bucket.append((words, entry))
        bucket.sort(key=lambda we: -len(we[0]))
        self.max_len = max(self.max_len, len(words))
        if entry.kind == "person" and entry.id is not None:
            self.people[entry.id] = entry
        if entry.kind == "org" and entry.id is not None:
            self.orgs[entry.id] = entry

    def find(self, toks: list[Tok]) -> list[tuple[int, int, Entry]]:
        """Longest non-overlapping matches: (first token index, end index, entry)."""
        out = []
        i, n = 0, len(toks)
        while i < n:
            best = None
            for form in toks[i].forms:
                for words, entry in self.index.get(form, ()):
                    k = len(words)
                    if i + k > n or (best is not None and k <= best[1] - i):
                        continue
                    if all(words[j] in toks[i + j].forms if j == 0 else words[j] == toks[i + j].norm for j in range(1, k)) or k == 1:
                        best = (i, i + k, entry)
                        break
            if best is not None:
                out.append(best)
                i = best[1]
            else:
                i += 1
        return out

    @classmethod
    def static(cls) -> "Gazetteer":
        g = cls()
        for code, (ar, en) in COUNTRY_WORDS.items():
            entry = Entry("country", None, code=code, name_ar=ar[0], name_en=en[0])
            for s in ar + en:
                g.add(s, entry)
        for ar, en, code in CITY_WORDS:
            entry = Entry("city", None, code=code, name_ar=ar[0] if ar else "", name_en=en[0])
            for s in ar + en:
                g.add(s, entry)
        return g


def build_gazetteer() -> Gazetteer:
    """The register as a gazetteer: people, bodies, posts, countries and cities, both scripts."""
    from majlis.core.models import Area, Membership, NameVariant, Organization, Person

    g = Gazetteer.static()
    countries = {a.pk: a for a in Area.objects.filter(kind="country")}
    for a in countries.values():
        if a.code:
            known = COUNTRY_WORDS.get(a.code, ((), ()))
            entry = Entry("country", a.pk, code=a.code, name_ar=known[0][0] if known[0] else a.name_ar, name_en=known[1][0] if known[1] else a.name_en)
            for s in (a.name_ar, a.name_en):
                if s:
                    g.add(s, entry)
    for c in Area.objects.filter(kind="city").select_related("parent"):
        entry = Entry("city", c.pk, code=c.parent.code if c.parent_id and c.parent else "", name_ar=c.name_ar, name_en=c.name_en)
        for s in (c.name_ar, c.name_en):
            if s:
                g.add(s, entry)
    org_variants: dict[int, list[str]] = {}
    person_variants: dict[int, list[str]] = {}
    for v in NameVariant.objects.values("person_id", "organization_id", "name"):
        if v["person_id"]:
            person_variants.setdefault(v["person_id"], []).append(v["name"])
        else:
            org_variants.setdefault(v["organization_id"], []).append(v["name"])
    orgs = {}
    for o in Organization.objects.select_related("country"):
        entry = Entry("org", o.pk, code=o.country.code if o.country_id else "", name_ar=o.name_ar, name_en=o.name_en, classification=o.classification)
        orgs[o.pk] = entry
        for s in [o.name_ar, o.name_en, o.abbreviation] + org_variants.get(o.pk, []):
            if s and len(s) > 2:
                g.add(s, entry)
    primary: dict[int, Membership] = {}
    for m in Membership.objects.select_related("post", "organization").filter(end_date__isnull=True).order_by("-post_id", "id"):
        primary.setdefault(m.person_id, m)
    for p in Person.objects.select_related("country"):
        m = primary.get(p.pk)
        org = orgs.get(m.organization_id) if m else None
        title_ar = (m.post.name_ar if m and m.post_id else (m.role_ar if m else "")) or ""
        title_en = (m.post.name_en if m and m.post_id else (m.role_en if m else "")) or ""
        entry = Entry(
            "person", p.pk, code=p.country.code if p.country_id else (org.code if org and org.classification != "international_organization" else ""), name_ar=p.name_ar, name_en=p.name_en,
            org_id=org.id if org else None, org_name_ar=org.name_ar if org else "", org_name_en=org.name_en if org else "",
            title_ar=title_ar, title_en=title_en,
        )
        for s in [p.name_ar, p.name_en] + person_variants.get(p.pk, []):
            if s and len(_WORD.findall(s)) >= 1 and len(s) > 3:
                g.add(s, entry)
    return g


_CACHE: dict[str, object] = {}


def register_gazetteer() -> Gazetteer:
    """The gazetteer, rebuilt when the register changes (cheap fingerprint query)."""
    from django.db.models import Count, Max

    from majlis.core.models import Area, NameVariant, Organization, Person

    stamp = (
        tuple(Person.objects.aggregate(n=Count("id"), u=Max("updated")).values())
        + tuple(Organization.objects.aggregate(n=Count("id"), u=Max("updated")).values())
        + (NameVariant.objects.count(), Area.objects.count())
    )
    if _CACHE.get("stamp") != stamp:
        _CACHE["gazetteer"] = build_gazetteer()
        _CACHE["stamp"] = stamp
    return _CACHE["gazetteer"]  # type: ignore[return-value]


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------

MONTHS_AR = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "نيسان": 4,
    "مايو": 5, "أيار": 5, "يونيو": 6, "يونيه": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7, "تموز": 7, "أغسطس": 8, "اغسطس": 8, "آب": 8,
    "سبتمبر": 9, "أيلول": 9, "أكتوبر": 10, "اكتوبر": 10, "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الأول": 12,
}
MONTHS_EN = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTHS_EN.update({m[:3]: i for m, i in list(MONTHS_EN.items())})
MONTHS_EN["sept"] = 9
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5, "جمادى الاولى": 5,
    "جمادى الآخرة": 6, "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11,
    "ذو الحجة": 12, "ذي الحجة": 12,
}
WEEKDAYS_AR = {"الإثنين": 0, "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6}
WEEKDAYS_EN = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_AR_MONTH = _alt(MONTHS_AR)
_H_MONTH = _alt(HIJRI_MONTHS)
_EN_MONTH = _alt(MONTHS_EN)
_DATE_PATTERNS = [
    ("hijri", re.compile(rf"\b(\d{{1,2}})\s+(?:من\s+)?({_H_MONTH})\s+(?:عام\s+|سنة\s+)?(1[34]\d\d)\s*(?:هـ|ه\b|للهجرة)?")),
    ("ar", re.compile(rf"\b(\d{{1,2}})(?:\s*(?:إلى|الى|حتى|-|–|و)\s*\d{{1,2}})?\s+(?:من\s+)?(?:شهر\s+)?({_AR_MONTH})(?:\s*(?:من\s+)?(?:عام|سنة)?\s*(\d{{4}}))?")),
    ("en_dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?({_EN_MONTH})\.?(?:,?\s+(\d{{4}}))?", re.I)),
    ("en_mdy", re.compile(rf"\b({_EN_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", re.I)),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")),
]
_MONTH_ONLY = re.compile(rf"(?:\bفي\s+)?(?:شهر\s+)?({_AR_MONTH})\s+(الماضي|المنصرم|المقبل|القادم)|\b(last|next)\s+({_EN_MONTH})\b", re.I)
_RELATIVE = [
    (re.compile(r"\bأمس\b|بالأمس|\byesterday\b", re.I), -1),
    (re.compile(r"\bأول\s+أمس\b|the day before yesterday", re.I), -2),
    (re.compile(r"قبل\s+يوم\s+واحد", re.I), -1),
    (re.compile(r"\bاليوم\b|\btoday\b|\bthis morning\b|صباح اليوم|مساء اليوم", re.I), 0),
    (re.compile(r"\bغدا\b|\bغداً\b|\btomorrow\b", re.I), 1),
    (re.compile(r"الأسبوع\s+(?:القادم|المقبل)|\bnext week\b", re.I), 7),
    (re.compile(r"الأسبوع\s+(?:الماضي|المنصرم|الفائت)|\blast week\b", re.I), -7),
]
_WEEKDAY = re.compile(rf"(?:يوم\s+)?({_alt(WEEKDAYS_AR)})(?:\s+(الماضي|المقبل|القادم))?|\b(?:on\s+|last\s+|next\s+)({_alt(WEEKDAYS_EN)})\b", re.I)
_FUTURE = re.compile(r"سوف|سي[تي]?\w+|من المقرر|المقبل|القادم|\bwill\b|\bnext\b|\bupcoming\b|\bscheduled\b", re.I)


@dataclass
class DateHit:
    date: dt.date | None
    start: int
    end: int
    kind: str  # explicit | relative | month
    text: str


def _infer_year(month: int, day: int, published: dt.date, future_hint: bool) -> dt.date | None:
    try:
        d = dt.date(published.year, month, day)
    except ValueError:
        return None
    if not future_hint and d > published + dt.timedelta(days=60):
        d = d.replace(year=published.year - 1)
    elif future_hint and d < published - dt.timedelta(days=180):
        d = d.replace(year=published.year + 1)
    return d


def find_dates(text: str, published: dt.date) -> list[DateHit]:
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            d = None
            try:
                if kind == "hijri":
                    from hijridate import Hijri

                    key = re.sub(r"\s+", " ", m.group(2))
                    d = Hijri(int(m.group(3)), HIJRI_MONTHS[key], int(m.group(1))).to_gregorian()
                    d = dt.date(d.year, d.month, d.day)
                elif kind == "ar":
                    month = MONTHS_AR[re.sub(r"\s+", " ", m.group(2))]
                    day = int(m.group(1))
                    if m.group(3):
                        d = dt.date(int(m.group(3)), month, day)
                    else:
                        d = _infer_year(month, day, published, bool(_FUTURE.search(text[m.end(): m.end() + 25])))
                elif kind in ("en_dmy", "en_mdy"):
                    day, mon = (m.group(1), m.group(2)) if kind == "en_dmy" else (m.group(2), m.group(1))
                    month = MONTHS_EN[mon.lower().rstrip(".")]
                    if m.group(3):
                        d = dt.date(int(m.group(3)), month, int(day))
                    else:
                        d = _infer_year(month, int(day), published, False)
                elif kind == "iso":
                    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                elif kind == "dmy":
                    d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except (ValueError, KeyError, OverflowError):
                d = None
            if d is None or not (1900 <= d.year <= 2200):
                continue
            hits.append(DateHit(d, m.start(), m.end(), "explicit", m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _MONTH_ONLY.finditer(text):
        if free(m.start(), m.end()):
            hits.append(DateHit(None, m.start(), m.end(), "month", m.group(0)))
            taken.append((m.start(), m.end()))
    for rx, delta in _RELATIVE:
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                hits.append(DateHit(published + dt.timedelta(days=delta), m.start(), m.end(), "relative", m.group(0)))
                taken.append((m.start(), m.end()))
    for m in _WEEKDAY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if m.group(1):
            wd = WEEKDAYS_AR[m.group(1)]
            future = m.group(2) in ("المقبل", "القادم")
        else:
            wd = WEEKDAYS_EN[m.group(3).lower()]
            future = m.group(0).lower().startswith("next")
        if future:
            d = published + dt.timedelta(days=(wd - published.weekday()) % 7 or 7)
        else:
            d = published - dt.timedelta(days=(published.weekday() - wd) % 7)
        hits.append(DateHit(d, m.start(), m.end(), "relative", m.group(0)))
        taken.append((m.start(), m.end()))
    explicit = [h for h in hits if h.kind == "explicit"]
    hits = [h for h in hits if h.kind != "relative" or not any(abs(h.start - e.start) < 40 for e in explicit)]
    hits.sort(key=lambda h: h.start)
    return hits


# --------------------------------------------------------------------------------------
# Triggers, titles, contexts
# --------------------------------------------------------------------------------------

_TRIGGERS: list[tuple[str, re.Pattern]] = [
    ("call", re.compile(r"اتصال\w*\s+هاتفي\w*|هاتفيا|افتراضي\w*|الاتصال المرئي|تقنية الاتصال|عن بعد|phone call|telephone|video\s*conferenc\w*|videoconferenc\w*|virtual(?:ly)?\s+meeting|\bonline meeting", re.I)),
    ("signing", re.compile(r"\bوقع\w*|\bوقّع\w*|توقيع|مذكرة تفاهم|\bsign(?:ed|ing)\b|memorandum of understanding|\bMoU\b", re.I)),
    ("joint_committee", re.compile(r"(?:اللجنة|للجنة|لجنة)(?:\s+\S+){0,5}?\s+(?:ال)?مشتركة|joint (?:committee|commission)|intergovernmental commission", re.I)),
    ("conference", re.compile(r"المؤتمر\w*|مؤتمر\w*|المنتدى|منتدى|القمة|قمة|الجمعية العامة|أعمال الدورة|conference|forum\b|summit\b|\bassembly\b|general assembly", re.I)),
    ("visit", re.compile(r"زيار\w*|يزور|تزور|\bزار\b|\bوفد\w*|الوفد\w*|visit\w*|delegation", re.I)),
    ("meeting", re.compile(r"\b[وف]?التق[ىي](?:ا|ت|وا|اه)?\b|\bيلتقي|\b[وف]?اجتمع(?:ت|وا|ا)?\b|\b(?:ال|و|ب|ل|خلال)?(?:لقاء|اللقاء|اجتماع|الاجتماع)(?:ا|ات|اتها|ها|ه|هما|هم)?\b|\b[وف]?(?:ال)?لقاءات?\b|المشاورات|مشاورات|مباحثات|المباحثات|استقبل\w*|\bmet\b|\bmeets?\b|meeting|talks\b|consultations|\breceived\b|chaired", re.I)),
]
_COMPATIBLE = {("visit", "meeting"), ("meeting", "visit"), ("meeting", "meeting"), ("visit", "visit")}
_TYPE_RANK = {"call": 6, "signing": 5, "joint_committee": 4, "conference": 3, "visit": 2, "meeting": 1, "other": 0}

# A person named right after one of these is mentioned, not a participant.
_MENTION_BEFORE = re.compile(
    r"(?:برئاسة|رعاية|برعاية|توجيهات|لتوجيهات|بتوجيهات|بفضل|قيادة|بقيادة|اهتمام من|عهد|"
    r"\bunder the (?:leadership|patronage|auspices|guidance) of|\bon the (?:directives|instructions) of|\bthanks to|\bled by President|"
    r"جلالة الملك|صاحب الجلالة|فخامة الرئيس|سمو|\bHis Majesty|\bHer Majesty|\bHis Highness|\bKing\b|\bEmir\b|\bPresident\b(?! of the (?:Council|Senate|Parliament|Assembly|National Assembly|Chamber)))"
    r"[\s\w.,،\"'”“()-]{0,40}$",
    re.I,
)
_HEAD_OF_STATE = re.compile(r"(?:صاحب الجلالة|جلالة الملك|فخامة الرئيس|سمو الأمير|His Majesty|His Highness|H\.M\.)\s*[\w\s]{0,12}$", re.I)
# Sentences that describe plans or recurring events, not an event that took place.
_SIDELINES = re.compile(r"على هامش|on the sidelines of|on the margins of", re.I)
_SIDELINES_OF = re.compile(r"(?:على هامش|on the sidelines of|on the margins of)\s+(?:the\s+)?\S+", re.I)
_DELEGATION = re.compile(r"\bوفد\w*|الوفد\w*|delegation", re.I)
_GENERIC = re.compile(r"سيشهد تنفيذ|ينعقد كل|كل سنتين|كل عام|سنويا|سنوياً|\bannual(?:ly)?\b|every (?:two )?years?|\bwill host\b", re.I)

TITLE_WORDS_AR = ("السيد", "السيدة", "معالي", "سعادة", "فخامة", "سمو", "الدكتور", "الدكتورة", "المهندس", "المهندسة", "الأستاذ", "الأستاذة",
                  "الشيخ", "الشيخة", "السفير", "السفيرة", "النائب", "النائبة")
TITLE_WORDS_EN = ("Mr", "Mrs", "Ms", "Dr", "H.E", "HE", "Eng", "Prof", "Ambassador", "Sheikh", "Shaikh", "Sheikha", "Speaker", "Minister", "Senator", "Deputy")
_TITLE_AR = re.compile(rf"(?:^|[\s،,(\"“])(?:[وفب]|بال|وال)?({_alt(TITLE_WORDS_AR)})\s+((?:[\"“«]?[\u0621-\u064A]+[\"”»]?\s*){{2,5}})")
_TITLE_EN = re.compile(rf"\b({_alt(TITLE_WORDS_EN)})\.?\s+((?:(?:[A-Z][\w’'-]+|bin|bint|al|Al|de|van|von)\s*){{2,5}})")
# Words that end a name written after a title.
_NAME_STOP_AR = {
    "رئيس", "رئيسة", "نائب", "الأمين", "الامين", "أمين", "وزير", "وزيرة", "سفير", "سفيرة", "المدير", "مدير", "عضو", "الوزير", "السفير",
    "مستشار", "المستشار", "رئيسه", "حفظه", "على", "في", "من", "إلى", "مع", "عن", "الذي", "التي", "وعدد", "وزير", "ممثل", "والوفد", "الأمينة",
    "ملك", "رئيس", "المعظم", "حيث", "كما", "خلال", "بين", "لدى", "عن", "أن", "إن", "مدير",
}
_NAME_STOP_EN = {"of", "the", "and", "Chief", "Speaker", "Secretary", "Deputy", "Minister", "Ambassador", "President", "Chair", "Chairman", "Head",
                 "Director", "Member", "Members", "On", "In", "At", "During", "With", "He", "She"}


def _name_from_title_match(raw: str, lang: str) -> str:
    words = raw.replace("\"", " ").replace("“", " ").replace("”", " ").replace("«", " ").replace("»", " ").split()
    titles = set(TITLE_WORDS_AR) | {t.rstrip(".") for t in TITLE_WORDS_EN} | {"H.E."}
    while words and (words[0] in titles or words[0].rstrip(".") in titles):
        words = words[1:]
    out = []
    for w in words:
        if lang == "ar":
            if w in _NAME_STOP_AR or (out and w.startswith(("و", "ب")) and _norm_token(w[1:]) in {_norm_token(s) for s in _NAME_STOP_AR}):
                break
        else:
            if w in _NAME_STOP_EN:
                break
        out.append(w.strip(",.،"))
        if w.endswith((",", "،", ".")):
            break
    return " ".join(out)


# Titles written next to a name (for the participant's "title").
_ROLE_AR = re.compile(
    r"^[\s،,]*((?:نائب(?:ة)?\s+)?(?:الأمين العام|الأمينة العامة|أمين عام|رئيس(?:ة)?|وزير(?:ة)?|سفير(?:ة)?|المدير العام|مدير(?:ة)?|عضو|مستشار(?:ة)?|نائب(?:ة)?)"
    r"[^،,.\n\"“”]{0,90})"
)
_ROLE_AR_BEFORE = re.compile(
    r"((?:نائب(?:ة)?\s+)?(?:الأمين العام|الأمينة العامة|رئيس(?:ة)?|وزير(?:ة)?|سفير(?:ة)?|المدير العام|مدير(?:ة)?|عضو|مستشار(?:ة)?)"
    r"[^،,.\n\"“”]{0,90}?)\s+(?:السيد|السيدة|معالي|سعادة|الدكتور|المهندس)?\s*$"
)
_ROLE_EN = re.compile(
    r"^\s*,\s*((?:the\s+)?(?:Deputy\s+|Vice\s+)?(?:Chief of Staff|Secretary[- ]General|Speaker|President|Chair(?:man|woman|person)?|Minister|Ambassador|Director[- ]General|Director|Head|Member|Deputy Minister|Deputy Chief of Staff)[^,.;\n]{0,90})",
)
_ROLE_EN_BEFORE = re.compile(
    r"((?:[A-Z][\w’']+\s+)?(?:Deputy\s+|Vice\s+)?(?:Chief of Staff|Secretary[- ]General|Speaker|President|Chair(?:man|woman)?|Minister|Ambassador|Director[- ]General|Head)(?:\s+of\s+[^,.;\n]{0,80})?),?\s*(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|H\.E\.?)?\s*$"
)

# --------------------------------------------------------------------------------------
# Topics and outcomes
# --------------------------------------------------------------------------------------

TOPICS: dict[str, tuple[str, str, re.Pattern]] = {
    "parliamentary_cooperation": ("التعاون البرلماني", "parliamentary cooperation", re.compile(r"التعاون البرلماني|التنسيق البرلماني|العمل البرلماني المشترك|البرلمانية|interparliamentary|parliamentary (?:cooperation|coordination|dialogue|administrations|affairs)", re.I)),
    "digital_transformation": ("التحول الرقمي", "digital transformation", re.compile(r"التحول الرقمي|الرقمنة|الرقمية|الأنظمة المعلوماتية|الأنظمة الإلكترونية|digital|information technolog", re.I)),
    "artificial_intelligence": ("الذكاء الاصطناعي", "artificial intelligence", re.compile(r"الذكاء الاصطناعي|artificial intelligence|\bAI\b", re.I)),
    "green_parliament": ("البرلمان الأخضر والاستدامة", "green parliament and sustainability", re.compile(r"البرلمان الأخضر|الاستدامة البيئية|الإدارة البيئية|تغير المناخ|المناخ|green parliament|sustainab|climate", re.I)),
    "human_resources": ("الموارد البشرية", "human resources", re.compile(r"الموارد البشرية|human resources", re.I)),
    "economic_cooperation": ("التعاون الاقتصادي والتجاري", "economic and trade cooperation", re.compile(r"الاقتصادي|الاقتصادية|التجارية|التجاري|الاستثمار|economic|trade|investment", re.I)),
    "culture_education": ("التربية والعلوم والثقافة", "education, science and culture", re.compile(r"التربية|العلوم|الثقاف|التعليم|education|cultur|scien", re.I)),
    "diplomatic_relations": ("العلاقات الدبلوماسية", "diplomatic relations", re.compile(r"العلاقات الدبلوماسية|diplomatic relations|الذكرى\s+\S+\s+لإقامة العلاقات|المشاورات السياسية|political consultations", re.I)),
    "legislation": ("العمل التشريعي", "legislative work", re.compile(r"العمل التشريعي|العملية التشريعية|التشريعية|legislative process|legislative efficiency", re.I)),
}

_OUTCOME = re.compile(
    r"(?:تم|جرى)\s+الاتفاق|\bو?اتفق\s+(?:الجانبان\s+)?على|اتفق\s+الجانبان|اتفقا|وقع الجانبان|تم التوقيع|أسفر|أسفرت|التوصيات|تشكيل|"
    r"\bagreed\b|\bsigned\b|\bresolved to\b|\brecommendations?\b|will (?:set up|establish|exchange|hold|send)|decided to",
    re.I,
)

_ANNIVERSARY = re.compile(
    r"(?:الذكرى\s+(\S+)\s+لإقامة\s+العلاقات\s+الدبلوماسية)|(?:(\d+)(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+establishment\s+of\s+)?diplomatic\s+relations)",
    re.I,
)
_ORDINALS_AR = {"الأولى": 1, "الخامسة": 5, "العاشرة": 10, "الخامسة عشرة": 15, "العشرين": 20, "العشرون": 20, "الخامسة والعشرين": 25, "الثلاثين": 30,
                "الثلاثون": 30, "الأربعين": 40, "الخمسين": 50, "الستين": 60}
_YEAR_NEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b|العام المقبل|العام القادم|next year|العام الجاري|هذا العام|this year", re.I)


# --------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------

@dataclass
class Person:
    name: str
    name_en: str = ""
    title: str = ""
    organization: str = ""
    country: str | None = None
    person_id: int | None = None

    def as_json(self) -> dict:
        return {"name": self.name, "name_en": self.name_en, "title": self.title, "organization": self.organization,
                "country": self.country, "person_id": self.person_id}


@dataclass
class Event:
    type: str = "other"
    date: dt.date | None = None
    date_source: str = ""  # explicit | relative | dateline | published | month | none
    places: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    participants: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "type": self.type, "date": self.date.isoformat() if self.date else None, "places": list(self.places),
            "countries": list(self.countries), "participants": [p.as_json() for p in self.participants],
            "organizations": list(self.organizations), "topics": list(self.topics), "outcomes": list(self.outcomes),
        }


@dataclass
class Extraction:
    language: str
    events: list[Event]
    mentioned: list[Person]
    method: str = "rules"
    milestones: list[dict] = field(default_factory=list)
    title: str = ""

    def as_json(self) -> dict:
        """Exactly the documented shape (for `majlis relations extract --json`)."""
        return {"language": self.language, "events": [e.as_json() for e in self.events],
                "mentioned": [p.as_json() for p in self.mentioned], "method": self.method}

    def as_stored(self) -> dict:
        data = self.as_json()
        data["milestones"] = self.milestones
        data["title"] = self.title
        return data


# --------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------

@dataclass
class _Site:
    type: str
    pos: int
    date: DateHit | None = None
    weak: bool = False  # "وفد" / "delegation": a visit only when nothing else happens in the sentence


@dataclass
class _Draft:
    type: str
    date: dt.date | None
    date_source: str
    first: bool = False
    places: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)
    participants: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)
    outcomes: list = field(default_factory=list)


_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Eng|Prof|Amb|St|No|Gen|Col|Sr|Jr|vs|etc|e\.g|i\.e)|\b[A-Z](?:\.[A-Z])*|\bH\.E|\bH\.H|\bH\.M|\bد|\bم|\bأ)\.$")


def _sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _SENTENCE_END.split(text):
        idx = text.find(part, pos)
        pos = idx + len(part)
        if not part.strip():
            continue
        if out and _ABBREVIATION.search(out[-1][1].rstrip()) and "\n" not in text[out[-1][0] + len(out[-1][1]): idx]:
            start = out[-1][0]
            out[-1] = (start, text[start: idx + len(part)])
            continue
        out.append((idx, part))
    return out


_NOT_TRIGGER = re.compile(r"(?:establish\w*|set(?:ting)? up|form\w*|creat\w*)\s+(?:a\s+|the\s+)?joint (?:committee|commission)|(?:تشكيل|إنشاء|تأسيس)\s+(?:ال)?لجنة\s+(?:\S+\s+){0,3}?(?:ال)?مشتركة|تبادل\s+(?:ال)?زيارات|exchange of visits|exchanges of visits|visits between|تبادل الوفود|اللقاءات المقبلة", re.I)


def _triggers(sentence: str) -> list[_Site]:
    sentence = _NOT_TRIGGER.sub(lambda m: " " * len(m.group(0)), sentence)
    sentence = _SIDELINES_OF.sub(lambda m: " " * len(m.group(0)), sentence)
    sites = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _TRIGGERS:
        for m in rx.finditer(sentence):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            sites.append(_Site(kind, m.start(), weak=kind == "visit" and bool(_DELEGATION.fullmatch(m.group(0)))))
    if any(not s.weak for s in sites):
        sites = [s for s in sites if not s.weak]
    sites.sort(key=lambda s: s.pos)
    return sites


def _assign_dates(sites: list[_Site], dates: list[DateHit]) -> None:
    pairs = sorted(((abs(d.start - s.pos), i, j) for i, s in enumerate(sites) for j, d in enumerate(dates)), key=lambda p: p[0])
    used_s, used_d = set(), set()
    for _dist, i, j in pairs:
        if i in used_s or j in used_d:
            continue
        sites[i].date = dates[j]
        used_s.add(i)
        used_d.add(j)


_SPECIFIC = {"call", "signing", "joint_committee", "conference"}


def _merge_sites(sites: list[_Site]) -> list[_Site]:
    """Within one sentence, undated triggers join a compatible neighbour; a "meeting"
    right next to a specific trigger ("اجتماع اللجنة المشتركة", "virtual meeting") is that."""
    if not sites:
        return []
    kept = []
    for s in sites:
        if s.type == "meeting":
            near = [o for o in sites if o.type in _SPECIFIC and abs(o.pos - s.pos) <= 60]
            if near:
                o = min(near, key=lambda o: abs(o.pos - s.pos))
                if o.date is None and s.date is not None:
                    o.date = s.date
                if s.date is None or o.date is s.date:
                    continue
        kept.append(s)
    sites = kept
    out: list[_Site] = []
    for s in sites:
        target = None
        for o in reversed(out):
            if (o.type, s.type) in _COMPATIBLE or o.type == s.type:
                if o.date is None or s.date is None:
                    target = o
                break
        if target is None and s.date is None:
            for o in out:
                if (o.type, s.type) in _COMPATIBLE or o.type == s.type:
                    target = o
                    break
        if target is not None:
            if s.date is not None:
                target.date = s.date
            if _TYPE_RANK[s.type] > _TYPE_RANK[target.type] and (target.type, s.type) in _COMPATIBLE:
                target.type = s.type
            continue
        out.append(s)
    return out


def _person_from_entry(entry: Entry, surface: str, lang: str, title: str) -> Person:
    return Person(
        name=surface, name_en=entry.name_en or arabic_to_latin(entry.name_ar), title=title or (entry.title_ar if lang == "ar" else entry.title_en),
        organization=(entry.org_name_ar or entry.org_name_en) if lang == "ar" else (entry.org_name_en or entry.org_name_ar),
        country=entry.code or None, person_id=entry.id,
    )


_TITLE_CUT = re.compile(r"\s+(?:أكد|أكدت|قال|قالت|أن|إن|حيث|الذي|التي|وعدد|وذلك|خلال|في أعمال|على هامش|said|noted|who|which|during|at the|in the work)\b.*$")
_ROLE_KEY_AR = re.compile(r"(?:نائب|الأمين العام|الأمينة العامة|رئيس|وزير|سفير|المدير العام|مدير|عضو|مستشار)")


def _title_near(sentence: str, start: int, end: int, lang: str) -> str:
    title = _title_near_raw(sentence, start, end, lang)
    return _TITLE_CUT.sub("", title).strip(" ،,")


def _title_near_raw(sentence: str, start: int, end: int, lang: str) -> str:
    after = sentence[end: end + 140]
    before = sentence[max(0, start - 140): start]
    if lang == "ar":
        m = _ROLE_AR.match(after)
        if m:
            return m.group(1).strip()
        for k in reversed([k.start() for k in _ROLE_KEY_AR.finditer(before)]):
            m = _ROLE_AR_BEFORE.search(before[k:])
            if m and m.start() == 0:
                prefix = re.search(r"(?:^|\s)[بول]?(نائبة?\s+)$", before[:k])
                return ((prefix.group(1) if prefix else "") + m.group(1)).strip()
    else:
        m = _ROLE_EN.match(after)
        if m:
            return m.group(1).strip()
        m = _ROLE_EN_BEFORE.search(before)
        if m:
            return m.group(1).strip().removeprefix("Bahrain’s ").removeprefix("Azerbaijan’s ")
    return ""


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
    language: str | None = None,
    resolve_person: Callable[[str], int | None] | None = None,
) -> Extraction:
    """Extract the events of one press release. Pure: no database, no network."""
    published = published or dt.date.today()
    g = gazetteer or Gazetteer.static()
    text = clean(text)
    lang = language or detect_language(text)
    title = next((line.strip() for line in text.split("\n") if line.strip()), "")[:300]

    # The dateline ("باكو في 07 سبتمبر / بنا /", or a date alone on an early line).
    dateline_date: dt.date | None = None
    dateline_city: Entry | None = None
    dateline_end = 0
    lines = text.split("\n")
    offset = 0
    for idx, line in enumerate(lines[:3]):
        stripped = line.strip()
        line_dates = [d for d in find_dates(line, published) if d.kind == "explicit"]
        if line_dates and (len(stripped) - len(line_dates[0].text) < 12 or re.match(r"^[\w\s]{2,25}\s+(?:في|،|,|-|—)\s*" + re.escape(line_dates[0].text), stripped)):
            dateline_date = line_dates[0].date
            if len(stripped) - len(line_dates[0].text) < 12:
                dateline_end = offset + len(line)
            else:
                dateline_end = offset + line.find(line_dates[0].text) + len(line_dates[0].text)
                head = line[: line.find(line_dates[0].text)]
                for _i, _j, entry in g.find(tokenize(head)):
                    if entry.kind == "city":
                        dateline_city = entry
            break
        offset += len(line) + 1
    default_date, default_source = (dateline_date, "dateline") if dateline_date else (published, "published")

    drafts: list[_Draft] = []
    people_seen: dict[tuple, Person] = {}
    mentioned: dict[tuple, Person] = {}
    participant_keys: set[tuple] = set()
    pending_entities: list[tuple] = []  # entities seen before any event
    milestones: list[dict] = []
    last: _Draft | None = None

    def compatible(a: str, b: str) -> bool:
        return a == b or (a, b) in _COMPATIBLE

    def event_for(site: _Site) -> _Draft:
        hit = site.date
        if hit is not None and hit.kind in ("explicit", "relative"):
            for d in drafts:
                if d.date == hit.date and compatible(d.type, site.type):
                    return d
            for d in drafts:
                if d.type == site.type and d.date_source in ("dateline", "published") and site.type in _SPECIFIC:
                    d.date, d.date_source = hit.date, hit.kind
                    return d
            new = _Draft(site.type, hit.date, hit.kind, first=not drafts)
            drafts.append(new)
            return new
        if hit is not None and hit.kind == "month":
            for d in drafts:
                if d.date_source == "month" and compatible(d.type, site.type):
                    return d
            new = _Draft(site.type, None, "month", first=not drafts)
            drafts.append(new)
            return new
        for d in drafts:
            if (d.first or d.date_source != "month") and compatible(d.type, site.type):
                if _TYPE_RANK[site.type] > _TYPE_RANK[d.type]:
                    d.type = site.type
                return d
        new = _Draft(site.type, default_date, default_source, first=not drafts)
        drafts.append(new)
        return new

    for s_start, sentence in _sentences(text):
        if s_start + len(sentence) <= dateline_end:
            continue
        if s_start < dateline_end:
            cut = dateline_end - s_start
            sentence, s_start = sentence[cut:], dateline_end
        generic = bool(_GENERIC.search(sentence))
        sites = [] if generic else _triggers(sentence)
        dates = [d for d in find_dates(sentence, published) if d.kind in ("explicit", "relative", "month")]
        if sites:
            _assign_dates(sites, dates)
            sites = _merge_sites(sites)
        before_count = len(drafts)
        events = [(site.pos, event_for(site)) for site in sites]
        if _SIDELINES.search(sentence):  # "on the sidelines of the conference": its date and place
            host = next((d for d in reversed(drafts[:before_count]) if d.type == "conference"), None)
            for _pos, d in events:
                if host is not None and d in drafts[before_count:] and d.date_source in ("dateline", "published"):
                    d.date, d.date_source = host.date, "sidelines"
                    d.places.update(host.places)
        joined = [ev for pos, ev in events if ev.type == "conference" and re.search(r"مشارك\w*\s+(?:\S+\s+){0,3}$|participat\w*\s+(?:\S+\s+){0,3}$|attend\w*\s+(?:\S+\s+){0,3}$", sentence[max(0, pos - 45): pos], re.I)]
        if events:
            for d in drafts:
                pass
            last = events[0][1]

        def target_for(pos: int) -> _Draft | None:
            if not events:
                return last
            return min(events, key=lambda e: abs(e[0] - pos))[1]

        # anniversaries of diplomatic relations (milestones on the country page)
        for m in _ANNIVERSARY.finditer(sentence):
            n = _ORDINALS_AR.get(m.group(1) or "", None) if m.group(1) else int(m.group(2))
            year = None
            near = _YEAR_NEAR.search(sentence[max(0, m.start() - 120): m.end() + 60])
            if near:
                word = near.group(0).lower()
                if word[:1].isdigit():
                    year = int(word)
                elif word in ("العام المقبل", "العام القادم", "next year"):
                    year = published.year + 1
                else:
                    year = published.year
            milestones.append({"kind": "diplomatic_relations_anniversary", "ordinal": n, "year": year,
                               "text": sentence[max(0, m.start() - 60): m.end() + 60].strip()})

        toks = tokenize(sentence)
        found = g.find(toks)
        covered = set()
        entities: list[tuple] = []
        for i, j, entry in found:
            start, end = toks[i].start, toks[j - 1].end
            covered.update(range(start, end))
            entities.append((start, end, entry, sentence[start:end]))
        # people who are not in the register, found by their title
        title_rx = _TITLE_AR if lang == "ar" else _TITLE_EN
        for m in title_rx.finditer(sentence):
            name = _name_from_title_match(m.group(2), lang)
            if len(name.split()) < 2:
                continue
            start = m.start(2)
            end = start + len(name)
            if any(p in covered for p in range(start, end)):
                continue
            pid = resolve_person(name) if resolve_person else None
            entry = g.people.get(pid) if pid else None
            if entry is None:
                entry = Entry("person", pid, name_ar=name if lang == "ar" else "", name_en=name if lang == "en" else arabic_to_latin(name))
            covered.update(range(start, end))
            entities.append((start, end, entry, name))
        entities.sort(key=lambda e: e[0])

        # countries right after a city are the city's qualifier ("جنيف السويسرية"): not involved
        prev_city_end = -10
        last_person = None
        for start, end, entry, surface in entities:
            if entry.kind == "city":
                prev_city_end = end
            if entry.kind == "country" and 0 <= start - prev_city_end <= 2:
                continue
            target = target_for(start)
            if entry.kind == "person":
                key = ("id", entry.id) if entry.id else ("name", _norm_token(surface))
                before = sentence[max(0, start - 60): start]
                is_mention = bool(_MENTION_BEFORE.search(before)) or bool(_HEAD_OF_STATE.search(before))
                if not is_mention and last_person is not None and last_person[1]:
                    gap = sentence[last_person[0]: start]
                    if len(gap) < 140 and not _triggers(gap) and re.search(r"(?:^|\s)و(?:معالي|فخامة|سعادة|سمو|السيد|السيدة)|\band\b", gap):
                        is_mention = True
                last_person = (end, is_mention)
                title_text = _title_near(sentence, start, end, lang)
                person = people_seen.get(key) or _person_from_entry(entry, strip_honorifics(surface) or surface, lang, title_text)
                if title_text and not person.title:
                    person.title = title_text
                people_seen[key] = person
                if is_mention or target is None:
                    if key not in participant_keys:
                        mentioned.setdefault(key, person)
                    if target is None and not is_mention:
                        pending_entities.append((key, person))
                    continue
                mentioned.pop(key, None)
                participant_keys.add(key)
                for ev in [target] + [j for j in joined if j is not target]:
                    ev.participants.setdefault(key, person)
                    if person.country:
                        ev.countries.setdefault(person.country, True)
                continue
            if target is None:
                pending_entities.append((None, entry))
                continue
            if generic and entry.kind in ("city", "org"):
                continue
            if entry.kind == "country":
                target.countries.setdefault(entry.code, True)
            elif entry.kind == "city":
                for ev in [target] + [j for j in joined if j is not target]:
                    ev.places.setdefault(entry.name(lang), True)
            elif entry.kind == "org":
                target.orgs.setdefault(entry.id, entry.name(lang))
                if entry.code and entry.classification != "international_organization":
                    target.countries.setdefault(entry.code, True)

        # topics and outcomes go to the sentence's main event (or the last one)
        target = events[0][1] if events else last
        if target is not None:
            for key, (_ar, _en, rx) in TOPICS.items():
                if rx.search(sentence):
                    target.topics.setdefault(key, True)
            if _OUTCOME.search(sentence) and not generic:
                outcome = sentence.strip()
                if len(outcome) > 400:
                    outcome = outcome[:400].rsplit(" ", 1)[0] + "…"
                if outcome not in target.outcomes:
                    target.outcomes.append(outcome)

    if drafts:
        first = drafts[0]
        for key, item in pending_entities:
            if key is not None:  # a person introduced before any event (e.g. the headline)
                if key not in mentioned or key in participant_keys:
                    continue
                mentioned.pop(key, None)
                participant_keys.add(key)
                first.participants.setdefault(key, item)
            elif item.kind == "country":
                first.countries.setdefault(item.code, True)
            elif item.kind == "org":
                first.orgs.setdefault(item.id, item.name(lang))
            elif item.kind == "city" and not first.places:
                first.places.setdefault(item.name(lang), True)
        if dateline_city is not None and not first.places:  # the dateline city, when the text names no other
            first.places[dateline_city.name(lang)] = True

    events_out = []
    main_countries = dict(drafts[0].countries) if drafts else {}
    for d in drafts:
        if not d.countries:  # a release about A–B relations: its other events are A–B too
            d.countries = dict(main_countries)
        participants = list(d.participants.values())
        for p in participants:  # an organization of a participant is an organization of the event
            if p.organization and p.organization not in d.orgs.values():
                d.orgs[f"p:{p.person_id or p.name}"] = p.organization
        events_out.append(Event(
            type=d.type if d.type in EVENT_TYPES else "other", date=d.date, date_source=d.date_source,
            places=list(d.places), countries=sorted(d.countries), participants=participants,
            organizations=list(dict.fromkeys(d.orgs.values())), topics=list(d.topics), outcomes=d.outcomes,
        ))
    return Extraction(language=lang, events=events_out, mentioned=[p for k, p in mentioned.items() if k not in participant_keys],
                      milestones=milestones, title=title)


# --------------------------------------------------------------------------------------
# Governed entry point
# --------------------------------------------------------------------------------------

def register_system():
    """The extractor's entry in the AI inventory (idempotent)."""
    from django.conf import settings

    from majlis.ai import governance

    llm = getattr(settings, "LLM_URL", "") or ""
    return governance.ensure_system(
        SYSTEM_KEY,
        name_en="Press-release extraction", name_ar="استخراج بيانات البيانات الصحفية",
        purpose_en="Turns Arabic and English press releases into draft engagements (type, date, places, countries, participants, "
                   "bodies, topics, outcomes) that a relations officer reviews before anything becomes official.",
        purpose_ar="تحويل البيانات الصحفية العربية والإنجليزية إلى مسودات أنشطة (النوع والتاريخ والأماكن والدول والمشاركين والجهات "
                   "والموضوعات والنتائج) يراجعها موظف العلاقات الدولية قبل اعتمادها.",
        provider="Majlis (offline rules and register gazetteer)" + (" + OpenAI-compatible LLM" if llm else ""),
        model="majlis-relations-rules" + ("+llm" if llm else ""), version=EXTRACTOR_VERSION, risk_level="limited",
        owner="International Relations and Committees Sector",
        data_used="Public press releases; the register of people, bodies, posts and areas.",
    )


def _resolver(name: str) -> int | None:
    from majlis.core.models import Person as RegisterPerson

    ids = list(RegisterPerson.objects.match(name).values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def extract_with_register(text: str, *, published: dt.date | None = None, language: str | None = None) -> Extraction:
    return extract(text, published=published, gazetteer=register_gazetteer(), language=language, resolve_person=_resolver)


def run(text: str, *, published: dt.date | None = None, language: str | None = None, user=None, log: bool = True):
    """Extract under the AI management system: kill switch, optional LLM, logged output.

    Returns (Extraction, AIOutput | None). Raises governance.FeatureDisabled when the
    feature is switched off (the caller offers manual entry).
    """
    from majlis.ai import governance

    register_system()
    governance.require_enabled(SYSTEM_KEY)
    started = time.perf_counter()
    result = extract_with_register(text, published=published, language=language)
    from majlis.relations import llm

    if llm.configured():
        improved = llm.improve(text, result, published=published)
        if improved is not None:
            result = improved
    latency = int((time.perf_counter() - started) * 1000)
    output = None
    if log:
        output = governance.record_output(
            SYSTEM_KEY, inputs={"text": clean(text), "published": published.isoformat() if published else None, "language": language},
            output=result.as_stored(), user=user, latency_ms=latency, method=result.method,
            model=("llm:" + llm.model_name()) if result.method.startswith("llm") else "",
        )
    return result, output


def from_json(data: dict) -> Extraction:
    """An Extraction from its JSON (stored or edited by a reviewer)."""
    def person(p: dict) -> Person:
        return Person(name=str(p.get("name") or ""), name_en=str(p.get("name_en") or ""), title=str(p.get("title") or ""),
                      organization=str(p.get("organization") or ""), country=(p.get("country") or None),
                      person_id=int(p["person_id"]) if p.get("person_id") not in (None, "") else None)

    events = []
    for e in data.get("events") or []:
        date = e.get("date")
        events.append(Event(
            type=e.get("type") if e.get("type") in EVENT_TYPES else "other",
            date=dt.date.fromisoformat(date) if date else None,
            places=[str(x) for x in e.get("places") or []], countries=[str(x).upper() for x in e.get("countries") or []],
            participants=[person(p) for p in e.get("participants") or []],
            organizations=[str(x) for x in e.get("organizations") or []], topics=[str(x) for x in e.get("topics") or []],
            outcomes=[str(x) for x in e.get("outcomes") or []],
        ))
    return Extraction(language=data.get("language") or "ar", events=events, mentioned=[person(p) for p in data.get("mentioned") or []],
                      method=data.get("method") or "rules", milestones=list(data.get("milestones") or []), title=data.get("title") or "")


__all__ = ["Extraction", "Event", "Person", "Gazetteer", "extract", "extract_with_register", "run", "register_system", "from_json",
           "find_dates", "clean", "dataclasses"]

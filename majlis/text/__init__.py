"""Framework-free Arabic/English text processing for Majlis.

Why a separate package: search, name matching, imports and the AI features
all need the same normalisation, and it must run (and be tested) without
Django, in benchmarks over millions of documents and in worker processes.
Nothing here imports Django or touches the database.
"""

from .analyze import (
    STOPWORDS_AR,
    STOPWORDS_EN,
    Query,
    Token,
    analyze,
    analyze_query,
    stem_arabic,
    stem_english,
    tokenize,
)
from .lang import detect_language
from .names import HONORIFICS, name_key, name_keys, names_match, strip_honorifics, translit_key
from .normalize import normalize, normalize_arabic, normalize_latin
from .transliterate import arabic_to_latin, latin_to_arabic

__all__ = [
    "HONORIFICS",
    "STOPWORDS_AR",
    "STOPWORDS_EN",
    "Query",
    "Token",
    "analyze",
    "analyze_query",
    "arabic_to_latin",
    "detect_language",
    "latin_to_arabic",
    "name_key",
    "name_keys",
    "names_match",
    "normalize",
    "normalize_arabic",
    "normalize_latin",
    "stem_arabic",
    "stem_english",
    "strip_honorifics",
    "tokenize",
    "translit_key",
]

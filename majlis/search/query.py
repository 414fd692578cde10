"""From what a person typed to a backend-neutral query.

A compiled query is an AND of clauses; each clause is an OR of alternatives (a term, a
phrase or a prefix), every string in it an analysed term: letters and digits only, so
the backends can quote them safely. Alternatives come from the register's names: a
word that is (a spelling of) a registered person's or body's name also matches its
other spellings and its other script (Hajiyev ↔ حاجييف, غافاروفا ↔ غفاروفا).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from majlis.text import analyze, analyze_query, tokenize

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24
MAX_ALTERNATIVES = 8
MAX_TERM_CHARS = 100  # same cap as the index (see index.terms_of)

# A term is letters and digits only; anything else never reaches FTS syntax.
SAFE_TERM = re.compile(r"[^\W_]+")


class QueryError(ValueError):
    """The query cannot be run as typed; the message says why, for a person."""

    def __init__(self, message, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Alt:
    kind: str  # "term" | "phrase" | "prefix"
    terms: tuple[str, ...]


@dataclass
class Compiled:
    text: str
    clauses: list[list[Alt]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def highlight_terms(self) -> set[str]:
        return {t for clause in self.clauses for alt in clause if alt.kind != "prefix" for t in alt.terms}

    @property
    def highlight_prefixes(self) -> list[str]:
        return [alt.terms[0] for clause in self.clauses for alt in clause if alt.kind == "prefix"]


def _strip_controls(text: str) -> str:
    # Control, format (bidi marks, zero-width) and private-use characters become spaces:
    # they are never part of what a person meant to find.
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") else c for c in text)


def clean(text) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        raise QueryError(_("The query must be text."), "invalid")
    if len(text) > MAX_QUERY_CHARS * 4:
        raise QueryError(_("The query is too long (at most %(n)d characters).") % {"n": MAX_QUERY_CHARS}, "too_long")
    text = " ".join(_strip_controls(text).split())
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(_("The query is too long (at most %(n)d characters).") % {"n": MAX_QUERY_CHARS}, "too_long")
    return text


def safe_terms(terms) -> tuple[str, ...]:
    """The terms a backend may quote: letters and digits only, at most MAX_TERM_CHARS long."""
    return tuple(t for t in terms if len(t) <= MAX_TERM_CHARS and SAFE_TERM.fullmatch(t))


def compile_query(text, *, names=None) -> Compiled:
    """Parse `text` (already `clean`ed or not). `names(words) -> {word: {other spellings}}`
    supplies cross-script name alternatives (see majlis.search.names)."""
    text = clean(text)
    compiled = Compiled(text=text)
    if not text:
        return compiled
    parsed = analyze_query(text)
    seen: set[Alt] = set()

    def add(clause: list[Alt]) -> None:
        clause = [a for a in clause if a.terms]
        if clause and clause[0] not in seen and len(compiled.clauses) < MAX_CLAUSES:
            seen.add(clause[0])
            compiled.clauses.append(clause[:MAX_ALTERNATIVES])

    alternatives: dict[str, list[str]] = {}
    if names is not None:
        words = [tok.text for tok in tokenize(text) if len(tok.norm) >= 3 and not tok.norm.isdigit()]
        for word, others in (names(words) or {}).items():
            for term in analyze(word):
                alternatives.setdefault(term, [])
                for other in others:
                    alternatives[term].extend(analyze(other))
    for term in parsed.terms:
        alts = [Alt("term", safe_terms([term]))]
        for other in alternatives.get(term, ()):
            alt = Alt("term", safe_terms([other]))
            if alt not in alts:
                alts.append(alt)
        add(alts)
    for phrase in parsed.phrases:
        add([Alt("phrase", safe_terms(phrase))])
    for prefix in parsed.prefixes:
        add([Alt("prefix", safe_terms([prefix]))])
    return compiled

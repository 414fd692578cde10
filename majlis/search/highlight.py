"""Snippets that show the ORIGINAL text (diacritics, hamza, clitics as written) with the
words that matched marked. Matching is done on analysed terms; the marks are placed with
the tokenizer's offsets into the original string."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from majlis.text import analyze, tokenize

SCAN_CHARS = 200_000
# Bidi embeddings, overrides and isolates in indexed text must not leak into the page.
_BIDI = re.compile("[\u202A-\u202E\u2066-\u2069]")


def _esc(text: str) -> str:
    return escape(_BIDI.sub("", text))


def _hits(text: str, terms: set[str], prefixes: list[str]):
    out = []
    for tok in tokenize(text[:SCAN_CHARS]):
        found = analyze(tok.text)
        if not found:
            continue
        term = found[0]
        if term in terms or any(term.startswith(p) for p in prefixes):
            out.append((tok.start, tok.end, term))
    return out


def _render(text: str, start: int, end: int, hits) -> str:
    parts, pos = [], start
    for s, e, _t in hits:
        if s < start or e > end:
            continue
        parts.append(_esc(text[pos:s]))
        parts.append("<mark>" + _esc(text[s:e]) + "</mark>")
        pos = e
    parts.append(_esc(text[pos:end]))
    return "".join(parts)


def highlight(text: str, terms: set[str], prefixes: list[str]) -> SafeString:
    """The whole (short) text, escaped, with matches marked."""
    return mark_safe(_render(text, 0, len(text), _hits(text, terms, prefixes)))


def snippet(text: str, terms: set[str], prefixes: list[str], width: int = 240) -> SafeString:
    """The window of about `width` characters with the most distinct matched terms."""
    text = text or ""
    hits = _hits(text, terms, prefixes)
    if not hits:
        end = _word_end(text, min(len(text), width))
        return mark_safe(_esc(text[:end]) + ("…" if end < len(text) else ""))
    best, best_score = 0, -1
    j = 0
    for i, (s, _e, _t) in enumerate(hits):
        j = max(j, i)
        while j + 1 < len(hits) and hits[j + 1][1] <= s + width:
            j += 1
        score = len({t for _s, _e2, t in hits[i : j + 1]})
        if score > best_score:
            best, best_score = i, score
    first = hits[best][0]
    start = _word_start(text, max(0, first - width // 5))
    end = _word_end(text, min(len(text), start + width))
    end = max(end, hits[best][1])
    body = _render(text, start, end, hits)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


def _word_start(text: str, i: int) -> int:
    if i <= 0:
        return 0
    j = text.rfind(" ", max(0, i - 30), i)
    return j + 1 if j >= 0 else i


def _word_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    j = text.find(" ", i, i + 30)
    return j if j >= 0 else i

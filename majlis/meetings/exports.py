"""Minutes and named-poll results as files: PDF (WeasyPrint, Arabic shaped and RTL) and
DOCX (python-docx with right-to-left paragraphs for Arabic)."""

from __future__ import annotations

import io

from django.utils import translation

from majlis.core.bilingual import pick
from majlis.core.pdf import render_pdf
from majlis.meetings.models import Minutes, Poll

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _body(minutes: Minutes, lang: str) -> str:
    return pick(minutes.body_ar, minutes.body_en, lang)


def _blocks(text: str) -> list[tuple[str, str]]:
    """('h', heading) or ('p', line): "== X ==" lines are headings."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("==") and stripped.endswith("=="):
            out.append(("h", stripped.strip("= ")))
        elif stripped:
            out.append(("p", line.rstrip()))
    return out


def minutes_pdf(minutes: Minutes, *, lang: str = "ar") -> bytes:
    lines = _blocks(_body(minutes, lang))
    title = lines[0][1] if lines else ""
    return render_pdf("meetings/minutes_pdf.html", {"minutes": minutes, "meeting": minutes.meeting, "title": title, "blocks": lines[1:]}, lang=lang)


def _rtl(paragraph) -> None:
    """Mark a paragraph and its runs right-to-left (Word needs both w:bidi and w:rtl)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "1")
    p_pr.append(bidi)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        r_pr = run._r.get_or_add_rPr()
        rtl = OxmlElement("w:rtl")
        rtl.set(qn("w:val"), "1")
        r_pr.append(rtl)
        run.font.name = "Noto Naskh Arabic"
        r_fonts = r_pr.find(qn("w:rFonts"))
        if r_fonts is not None:
            r_fonts.set(qn("w:cs"), "Noto Naskh Arabic")


def minutes_docx(minutes: Minutes, *, lang: str = "ar") -> bytes:
    import docx

    document = docx.Document()
    blocks = _blocks(_body(minutes, lang))
    for i, (kind, text) in enumerate(blocks):
        paragraph = document.add_heading(text, level=0 if i == 0 else 1) if (kind == "h" or i == 0) else document.add_paragraph(text)
        if lang == "ar":
            _rtl(paragraph)
    with translation.override(lang):
        from django.utils.translation import gettext as _

        state = document.add_paragraph(f"{_('State')}: {minutes.get_state_display()} — v{minutes.version}")
        if lang == "ar":
            _rtl(state)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def minutes_file(minutes: Minutes, fmt: str, *, lang: str = "ar") -> tuple[bytes, str]:
    if fmt == "pdf":
        return minutes_pdf(minutes, lang=lang), "application/pdf"
    if fmt == "docx":
        return minutes_docx(minutes, lang=lang), DOCX_TYPE
    raise ValueError(fmt)


def poll_pdf(poll: Poll, *, lang: str = "ar") -> bytes:
    from majlis.meetings.services.voting import counts, named_results

    rows = named_results(poll)
    return render_pdf("meetings/poll_pdf.html", {"poll": poll, "meeting": poll.meeting, "rows": rows, "counts": counts(poll)}, lang=lang)

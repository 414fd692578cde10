"""Meeting papers: uploaded PDF, DOCX or TXT, checked by content (not by the name the
browser sent), text extracted for search, pages counted for the paperless figure."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from majlis.meetings.models import AgendaItem, Meeting, Paper
from majlis.meetings.services.common import one_of, push, require_title, save_audited

KINDS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "txt": "text/plain"}
# A printed page holds roughly this much text; used for DOCX/TXT, which have no pages.
CHARS_PER_PAGE = 2500


def max_bytes() -> int:
    return int(settings.PAPER_MAX_MB) * 1024 * 1024


def sniff(data: bytes) -> str:
    """'pdf', 'docx' or 'txt' from the bytes themselves; ValidationError otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise ValidationError({"file": _("a ZIP file that is not a Word document (DOCX)")})
    if b"\x00" not in data[:8192]:
        try:
            data.decode("utf-8")
            return "txt"
        except UnicodeDecodeError:
            pass
    raise ValidationError({"file": _("only PDF, DOCX and plain-text (UTF-8) papers are accepted")})


def extract(kind: str, data: bytes) -> tuple[str, int]:
    """(text, pages)."""
    if kind == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            pages = len(reader.pages)
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise ValidationError({"file": _("the PDF cannot be read: %(error)s") % {"error": exc}}) from None
        return text, pages
    if kind == "docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many types for broken files
            raise ValidationError({"file": _("the DOCX cannot be read: %(error)s") % {"error": exc}}) from None
        text = "\n".join(p.text for p in document.paragraphs)
        return text, max(1, -(-len(text) // CHARS_PER_PAGE))
    text = data.decode("utf-8")
    return text, max(1, -(-len(text) // CHARS_PER_PAGE))


@transaction.atomic
def upload_paper(actor, meeting: Meeting, *, filename: str, data: bytes, title_ar: str = "", title_en: str = "",
                 access: str = Paper.Access.MEMBERS, agenda_item: AgendaItem | None = None) -> Paper:
    if not data:
        raise ValidationError({"file": _("the file is empty")})
    if len(data) > max_bytes():
        raise ValidationError({"file": _("the file is larger than %(mb)s MB") % {"mb": max_bytes() // (1024 * 1024)}})
    if access not in Paper.Access.values:
        raise ValidationError({"access": one_of(Paper.Access.values)})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("the item belongs to another meeting")})
    kind = sniff(data)
    text, pages = extract(kind, data)
    paper = Paper(meeting=meeting, agenda_item=agenda_item, title_ar=title_ar, title_en=title_en, access=access,
                  filename=filename[:255] or f"paper.{kind}", content_type=KINDS[kind], size=len(data), pages=pages,
                  text=text.replace("\x00", ""))
    require_title(paper)
    if actor is not None and getattr(actor, "is_authenticated", False):
        paper.uploaded_by = actor
    safe_name = f"{paper.uid}.{kind}"
    paper.file.save(safe_name, ContentFile(data), save=False)
    save_audited(actor, paper, "paper.upload", exclude=["file"])
    push(meeting.pk)
    return paper


def paperless_figures(meetings) -> dict:
    """Pages distributed electronically instead of printed: pages × invitees per meeting."""
    from majlis.meetings.services.attendance import entitled_ids

    pages = copies = 0
    for meeting in meetings:
        paper_pages = sum(meeting.papers.values_list("pages", flat=True))
        readers = len(entitled_ids(meeting))
        pages += paper_pages
        copies += paper_pages * readers
    # A4 sheet ≈ 5 g (80 g/m², 1/16 m²).
    return {"paper_pages": pages, "pages_not_printed": copies, "paper_kg_saved": round(copies * 5 / 1000, 2)}

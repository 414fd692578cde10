"""Reading press releases from what people paste or upload: TXT, HTML, DOCX, PDF.

Every failure is a ValidationError with a reason a clerk understands (empty, binary,
too large, not UTF-8, a PDF without a text layer …); nothing here touches the database.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

MAX_BYTES = 5 * 1024 * 1024  # an upload
MAX_CHARS = 100_000  # the text of one release
MIN_LETTERS = 40

_LETTER = re.compile(r"[^\W\d_]")
_MOJIBAKE = re.compile(r"(?:Ø[\u0080-\u00BF§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿]|Ù[\u0080-\u00BF]|Ã[\u0080-\u00BF]|â€)")


class _TextParser(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "aside"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\u00A0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ValidationError({"file": "this is a binary file, not text: upload TXT, HTML, DOCX or PDF"})
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    raise ValidationError({"file": "the file is not UTF-8 text (save it as UTF-8, or upload the DOCX or PDF)"})


def docx_to_text(data: bytes) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several types for a broken package
        raise ValidationError({"file": "the DOCX file cannot be read (damaged or not a Word document)"}) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_to_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise ValidationError({"file": "the PDF is password-protected"}) from None
        pages = [page.extract_text() or "" for page in reader.pages[:200]]
    except ValidationError:
        raise
    except Exception:
        raise ValidationError({"file": "the PDF file cannot be read (damaged or not a PDF)"}) from None
    text = "\n".join(pages)
    if len(_LETTER.findall(text)) < MIN_LETTERS:
        raise ValidationError({"file": "this PDF has no text layer (a scan?): paste the text or upload the original document"})
    return text


def kind_of(data: bytes, filename: str) -> str:
    name = (filename or "").lower()
    if data.startswith(b"%PDF") or name.endswith(".pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
        return "docx"
    if name.endswith((".html", ".htm")) or re.match(rb"\s*(<!doctype html|<html|<\?xml)", data[:200], re.I):
        return "html"
    return "txt"


def read_upload(data: bytes, filename: str = "") -> str:
    """The text of an uploaded file, or a ValidationError that says why not."""
    if data is None or len(data) == 0:
        raise ValidationError({"file": "the file is empty"})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"the file is too large ({len(data) // 1024} KB; at most {MAX_BYTES // 1024 // 1024} MB)"})
    kind = kind_of(data, filename)
    if kind == "pdf":
        if not data.startswith(b"%PDF"):
            raise ValidationError({"file": "the file is named .pdf but is not a PDF"})
        return check_text(pdf_to_text(data))
    if kind == "docx":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValidationError({"file": "the file is named .docx but is not a Word document"})
        return check_text(docx_to_text(data))
    if kind == "html":
        return check_text(html_to_text(_decode(data)))
    if data[:4] in (b"\x7fELF", b"\x89PNG", b"GIF8") or data[:3] == b"\xff\xd8\xff" or data[:2] == b"MZ":
        raise ValidationError({"file": "this is a binary file, not text: upload TXT, HTML, DOCX or PDF"})
    return check_text(_decode(data))


def check_text(text: str) -> str:
    """Reject text that cannot be a press release; return it stripped."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": "the text is empty"})
    if len(text) > MAX_CHARS:
        raise ValidationError({"text": f"the text is too long ({len(text)} characters; at most {MAX_CHARS})"})
    if "\ufffd" in text or len(_MOJIBAKE.findall(text)) >= 3:
        raise ValidationError({"text": "the text is mis-encoded (garbled characters): save it as UTF-8 and try again"})
    control = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t")
    if control > 5:
        raise ValidationError({"text": "the text contains control characters: this looks like a binary file"})
    if len(_LETTER.findall(text)) < MIN_LETTERS:
        raise ValidationError({"text": "the text is too short to be a press release"})
    return text

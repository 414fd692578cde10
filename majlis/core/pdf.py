"""PDF from HTML templates, with the fonts Majlis ships, so Arabic is shaped and laid out
right-to-left by a real text engine (WeasyPrint: Pango + HarfBuzz + FriBidi).

    pdf_bytes = render_pdf("meetings/minutes_pdf.html", {"minutes": m}, lang="ar")

Templates extend "web/pdf_base.html", which sets the page, the fonts and `dir`.
`pdf_to_png` renders a page for tests and people to look at (Debian's poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = Path(settings.BASE_DIR) / "web" / "static" / "fonts"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango not installed
        raise PdfUnavailable(f"PDF output needs WeasyPrint and Pango ({exc}); on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0") from exc
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict, *, lang: str = "ar") -> bytes:
    with translation.override(lang):
        context = {**context, "font_dir": FONT_DIR.as_uri(), "lang": lang, "text_dir": "rtl" if lang == "ar" else "ltr"}
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def pdf_to_png(pdf: bytes, page: int = 1, dpi: int = 80) -> bytes:
    """The given page as PNG (needs `pdftoppm`)."""
    if shutil.which("pdftoppm") is None:
        raise PdfUnavailable("pdftoppm is not installed (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(src), str(Path(tmp) / "out")], check=True, capture_output=True)
        return (Path(tmp) / "out.png").read_bytes()


def pdf_text(pdf: bytes) -> str:
    """The text layer of a PDF (for tests: what a reader's copy-paste would get)."""
    from pypdf import PdfReader
    import io

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)

"""Minutes as files: PDF with Arabic shaped and right-to-left (rendered to PNG and
checked), DOCX with bidi paragraphs, and the `majlis meeting` command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from majlis.core.pdf import pdf_text, pdf_to_png
from majlis.meetings import exports, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_sitting(council, clerk, sitting):
    slot = services.request_floor(None, sitting, council.members[0])
    services.give_floor(clerk, slot)
    services.end_speech(clerk, slot)
    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, title_ar="اعتماد الميزانية", title_en="Adopt the budget"))
    for user in council.users[:5]:
        services.cast_vote(user, poll, "yes")
    services.close_poll(clerk, poll)
    secret = services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Secret", kind="secret"))
    services.cast_vote(council.users[0], secret, "no")
    services.record_decision(clerk, sitting, text_ar="وافق المجلس على الميزانية العامة", text_en="The Council adopted the budget", poll=poll)
    return sitting


def test_minutes_pdf_arabic_is_shaped_and_right_to_left(clerk, closed_sitting, tmp_path):
    services.cancel_poll(clerk, closed_sitting.polls.get(kind="secret"))
    services.transition(clerk, closed_sitting, "close")
    minutes = services.generate_minutes(clerk, closed_sitting)
    pdf = exports.minutes_pdf(minutes, lang="ar")
    text = pdf_text(pdf)
    assert "الميزانية" in text and "الحضور" in text
    png = pdf_to_png(pdf, dpi=60)
    (tmp_path / "minutes.png").write_bytes(png)
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    # Right-to-left: the title line's ink sits against the right margin, not the left.
    band = image.crop((0, int(height * 0.06), width, int(height * 0.14)))
    columns = [x for x in range(width) if min(band.getpixel((x, y)) for y in range(0, band.size[1], 2)) < 128]
    assert columns, "the title row has no ink"
    assert width - max(columns) < min(columns), "Arabic text should hug the right margin"


def test_minutes_docx_marks_arabic_paragraphs_rtl(clerk, closed_sitting):
    services.cancel_poll(clerk, closed_sitting.polls.get(kind="secret"))
    services.transition(clerk, closed_sitting, "close")
    minutes = services.generate_minutes(clerk, closed_sitting)
    import docx

    document = docx.Document(io.BytesIO(exports.minutes_docx(minutes, lang="ar")))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    arabic = [p for p in document.paragraphs if "الميزانية" in p.text]
    assert arabic and all(p._p.pPr.find(f"{w}bidi") is not None for p in arabic)
    english = docx.Document(io.BytesIO(exports.minutes_docx(minutes, lang="en")))
    assert any("adopted the budget" in p.text for p in english.paragraphs)
    assert all(p._p.pPr is None or p._p.pPr.find(f"{w}bidi") is None for p in english.paragraphs)


def test_cli_results_and_export(clerk, closed_sitting, tmp_path, capsys):
    call_command("meeting", "results", str(closed_sitting.pk))
    out = capsys.readouterr().out
    assert "Adopt the budget [named, simple, closed]: yes 5, no 0, abstain 0" in out and "→ adopted" in out
    assert "1 ballots cast (counts when closed)" in out  # the open secret ballot shows no counts
    with pytest.raises(CommandError) as exc:
        call_command("meeting", "export-minutes", str(closed_sitting.pk), "--format", "pdf", "-o", str(tmp_path / "m.pdf"))
    assert exc.value.returncode == 2 and "no minutes" in str(exc.value)
    services.cancel_poll(clerk, closed_sitting.polls.get(kind="secret"))
    services.transition(clerk, closed_sitting, "close")
    services.generate_minutes(clerk, closed_sitting)
    call_command("meeting", "export-minutes", str(closed_sitting.pk), "--format", "docx", "-o", str(tmp_path / "m.docx"))
    assert (tmp_path / "m.docx").read_bytes().startswith(b"PK")
    with pytest.raises(CommandError) as exc:
        call_command("meeting", "results", "999999")
    assert exc.value.returncode == 2

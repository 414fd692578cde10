"""Exports of a published record: HTML, PDF (Arabic shaped, right-to-left), Popolo JSON,
plain text; and the CLI that writes them."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from majlis.hansard import render


@pytest.fixture
def doc(published_record):
    return published_record.versions.get(number=1).document


def test_html_export_has_direction_per_speech_and_anchors(doc):
    html = render.to_html(doc, "ar")
    assert 'dir="rtl"' in html and 'dir="ltr"' in html
    assert 'lang="en" dir="ltr"' in html and "The budget bill deserves" in html
    for unit in [u for s in doc["sections"] for u in s["content"] if u["type"] == "unit"]:
        assert f'id="{unit["eid"]}"' in html
    assert "25" in html  # the vote in place


def test_pdf_export_shapes_arabic(doc, tmp_path):
    from majlis.core.pdf import pdf_text, pdf_to_png

    pdf = render.to_pdf(doc, "ar")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "budget" in text
    png = pdf_to_png(pdf, page=1, dpi=60)
    assert png.startswith(b"\x89PNG")
    (tmp_path / "page1.png").write_bytes(png)
    import os

    if os.environ.get("MAJLIS_KEEP_PNG"):
        open(os.environ["MAJLIS_KEEP_PNG"], "wb").write(pdf_to_png(pdf, page=1, dpi=90))


def test_popolo_json(doc):
    data = render.to_popolo(doc)
    speeches = data["speeches"]
    spoken = [s for s in speeches if s["type"] == "speech"]
    assert len(spoken) == 3 and all(s["creator_id"] for s in spoken)
    assert spoken[1]["language"] == "en" and spoken[1]["attribution_text"].endswith(":")
    assert [s["position"] for s in speeches] == list(range(1, len(speeches) + 1))
    import jsonschema
    from pathlib import Path

    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    schema_path = Path(__file__).resolve().parents[2] / "majlis" / "core" / "schemas" / "speech.json"
    assert schema_path.exists(), "the Popolo speech schema ships with majlis.core"
    resources = []
    for path in schema_path.parent.glob("*.json"):
        body = json.loads(path.read_text())
        resources.append((body.get("id", path.name).rstrip("#"), Resource(contents=body, specification=DRAFT3)))
    registry = Registry().with_resources(resources)
    schema = json.loads(schema_path.read_text())
    validator = jsonschema.Draft3Validator(schema, registry=registry)
    for s in speeches:
        errors = list(validator.iter_errors(s))
        assert not errors, errors[0].message


def test_text_export(doc):
    text = render.to_text(doc, "ar")
    assert "مشروع قانون الموازنة العامة" in text and "The budget bill deserves our support." in text


@pytest.mark.parametrize("fmt", ["akn", "html", "json", "txt", "pdf"])
def test_cli_export(published_record, tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    call_command("hansard", "export", str(published_record.pk), "--format", fmt, "-o", str(out))
    data = out.read_bytes()
    start = {"akn": b"<", "html": b"<", "json": b"{", "txt": published_record.title_ar.encode(), "pdf": b"%PDF"}[fmt]
    assert len(data) > 200 and data.lstrip().startswith(start), data[:80]
    if fmt == "json":
        assert json.loads(data)["speeches"]
    if fmt == "akn":
        from majlis.hansard import akn

        assert akn.validate(data) == []


def test_cli_import_publish_validate(published_record, tmp_path, capsys):
    from majlis.hansard.models import Record

    out = tmp_path / "r.xml"
    call_command("hansard", "export", str(published_record.pk), "--format", "akn", "-o", str(out))
    call_command("hansard", "import", str(out))
    record = Record.objects.exclude(pk=published_record.pk).get()
    call_command("hansard", "publish", str(record.pk))
    record.refresh_from_db()
    assert record.version == 1 and record.state == "published"
    call_command("hansard", "validate", str(record.pk))
    assert "valid Akoma Ntoso" in capsys.readouterr().out


def test_cli_bad_input_is_one_line(db, tmp_path):
    with pytest.raises(CommandError, match="no Hansard record with id 999") as info:
        call_command("hansard", "export", "999", "--format", "txt")
    assert info.value.returncode == 2
    bad = tmp_path / "bad.xml"
    bad.write_text("<html/>")
    with pytest.raises(CommandError) as info:
        call_command("hansard", "import", str(bad))
    assert info.value.returncode == 2
    with pytest.raises(CommandError) as info:
        call_command("hansard", "import", str(tmp_path / "missing.xml"))
    assert info.value.returncode == 2
    undated = tmp_path / "undated.xml"
    undated.write_text('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><debate name="x"><meta/>'
                       "<debateBody/></debate></akomaNtoso>")
    with pytest.raises(CommandError, match="FRBRdate") as info:
        call_command("hansard", "import", str(undated), "--no-validate")
    assert info.value.returncode == 2
    with pytest.raises(CommandError) as info:
        call_command("hansard", "validate", str(tmp_path / "missing.xml"))
    assert info.value.returncode == 2


def test_cli_help_per_subcommand():
    import subprocess
    import sys

    for action in ["export", "import", "publish", "transcribe"]:
        r = subprocess.run([sys.executable, "-m", "majlis.cli", "hansard", action, "--help"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "usage" in r.stdout.lower(), r.stderr

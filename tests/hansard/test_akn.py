"""Akoma Ntoso 3.0: the export validates against the OASIS XSD and our own checks,
imports back identically, and the two OASIS example debates import."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from majlis.hansard import akn, document, services
from majlis.hansard.models import Record, Speech

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "akn" / "examples"


def test_export_validates_and_has_the_parts(published_record):
    doc = published_record.versions.get(number=1).document
    xml = akn.export(doc)
    assert akn.validate(xml) == []
    root = etree.fromstring(xml)
    ns = {"a": akn.AKN_NS}
    speeches = root.findall(".//a:speech", ns)
    assert len(speeches) == 3
    refs = {el.get("eId") for el in root.iter(f"{{{akn.AKN_NS}}}TLCPerson")}
    assert all(s.get("by").lstrip("#") in refs for s in speeches)
    assert all(s.get("startTime") and s.get("endTime") for s in speeches)
    assert {s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in speeches} == {"ar", "en"}
    work = root.find(".//a:FRBRWork/a:FRBRthis", ns).get("value")
    assert work == "/akn/bh/debaterecord/plenary/2026-03-04/12/!main"
    expr = root.find(".//a:FRBRExpression/a:FRBRthis", ns).get("value")
    assert expr.startswith("/akn/bh/debaterecord/plenary/2026-03-04/12/mul@")
    assert root.find(".//a:voting", ns) is not None
    # The presiding member speaks as the Speaker (his post in the body that day).
    assert speeches[0].get("as") == "#speaker"
    role = root.find(".//a:TLCRole[@eId='speaker']", ns)
    assert role is not None and role.get("showAs") == "رئيس المجلس"
    assert speeches[1].get("as") is None
    assert root.find(".//a:FRBRlanguage", ns).get("language") == "mul"


def test_our_checks_catch_what_the_xsd_does_not(published_record):
    xml = akn.export(published_record.versions.get(number=1).document).decode()
    broken = xml.replace('by="#person_', 'by="#nobody_', 1)
    assert any("does not resolve" in p for p in akn.validate(broken.encode()))
    root = etree.fromstring(xml.encode())
    speeches = root.findall(f".//{{{akn.AKN_NS}}}speech")
    speeches[1].set("eId", speeches[0].get("eId"))
    assert any("used 2 times" in p for p in akn.validate(etree.tostring(root)))
    root = etree.fromstring(xml.encode())
    sp = root.findall(f".//{{{akn.AKN_NS}}}speech")[2]
    sp.set("startTime", "2026-03-04T09:00:00+03:00")
    sp.set("endTime", "2026-03-04T08:00:00+03:00")
    problems = akn.validate(etree.tostring(root))
    assert any("endTime is before" in p for p in problems) and any("before the previous" in p for p in problems)


def test_export_import_export_is_identical(published_record, editor):
    first = akn.export(published_record.versions.get(number=1).document)
    record = services.import_document(editor, akn.parse(first))
    again = akn.export(document.build(record))
    assert again == first
    assert Speech.objects.filter(record=record, person__isnull=False).count() == 3


@pytest.mark.parametrize("name", ["ke_Debate_Bungeni_2011-06-10.an.xml", "cl_Sesion56_2.an.xml"])
def test_oasis_examples_import(editor, name):
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"the OASIS example {path} is not present (it lives in ../shared/schemas/akn/examples)")
    data = path.read_bytes()
    root = etree.fromstring(data)
    speeches = len(root.findall(".//{%s}speech" % akn.AKN_NS) + root.findall(".//{%s}question" % akn.AKN_NS) + root.findall(".//{%s}answer" % akn.AKN_NS))
    assert akn.schema().validate(etree.fromstring(data))
    record = services.import_document(editor, akn.parse(data))
    assert Speech.objects.filter(record=record, kind__in=["speech", "question", "answer", "interjection"]).count() == speeches
    assert record.date.isoformat() in {"2011-06-10", "2006-06-15"}
    # Re-exported, it is valid AKN again.
    out = akn.export(document.build(record))
    assert akn.schema().validate(etree.fromstring(out)), akn.schema().error_log


def test_import_refuses_what_is_not_akn(editor):
    with pytest.raises(akn.AknError):
        akn.parse(b"<html><body/></html>")
    with pytest.raises(akn.AknError):
        akn.parse(b"not xml at all")

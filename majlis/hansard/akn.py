"""Akoma Ntoso 3.0 `debate` export, validation and import.

Export renders a record document (see `document.py`) as AKN 3.0 in the final OASIS
namespace, FRBR IRIs following the AKN naming convention:

    work          /akn/<country>/debaterecord/<subtype>/<sitting date>/<number>
    expression    <work>/<lang>@<version date>          (lang: ara, eng, or mul when mixed)
    manifestation <expression>/!main.xml

Speakers are `TLCPerson`s pointing at the register (`/akn/ontology/person/<cc>/<uid>`),
roles `TLCRole`s; each speech carries `by`, `as`, `startTime`, `endTime`, its language
(`xml:lang`) and Majlis's own facts (source, AI-made) as attributes in the `mj:`
namespace, which the schema allows on every element (`anyAttribute ##other`).

`validate()` runs the XSD (shipped in ./schemas) and our own checks on top: every
`by`/`as`/`to` resolves to a TLC reference, eIds are unique, speech times are ordered,
and the IRIs agree across Work, Expression and Manifestation.

`parse()` reads any AKN debate (final namespace, the CSD drafts, or none) into a
document that `services`/`importer` turn into a record; export → import → export of our
own record gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from majlis.hansard import document

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
MJ_NS = "urn:majlis:hansard:1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: AKN_NS, "mj": MJ_NS}
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
LANG3 = {"ar": "ara", "en": "eng"}
LANG2 = {v: k for k, v in LANG3.items()}
UNIT_ELEMENT = {
    "speech": "speech", "question": "question", "answer": "answer", "interjection": "speech",
    "narrative": "narrative", "scene": "scene", "summary": "summary", "vote": "narrative",
}
SPEECH_LIKE = {"speech", "question", "answer"}
INLINE_LIKE = {"narrative", "scene", "summary"}


def A(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def M(tag: str) -> str:
    return f"{{{MJ_NS}}}{tag}"


class AknError(ValueError):
    pass


# --- IRIs -----------------------------------------------------------------------------

def iris(doc: dict) -> dict:
    rec = doc["record"]
    cc = document.country_code()
    subtype = document.body_subtype_from_doc(rec.get("body"))
    number = rec.get("number") or "1"
    work = f"/akn/{cc}/debaterecord/{subtype}/{rec['date']}/{document.slug(str(number)) or '1'}"
    langs = document.languages(doc)
    lang = "mul" if len(langs) > 1 else LANG3.get(next(iter(langs)) if langs else rec.get("language", "ar"), "ara")
    expression = f"{work}/{lang}@{rec.get('version_date') or ''}"
    return {"work": work, "expression": expression, "manifestation": f"{expression}/!main.xml", "language": lang, "country": cc}


# --- export ---------------------------------------------------------------------------

def _sub(parent, tag, attrs=None, text=None):
    el = etree.SubElement(parent, A(tag))
    for key, value in (attrs or {}).items():
        if value is None or value == "":
            continue
        el.set(key, str(value))
    if text is not None:
        el.text = text
    return el


def export(doc: dict) -> bytes:
    rec = doc["record"]
    ids = iris(doc)
    root = etree.Element(A("akomaNtoso"), nsmap=NSMAP)
    debate = _sub(root, "debate", {"name": "hansard"})
    meta = _sub(debate, "meta")
    ident = _sub(meta, "identification", {"source": "#hansardOffice"})
    version_date = rec.get("version_date") or rec["date"]
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", {"value": ids["work"] + "/!main"})
    _sub(work, "FRBRuri", {"value": ids["work"]})
    _sub(work, "FRBRdate", {"date": rec["date"], "name": "sitting"})
    _sub(work, "FRBRauthor", {"href": "#body", "as": "#author"})
    _sub(work, "FRBRcountry", {"value": ids["country"]})
    _sub(work, "FRBRnumber", {"value": rec.get("number") or "1"})
    expr = _sub(ident, "FRBRExpression")
    _sub(expr, "FRBRthis", {"value": ids["expression"] + "/!main"})
    _sub(expr, "FRBRuri", {"value": ids["expression"]})
    _sub(expr, "FRBRdate", {"date": version_date, "name": "published" if rec.get("version_date") else "draft"})
    _sub(expr, "FRBRauthor", {"href": "#hansardOffice", "as": "#editor"})
    _sub(expr, "FRBRlanguage", {"language": ids["language"]})
    man = _sub(ident, "FRBRManifestation")
    _sub(man, "FRBRthis", {"value": ids["manifestation"]})
    _sub(man, "FRBRuri", {"value": ids["expression"] + ".akn"})
    _sub(man, "FRBRdate", {"date": version_date, "name": "generated"})
    _sub(man, "FRBRauthor", {"href": "#hansardOffice", "as": "#editor"})

    if rec.get("version_date"):
        _sub(meta, "publication", {"date": rec["version_date"], "name": "hansard", "showAs": "Hansard"})

    votes = [u for _p, u in document.iter_units(doc) if u["kind"] == "vote" and u.get("vote")]
    if votes:
        analysis = _sub(meta, "analysis", {"source": "#hansardOffice"})
        parl = _sub(analysis, "parliamentary")
        for unit in votes:
            data = unit["vote"]
            outcome = "#adopted" if data.get("adopted") else "#notAdopted" if data.get("adopted") is False else None
            voting = _sub(parl, "voting", {"eId": f"vot_{unit['eid']}", "href": f"#{unit['eid']}", "outcome": outcome})
            for choice, value in sorted((data.get("counts") or {}).items()):
                _sub(voting, "count", {"eId": f"vot_{unit['eid']}__{document.slug(choice) or 'x'}", "refersTo": f"#{document.slug(choice) or 'x'}", "value": str(value)})

    refs = _sub(meta, "references", {"source": "#hansardOffice"})
    body = rec.get("body")
    cc = ids["country"]
    body_el = _sub(refs, "TLCOrganization", {"eId": "body", "href": f"/akn/ontology/organization/{cc}/{body['uid']}" if body else f"/akn/ontology/organization/{cc}/body",
                                             "showAs": (body["name_ar"] or body["name_en"]) if body else "Parliament"})
    if body:
        body_el.set(M("nameAr"), body["name_ar"])
        body_el.set(M("nameEn"), body["name_en"])
    _sub(refs, "TLCOrganization", {"eId": "hansardOffice", "href": f"/akn/ontology/organization/{cc}/hansardOffice", "showAs": "Hansard"})
    for ref, person in doc["people"].items():
        el = _sub(refs, "TLCPerson", {"eId": ref, "href": person["href"], "showAs": person.get("name_ar") or person.get("name_en") or person.get("name") or ref})
        if person.get("name_ar"):
            el.set(M("nameAr"), person["name_ar"])
        if person.get("name_en"):
            el.set(M("nameEn"), person["name_en"])
    if any(u["kind"] in ("speech", "question", "answer", "interjection") and not u["by"] for _p, u in document.iter_units(doc)):
        _sub(refs, "TLCPerson", {"eId": "unknownSpeaker", "href": f"/akn/ontology/person/{cc}/unknownSpeaker", "showAs": "Unidentified speaker"})
    for key, role in doc["roles"].items():
        if key in doc["people"] or key in ("body", "hansardOffice", "author", "editor"):
            continue  # @as already resolves (an imported document may point @as at a person)
        el = _sub(refs, "TLCRole", {"eId": key, "href": f"/akn/ontology/role/{cc}/{key}", "showAs": role["name_ar"] or role["name_en"] or key})
        if role["name_ar"]:
            el.set(M("nameAr"), role["name_ar"])
        if role["name_en"]:
            el.set(M("nameEn"), role["name_en"])
    _sub(refs, "TLCRole", {"eId": "author", "href": f"/akn/ontology/role/{cc}/author", "showAs": "Author"})
    _sub(refs, "TLCRole", {"eId": "editor", "href": f"/akn/ontology/role/{cc}/editor", "showAs": "Editor"})
    if votes:
        outcomes = {("adopted", "Adopted"), ("notAdopted", "Not adopted")}
        choices = {(document.slug(c) or "x", c) for u in votes for c in (u["vote"].get("counts") or {})}
        for eid, show in sorted(outcomes | choices):
            _sub(refs, "TLCConcept", {"eId": eid, "href": f"/akn/ontology/concept/{cc}/{eid}", "showAs": show})

    if rec.get("corrigenda"):
        notes = _sub(meta, "notes", {"source": "#hansardOffice"})
        for c in rec["corrigenda"]:
            note = _sub(notes, "note", {"eId": f"corrigendum_{c['version']}", "class": "corrigendum", "date": None})
            note.set(M("version"), str(c["version"]))
            note.set(M("date"), c["date"])
            _sub(note, "p", text=c["note"])

    preface = _sub(debate, "preface")
    p = _sub(preface, "p")
    title = _sub(p, "docTitle", text=rec.get("title_ar") or rec.get("title_en") or rec["date"])
    if rec.get("title_ar"):
        title.set(M("titleAr"), rec["title_ar"])
    if rec.get("title_en"):
        title.set(M("titleEn"), rec["title_en"])
    title.set(M("language"), rec.get("language", "ar"))
    p2 = _sub(preface, "p")
    _sub(p2, "docDate", {"date": rec["date"]}, text=rec["date"])

    debate_body = _sub(debate, "debateBody")
    for section in doc["sections"]:
        _export_section(debate_body, section)
    if not len(debate_body):
        _sub(debate_body, "debateSection", {"eId": "dbsect_empty", "name": "empty"}).append(_narrative_stub())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _narrative_stub():
    el = etree.Element(A("narrative"))
    el.text = "—"
    return el


def _export_section(parent, section: dict) -> None:
    kind = section.get("kind") or "debateSection"
    attrs = {"eId": section["eid"], "name": section.get("name") or ("section" if kind == "debateSection" else None)}
    el = _sub(parent, kind, attrs)
    if section.get("heading_ar"):
        el.set(M("headingAr"), section["heading_ar"])
    if section.get("heading_en"):
        el.set(M("headingEn"), section["heading_en"])
    if section.get("num"):
        _sub(el, "num", text=section["num"])
    heading = section.get("heading_ar") or section.get("heading_en")
    if heading:
        _sub(el, "heading", text=heading)
    wrote = False
    for node in section["content"]:
        if node["type"] == "section":
            _export_section(el, node)
        else:
            _export_unit(el, node)
        wrote = True
    if not wrote:
        stub = _sub(el, "narrative", {"eId": f"{section['eid']}__empty"})
        stub.set(M("empty"), "true")


def _export_unit(parent, unit: dict) -> None:
    tag = UNIT_ELEMENT[unit["kind"]]
    attrs: dict = {"eId": unit["eid"]}
    if tag in SPEECH_LIKE:
        attrs.update({
            "by": f"#{unit['by']}" if unit["by"] else "#unknownSpeaker", "as": f"#{unit['as']}" if unit["as"] else None,
            "to": f"#{unit['to']}" if unit.get("to") else None, "startTime": unit["start"] or None, "endTime": unit["end"] or None,
        })
    if unit["kind"] in ("interjection", "vote"):
        attrs["class"] = unit["kind"]
    el = _sub(parent, tag, attrs)
    el.set(f"{{{XML_NS}}}lang", unit["language"])
    el.set(M("source"), unit["source"])
    if unit.get("ai"):
        el.set(M("ai"), "true")
    if unit.get("confidence") is not None:
        el.set(M("confidence"), f"{unit['confidence']:.3f}")
    if tag in INLINE_LIKE:
        if unit["start"]:
            el.set(M("start"), unit["start"])
        if unit["end"]:
            el.set(M("end"), unit["end"])
        el.text = unit["text"]
        if unit["kind"] == "vote" and unit.get("vote"):
            import json

            el.set(M("vote"), json.dumps(unit["vote"], sort_keys=True, ensure_ascii=False))
        return
    if unit["label"]:
        _sub(el, "from", text=unit["label"])
    paragraphs = [p for p in unit["text"].split("\n") if p] or [""]
    for para in paragraphs:
        _sub(el, "p", text=para)


# --- validation -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "akomantoso30.xsd"), parser))


def _parse_bytes(data: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise AknError(f"not well-formed XML: {exc}") from None


def validate(data: bytes) -> list[str]:
    """Problems found by the XSD and by our own checks (empty list = valid)."""
    root = _parse_bytes(data)
    problems = []
    xsd = schema()
    if not xsd.validate(root):
        problems += [f"XSD line {e.line}: {e.message}" for e in list(xsd.error_log)[:20]]
    problems += semantic_checks(root)
    return problems


def semantic_checks(root) -> list[str]:
    ns = root.nsmap.get(None) or ""
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    problems = []
    if ns != AKN_NS:
        problems.append(f"namespace is {ns!r}, not the final AKN 3.0 namespace")
    eids: dict[str, int] = {}
    for el in root.iter():
        eid = el.get("eId") if isinstance(el.tag, str) else None
        if eid:
            eids[eid] = eids.get(eid, 0) + 1
    problems += [f"eId {e!r} is used {n} times" for e, n in eids.items() if n > 1]
    refs = {el.get("eId") for tag in ("TLCPerson", "TLCRole", "TLCOrganization", "TLCConcept", "TLCProcess", "TLCReference")
            for el in root.iter(q(tag))}
    last_start = None
    for tag in SPEECH_LIKE:
        pass
    for el in root.iter(q("speech"), q("question"), q("answer")):
        for attr in ("by", "as", "to"):
            value = el.get(attr)
            if value and value.lstrip("#") not in refs:
                problems.append(f"{el.get('eId') or el.tag}: @{attr}={value} does not resolve to a TLC reference")
        start, end = el.get("startTime"), el.get("endTime")
        try:
            s = dt.datetime.fromisoformat(start) if start else None
            e = dt.datetime.fromisoformat(end) if end else None
        except ValueError:
            problems.append(f"{el.get('eId')}: unreadable time")
            continue
        if s and e and e < s:
            problems.append(f"{el.get('eId')}: endTime is before startTime")
        if s and last_start and _cmp_naive(s) < _cmp_naive(last_start):
            problems.append(f"{el.get('eId')}: starts before the previous speech")
        if s:
            last_start = s
    this = {el.getparent().tag.split('}')[-1]: el.get("value") for el in root.iter(q("FRBRthis"))}
    work, expr, man = this.get("FRBRWork", ""), this.get("FRBRExpression", ""), this.get("FRBRManifestation", "")
    work_uri = work.rsplit("/!", 1)[0]
    if work and expr and not expr.startswith(work_uri + "/"):
        problems.append(f"the Expression IRI {expr} is not under the Work IRI {work_uri}")
    if expr and man and not man.startswith(expr.rsplit("/!", 1)[0] + "/"):
        problems.append(f"the Manifestation IRI {man} is not under the Expression IRI")
    for tag in INLINE_LIKE:
        for el in root.iter(q(tag)):
            if el.find(q("p")) is not None:
                problems.append(f"{el.get('eId') or tag}: <p> inside <{tag}>")
    return problems


def _cmp_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


# --- import ---------------------------------------------------------------------------

KNOWN_NS = re.compile(r"^http://docs\.oasis-open\.org/legaldocml/ns/akn/3\.0(/CSD\d+)?$|^http://www\.akomantoso\.org/")


def _local(tag) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CONTAINER_SKIP = {"num", "heading", "subheading", "from", "p", "narrative", "scene", "summary", "other", "speech",
                  "question", "answer", "speechGroup", "componentRef", "intro", "wrap", "blockList", "ul", "ol", "table"}


def parse(data: bytes) -> dict:
    """Any AKN debate as a document (people carry register uids where the hrefs have them)."""
    root = _parse_bytes(data)
    ns = root.nsmap.get(None) or ""
    if ns and not KNOWN_NS.match(ns):
        raise AknError(f"not an Akoma Ntoso document (namespace {ns})")
    if _local(root.tag) != "akomaNtoso":
        raise AknError("the root element is not akomaNtoso")
    debate = next((c for c in root if _local(c.tag) in ("debate", "debateReport")), None)
    if debate is None:
        raise AknError("no <debate> in this document")
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)

    work_date = ""
    number = ""
    version_date = ""
    for el in debate.iter(q("FRBRWork")):
        d = el.find(q("FRBRdate"))
        work_date = d.get("date", "") if d is not None else ""
        n = el.find(q("FRBRnumber"))
        number = n.get("value", "") if n is not None else ""
    expr_lang = ""
    for el in debate.iter(q("FRBRExpression")):
        d = el.find(q("FRBRdate"))
        if d is not None and d.get("name") != "draft":
            version_date = d.get("date", "")
        lang = el.find(q("FRBRlanguage"))
        expr_lang = lang.get("language", "") if lang is not None else ""
    date = work_date[:10]
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise AknError("the FRBRWork has no valid FRBRdate") from None

    people, roles, body = {}, {}, None
    for el in debate.iter(q("TLCPerson")):
        if el.get("eId") == "unknownSpeaker":
            continue
        href = el.get("href", "")
        m = UUID_RE.search(href)
        name_ar, name_en = el.get(M("nameAr"), ""), el.get(M("nameEn"), "")
        show = el.get("showAs", "")
        if not name_ar and not name_en:
            name_ar, name_en = (show, "") if re.search("[\u0600-\u06ff]", show) else ("", show)
        people[el.get("eId")] = {"ref": el.get("eId"), "uid": m.group(0) if m else "", "href": href, "name_ar": name_ar, "name_en": name_en, "name": show}
    for el in debate.iter(q("TLCRole")):
        if el.get("eId") in ("author", "editor", "unknownSpeaker"):
            continue
        name_ar, name_en = el.get(M("nameAr"), ""), el.get(M("nameEn"), "")
        show = el.get("showAs", "")
        if not name_ar and not name_en:
            name_ar, name_en = (show, "") if re.search("[\u0600-\u06ff]", show) else ("", show)
        roles[el.get("eId")] = {"key": el.get("eId"), "name_ar": name_ar, "name_en": name_en}
    for el in debate.iter(q("TLCOrganization")):
        if el.get("eId") == "body":
            m = UUID_RE.search(el.get("href", ""))
            body = {"uid": m.group(0) if m else "", "name_ar": el.get(M("nameAr"), ""), "name_en": el.get(M("nameEn"), "") or el.get("showAs", "")}

    title_ar = title_en = ""
    language = LANG2.get(expr_lang, "")
    for el in debate.iter(q("docTitle")):
        title_ar, title_en = el.get(M("titleAr"), ""), el.get(M("titleEn"), "")
        language = el.get(M("language")) or language
        if not title_ar and not title_en:
            t = _text(el)
            title_ar, title_en = (t, "") if re.search("[\u0600-\u06ff]", t) else ("", t)
        break
    if not title_ar and not title_en:
        for el in debate.iter(q("FRBRalias")):
            title_en = el.get("value", "")
    default_lang = language or "en"

    corrigenda = []
    for el in debate.iter(q("note")):
        if el.get("class") == "corrigendum":
            corrigenda.append({"version": int(el.get(M("version"), "0") or 0), "date": el.get(M("date"), ""), "note": _text(el)})

    used_eids: set[str] = set()
    reserved = {el.get("eId") for el in debate.iter() if isinstance(el.tag, str) and el.get("eId")}
    counter = [0]

    def new_eid(prefix: str) -> str:
        while True:
            counter[0] += 1
            candidate = f"{prefix}_{counter[0]}"
            if candidate not in used_eids and candidate not in reserved:
                used_eids.add(candidate)
                return candidate

    def take_eid(el, prefix: str) -> str:
        eid = el.get("eId") or el.get("id") or ""
        if not eid or eid in used_eids:
            return new_eid(prefix)
        used_eids.add(eid)
        return eid

    def lang_of(el, text: str) -> str:
        lang = el.get(f"{{{XML_NS}}}lang") or ""
        if lang in ("ar", "en"):
            return lang
        if lang:
            return LANG2.get(lang, "en" if lang else default_lang) if lang in LANG2 else ("ar" if lang.startswith("ar") else "en")
        if re.search("[\u0600-\u06ff]", text):
            return "ar"
        return default_lang if default_lang in ("ar", "en") else "en"

    def unit_from(el) -> dict | None:
        tag = _local(el.tag)
        base = {"type": "unit", "to": "", "by": "", "as": "", "label": "", "start": "", "end": "", "ai": el.get(M("ai")) == "true",
                "confidence": float(el.get(M("confidence"))) if el.get(M("confidence")) else None, "vote": None,
                "source": el.get(M("source")) or "imported"}
        if tag in SPEECH_LIKE:
            kind = "interjection" if el.get("class") == "interjection" else tag
            label_el = el.find(q("from"))
            label = _text(label_el) if label_el is not None else ""
            paras = [_text(p) for p in el if _local(p.tag) not in ("from", "num", "heading", "subheading")]
            text = "\n".join(p for p in paras if p)
            by = (el.get("by") or "").lstrip("#")
            if by == "unknownSpeaker":
                by = ""
            return {**base, "eid": take_eid(el, "spk"), "kind": kind, "by": by, "as": (el.get("as") or "").lstrip("#"),
                    "to": (el.get("to") or "").lstrip("#"), "label": label, "language": lang_of(el, text), "text": text,
                    "start": el.get("startTime") or "", "end": el.get("endTime") or ""}
        if tag in INLINE_LIKE or tag == "other" or tag == "p":
            if el.get(M("empty")) == "true":
                return None
            kind = "vote" if el.get("class") == "vote" else (tag if tag in INLINE_LIKE else "narrative")
            text = el.text if el.get(M("source")) else _text(el)
            if el.get(M("source")) and len(el):
                text = _text(el)
            text = text or ""
            vote = None
            if el.get(M("vote")):
                import json

                vote = json.loads(el.get(M("vote")))
            return {**base, "eid": take_eid(el, "narr"), "kind": kind, "label": "", "language": lang_of(el, text), "text": text,
                    "start": el.get(M("start")) or "", "end": el.get(M("end")) or "", "vote": vote}
        return None

    def section_from(el) -> dict:
        num = el.find(q("num"))
        heading = el.find(q("heading"))
        sub = el.find(q("subheading"))
        h_ar, h_en = el.get(M("headingAr"), ""), el.get(M("headingEn"), "")
        if not h_ar and not h_en:
            for h in (heading, sub):
                if h is None:
                    continue
                t = _text(h)
                if re.search("[\u0600-\u06ff]", t):
                    h_ar = h_ar or t
                else:
                    h_en = h_en or t
        node = {"type": "section", "eid": take_eid(el, "dbsect"), "kind": _local(el.tag), "name": el.get("name", ""),
                "num": _text(num) if num is not None else "", "heading_ar": h_ar, "heading_en": h_en, "content": []}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child.tag)
            if tag in ("num", "heading", "subheading"):
                continue
            if tag in SPEECH_LIKE or tag in INLINE_LIKE or tag in ("other", "p"):
                unit = unit_from(child)
                if unit is not None:
                    node["content"].append(unit)
            elif tag == "speechGroup":
                for grandchild in child:
                    if isinstance(grandchild.tag, str) and _local(grandchild.tag) in SPEECH_LIKE | INLINE_LIKE:
                        unit = unit_from(grandchild)
                        if unit:
                            node["content"].append(unit)
            elif len(child) or tag not in CONTAINER_SKIP:
                node["content"].append(section_from(child))
        return node

    debate_body = debate.find(q("debateBody"))
    if debate_body is None:
        raise AknError("no <debateBody> in this debate")
    sections = []
    loose: list[dict] = []
    for child in debate_body:
        if not isinstance(child.tag, str):
            continue
        tag = _local(child.tag)
        if tag in SPEECH_LIKE or tag in INLINE_LIKE or tag in ("other", "p"):
            unit = unit_from(child)
            if unit:
                loose.append(unit)
        else:
            sections.append(section_from(child))
    if loose:
        sections.insert(0, {"type": "section", "eid": new_eid("dbsect"), "kind": "debateSection", "name": "proceedings",
                            "num": "", "heading_ar": "", "heading_en": "", "content": loose})

    # Units' speakers that have no TLCPerson still need a name.
    for _path, unit in document.iter_units({"sections": sections}):
        if unit["by"] and unit["by"] not in people:
            people[unit["by"]] = {"ref": unit["by"], "uid": "", "href": "", "name_ar": "", "name_en": unit["label"].rstrip(":"), "name": unit["label"].rstrip(":")}

    langs = {u["language"] for _p, u in document.iter_units({"sections": sections}) if u["text"]}
    if language not in ("ar", "en"):
        language = "ar" if "ar" in langs and len(langs) == 1 else ("en" if langs == {"en"} else "ar" if expr_lang in ("ara", "mul") else "en")
    return {
        "record": {"date": date, "number": number if number != "1" or version_date else number, "title_ar": title_ar, "title_en": title_en,
                   "language": language, "body": body, "version_date": version_date, "corrigenda": corrigenda},
        "people": people, "roles": roles, "sections": sections,
    }

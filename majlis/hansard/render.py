"""Exports of a record document: HTML, PDF, Popolo JSON speeches, plain text (and AKN,
in `akn.py`). Every function takes the document a version froze (or the working copy's)."""

from __future__ import annotations

import datetime as dt
import json

from django.template.loader import render_to_string
from django.utils import translation

from majlis.core.bilingual import pick
from majlis.hansard import akn, document

FORMATS = ("akn", "pdf", "html", "json", "txt")
CONTENT_TYPES = {
    "akn": "application/akn+xml; charset=utf-8", "pdf": "application/pdf", "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8",
}
EXTENSIONS = {"akn": "akn.xml", "pdf": "pdf", "html": "html", "json": "json", "txt": "txt"}


def view(doc: dict, lang: str = "ar") -> dict:
    """The document with names resolved for templates (speaker, role, direction)."""
    people, roles = doc["people"], doc["roles"]

    def unit_view(u):
        person = people.get(u["by"]) if u["by"] else None
        role = roles.get(u["as"]) if u["as"] else None
        label = u["label"] or (f"{pick(person.get('name_ar', ''), person.get('name_en', ''), u['language']) or person.get('name', '')}:" if person else "")
        return {
            **u, "person_id": person.get("person_id") if person else None,
            "speaker": pick(person.get("name_ar", ""), person.get("name_en", ""), lang) or person.get("name", "") if person else "",
            "role_name": pick(role["name_ar"], role["name_en"], u["language"]) if role else "", "label_shown": label,
            "dir": "rtl" if u["language"] == "ar" else "ltr", "spoken": u["kind"] in ("speech", "question", "answer", "interjection"),
            "paragraphs": [p for p in u["text"].split("\n") if p], "start_dt": _dt(u["start"]), "end_dt": _dt(u["end"]),
        }

    def section_view(s, depth=1):
        return {**s, "heading": pick(s.get("heading_ar", ""), s.get("heading_en", ""), lang), "depth": min(depth + 1, 6),
                "content": [section_view(c, depth + 1) if c["type"] == "section" else unit_view(c) for c in s["content"]]}

    rec = doc["record"]
    body = rec.get("body") or {}
    return {
        "record": {**rec, "title": pick(rec.get("title_ar", ""), rec.get("title_en", ""), lang) or rec["date"],
                   "body_name": pick(body.get("name_ar", ""), body.get("name_en", ""), lang), "date_obj": dt.date.fromisoformat(rec["date"])},
        "sections": [section_view(s) for s in doc["sections"]],
        "iris": akn.iris(doc),
    }


def _dt(value: str):
    return dt.datetime.fromisoformat(value) if value else None


def to_html(doc: dict, lang: str = "ar") -> str:
    with translation.override(lang):
        return render_to_string("hansard/export.html", {"v": view(doc, lang), "lang": lang, "text_dir": "rtl" if lang == "ar" else "ltr"})


def to_pdf(doc: dict, lang: str = "ar") -> bytes:
    from majlis.core.pdf import render_pdf

    return render_pdf("hansard/record_pdf.html", {"v": view(doc, lang)}, lang=lang)


def to_popolo(doc: dict) -> dict:
    """Popolo speeches (http://www.popoloproject.com/specs/speech.html), one per unit."""
    rec = doc["record"]
    event_id = akn.iris(doc)["work"]
    speeches = []
    for position, (path, u) in enumerate(document.iter_units(doc), start=1):
        person = doc["people"].get(u["by"]) if u["by"] else None
        role = doc["roles"].get(u["as"]) if u["as"] else None
        item = {
            "id": f"{event_id}#{u['eid']}", "type": {"interjection": "speech", "vote": "narrative"}.get(u["kind"], u["kind"]),
            "text": u["text"], "position": position, "event_id": event_id,
            "title": " / ".join(pick(s.get("heading_ar", ""), s.get("heading_en", ""), u["language"]) for s in path if s.get("heading_ar") or s.get("heading_en")),
            "language": u["language"], "source": u["source"],
        }
        if person:
            item["creator_id"] = person.get("uid") or person["ref"]
        if role:
            item["role"] = pick(role["name_ar"], role["name_en"], u["language"])
        if u["label"]:
            item["attribution_text"] = u["label"]
        if u["start"]:
            item["date"] = u["start"]
        if u["end"]:
            item["end_date"] = u["end"]
        if u.get("ai"):
            item["ai_generated"] = True
        speeches.append(item)
    return {
        "record": {"id": rec.get("uid", ""), "date": rec["date"], "title_ar": rec.get("title_ar", ""), "title_en": rec.get("title_en", ""),
                   "version": rec.get("version", 0), "version_date": rec.get("version_date", ""), "corrigenda": rec.get("corrigenda", [])},
        "persons": [{"id": p.get("uid") or p["ref"], "name": p.get("name_en") or p.get("name_ar") or p.get("name", ""),
                     "other_names": [{"name": p["name_ar"], "note": "ar"}] if p.get("name_ar") else []} for p in doc["people"].values()],
        "speeches": speeches,
    }


def to_text(doc: dict, lang: str = "ar") -> str:
    v = view(doc, lang)
    rec = v["record"]
    lines = [rec["title"], rec["body_name"], rec["date"]]
    if rec.get("version"):
        lines.append(f"v{rec['version']} ({rec.get('version_date', '')})")
    lines.append("")

    def walk(nodes, depth):
        for node in nodes:
            if node["type"] == "section":
                if node["heading"]:
                    lines.extend(["", ("#" * depth) + " " + ((node["num"] + " ") if node.get("num") else "") + node["heading"], ""])
                walk(node["content"], depth + 1)
            elif node["spoken"]:
                head = node["label_shown"] or node["speaker"]
                if node["role_name"] and node["role_name"] not in head:
                    head = f"{head} ({node['role_name']})"
                lines.append(f"[{node['eid']}] {head}")
                lines.extend(node["paragraphs"] or [""])
                lines.append("")
            else:
                lines.append(f"[{node['eid']}] ({node['text']})")
                lines.append("")

    walk(v["sections"], 1)
    for c in rec.get("corrigenda") or []:
        lines.append(f"Corrigendum v{c['version']} ({c['date']}): {c['note']}")
    return "\n".join(lines).rstrip() + "\n"


def export(doc: dict, fmt: str, lang: str | None = None) -> bytes:
    lang = lang or doc["record"].get("language") or "ar"
    if fmt == "akn":
        return akn.export(doc)
    if fmt == "pdf":
        return to_pdf(doc, lang)
    if fmt == "html":
        return to_html(doc, lang).encode()
    if fmt == "json":
        return json.dumps(to_popolo(doc), ensure_ascii=False, indent=1).encode()
    if fmt == "txt":
        return to_text(doc, lang).encode()
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")

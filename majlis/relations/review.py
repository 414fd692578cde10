"""The field-by-field review form of an AI extraction (the review queue page).

The form is plain HTML fields named after the extraction's shape, so that it works
without JavaScript (the script only adds and removes rows):

    ev-{i}-type, ev-{i}-date, ev-{i}-skip, merge_{i}
    ev-{i}-places, ev-{i}-countries, ev-{i}-organizations, ev-{i}-outcomes   (repeated inputs)
    ev-{i}-topics                                                           (checkboxes)
    ev-{i}-p-{j}-orig|name|name_en|title|organization|country|person_id|remove

`parse` turns a POST back into an extraction of the documented shape. Values a reviewer
did not touch are kept exactly as the extractor made them (None stays None, order is
kept), so accepting an untouched draft records "accepted" and every real edit shows in
the diff `majlis.ai.governance.review` stores.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from majlis.core.bilingual import pick
from majlis.relations import extract as extractor

LIST_FIELDS = ("places", "countries", "organizations", "outcomes")
PERSON_FIELDS = ("name", "name_en", "title", "organization", "country")
_PARTICIPANT_KEY = re.compile(r"^ev-(\d+)-p-(\d+)-(\w+)$")
_ISO = re.compile(r"^[A-Z]{2}$")


def topic_choices() -> list[tuple[str, str]]:
    return [(key, pick(ar, en)) for key, (ar, en, _pattern) in extractor.TOPICS.items()]


def _same(original: Any, posted: str) -> bool:
    return ("" if original is None else str(original)).strip() == posted


def _keep(original: Any, posted: str) -> Any:
    """The posted text, or the extractor's value when the reviewer left it as it was."""
    posted = (posted or "").strip()
    return original if _same(original, posted) else posted


def _keep_list(original: list | None, posted: list[str], upper: bool = False) -> list:
    values = [v.strip().upper() if upper else v.strip() for v in posted]
    values = [v for v in values if v]
    before = [str(v).strip().upper() if upper else str(v).strip() for v in original or []]
    return list(original or []) if values == before else values


def _person_label(person) -> str:
    parts = [p for p in (person.name_ar, person.name_en) if p]
    return " / ".join(parts) or f"#{person.pk}"


def _candidates(name: str, person_id: Any) -> list[dict]:
    """People a participant may be: the one chosen and the register's matches of the name."""
    from majlis.core.models import Person

    people = []
    if str(person_id or "").isdigit():
        chosen = Person.objects.filter(pk=int(person_id)).first()
        if chosen is not None:
            people.append(chosen)
    if name:
        people.extend(p for p in Person.objects.match(name)[:5] if all(p.pk != q.pk for q in people))
    return [{"id": p.pk, "label": _person_label(p)} for p in people]


def initial(extraction: dict | None) -> list[dict]:
    """The form's rows for an extraction as the extractor made it."""
    rows = []
    for i, ev in enumerate((extraction or {}).get("events") or []):
        row = {
            "i": i, "type": ev.get("type") or "other", "date": ev.get("date") or "", "skip": False, "merge": None,
            "topics": list(ev.get("topics") or []),
            "participants": [], "ai": {}, "errors": {},
        }
        for key in LIST_FIELDS:
            row[key] = [str(v) for v in ev.get(key) or []]
        for j, p in enumerate(ev.get("participants") or []):
            person = {k: "" if p.get(k) is None else str(p.get(k)) for k in PERSON_FIELDS}
            person.update(j=j, orig=j, person_id=p.get("person_id") or "", remove=False, ai=True, errors={})
            row["participants"].append(person)
        _flag(row, ev)
        rows.append(row)
    return rows


def _flag(row: dict, original: dict | None) -> None:
    """Which values are still the AI's (labelled in the page until accepted)."""
    original = original or {}
    row["ai"] = {
        "type": bool(original) and row["type"] == (original.get("type") or "other"),
        "date": bool(original.get("date")) and row["date"] == original.get("date"),
        "topics": bool(original.get("topics")) and set(row["topics"]) == set(original.get("topics") or []),
    }
    for key in LIST_FIELDS:
        row["ai"][key] = bool(original.get(key)) and [str(v) for v in original.get(key) or []] == row[key]


def decorate(rows: list[dict]) -> list[dict]:
    """Add what the template needs: person choices and a blank row to add one without JS."""
    for row in rows:
        for p in row["participants"]:
            p["candidates"] = _candidates(p.get("name_en") or p.get("name"), p.get("person_id"))
        nxt = max([p["j"] for p in row["participants"]], default=-1) + 1
        row["blank"] = {"j": nxt}
        row["next_j"] = nxt + 1
    return rows


def parse(post, extraction: dict | None) -> tuple[dict, dict, list[dict], dict]:
    """(final extraction, merges by final event index, form rows, errors) from a POST.

    `errors` maps a field's name to a message; when it is not empty nothing may be saved.
    """
    from majlis.core.models import Person

    original = copy.deepcopy(extraction or {})
    events_in = original.get("events") or []
    errors: dict[str, str] = {}
    rows: list[dict] = []
    final_events: list[dict] = []
    merges: dict[int, int | None] = {}

    participant_rows: dict[int, set[int]] = {}
    for key in post:
        m = _PARTICIPANT_KEY.match(key)
        if m:
            participant_rows.setdefault(int(m.group(1)), set()).add(int(m.group(2)))

    for i, ev in enumerate(events_in):
        n = i + 1
        pre = f"ev-{i}-"
        row: dict[str, Any] = {"i": i, "participants": [], "errors": {}}
        row["skip"] = post.get(pre + "skip") == "1"
        merge = post.get(f"merge_{i}", "")
        row["merge"] = merge
        out = dict(ev)

        type_ = post.get(pre + "type", ev.get("type") or "other").strip()
        row["type"] = type_
        if type_ not in extractor.EVENT_TYPES:
            errors[pre + "type"] = _("Event %(n)s: choose a type from the list.") % {"n": n}
        elif type_ != ev.get("type"):
            out["type"] = type_

        raw_date = post.get(pre + "date", ev.get("date") or "").strip()
        row["date"] = raw_date
        if raw_date:
            try:
                parsed = dt.date.fromisoformat(raw_date)
            except ValueError:
                errors[pre + "date"] = _("Event %(n)s: “%(value)s” is not a date (YYYY-MM-DD).") % {"n": n, "value": raw_date}
            else:
                if parsed.isoformat() != ev.get("date"):
                    out["date"] = parsed.isoformat()
        elif ev.get("date") is not None:
            out["date"] = None

        for key in LIST_FIELDS:
            posted = post.getlist(pre + key) if hasattr(post, "getlist") else list(post.get(pre + key) or [])
            row[key] = [v.strip() for v in posted if v.strip()]
            out[key] = _keep_list(ev.get(key), posted, upper=key == "countries")
        for code in out["countries"]:
            if not _ISO.match(str(code)):
                errors[pre + "countries"] = _("Event %(n)s: “%(value)s” is not an ISO country code of two letters (e.g. BH, AZ).") % {
                    "n": n, "value": code}
                break

        topics = [t for t in (post.getlist(pre + "topics") if hasattr(post, "getlist") else []) if t]
        row["topics"] = topics
        unknown = [t for t in topics if t not in extractor.TOPICS and t not in (ev.get("topics") or [])]
        if unknown:
            errors[pre + "topics"] = _("Event %(n)s: unknown topic “%(value)s”.") % {"n": n, "value": unknown[0]}
        kept = [t for t in ev.get("topics") or [] if t in topics]
        out["topics"] = list(ev.get("topics") or []) if set(kept) == set(topics) and len(kept) == len(ev.get("topics") or []) else (
            kept + [t for t in topics if t not in kept])

        originals = ev.get("participants") or []
        people_out = []
        for j in sorted(participant_rows.get(i, set())):
            ppre = f"{pre}p-{j}-"
            orig_raw = post.get(ppre + "orig", "")
            orig_index = int(orig_raw) if orig_raw.isdigit() and int(orig_raw) < len(originals) else None
            source = originals[orig_index] if orig_index is not None else {}
            prow = {"j": j, "orig": orig_index if orig_index is not None else "", "errors": {}}
            for f in PERSON_FIELDS:
                prow[f] = post.get(ppre + f, "").strip()
            prow["person_id"] = post.get(ppre + "person_id", "").strip()
            prow["remove"] = post.get(ppre + "remove") == "1"
            blank = not any(prow[f] for f in PERSON_FIELDS) and not prow["person_id"]
            if orig_index is None and blank:
                continue  # the empty row offered for adding a participant
            row["participants"].append(prow)
            if prow["remove"]:
                continue
            if blank:
                errors[ppre + "name"] = _("Event %(n)s: a participant needs a name or a person from the register (or tick “remove”).") % {"n": n}
                continue
            person = dict(source)
            for f in PERSON_FIELDS:
                value = _keep(source.get(f), prow[f])
                if f == "country" and value and value != source.get(f):
                    value = value.upper()
                    if not _ISO.match(value):
                        errors[ppre + f] = _("Event %(n)s: “%(value)s” is not an ISO country code of two letters (e.g. BH, AZ).") % {
                            "n": n, "value": prow[f]}
                person[f] = value
            pid = prow["person_id"]
            if pid:
                if not pid.isdigit():
                    errors[ppre + "person_id"] = _("Event %(n)s: “%(value)s” is not a person number.") % {"n": n, "value": pid}
                elif int(pid) != source.get("person_id") and not Person.objects.filter(pk=int(pid)).exists():
                    errors[ppre + "person_id"] = _("Event %(n)s: there is no person #%(value)s in the register.") % {"n": n, "value": pid}
                else:
                    person["person_id"] = int(pid)
            else:
                person["person_id"] = None
            for f in PERSON_FIELDS + ("person_id",):
                person.setdefault(f, None)
            people_out.append(person)
        out["participants"] = people_out
        row["ai_participants"] = True

        # the AI label stays on what is still the extractor's
        _flag(row, ev)
        for prow in row["participants"]:
            src = originals[prow["orig"]] if prow["orig"] != "" else None
            prow["ai"] = bool(src) and not prow["remove"] and all(_same(src.get(f), prow[f]) for f in PERSON_FIELDS) and (
                str(src.get("person_id") or "") == prow["person_id"])
        for key in list(errors):
            if key.startswith(pre):
                row["errors"][key[len(pre):]] = errors[key]
        for prow in row["participants"]:
            for f in ("name", "country", "person_id"):
                key = f"{pre}p-{prow['j']}-{f}"
                if key in errors:
                    prow["errors"][f] = errors[key]
        rows.append(row)

        if row["skip"]:
            continue
        if merge:
            merges[len(final_events)] = int(merge) if merge.isdigit() else None
        final_events.append(out)

    if events_in and not final_events:
        errors["events"] = _("Keep at least one event, or reject the extraction.")
    final = {**original, "events": final_events}
    return final, merges, rows, errors

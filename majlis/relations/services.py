"""Every write to the relations register: validated, one transaction, audited.

Press release → review queue → official record:

    release = ingest(officer, text=..., published=date)      # extraction logged as an AI output
    accept(officer, release, extraction=edited_json)          # engagements created or merged,
                                                              # people matched or created, outcomes
                                                              # become action items; diff kept
    reject(officer, release, note)

Nothing extracted is official until `accept`. Manual entry (`create_engagement`) works
whether or not the AI feature is switched on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from majlis.ai import governance
from majlis.core import audit
from majlis.core import services as core_services
from majlis.core.models import Area, Membership, Organization, Person
from majlis.core.roles import Role, has_role
from majlis.relations import extract as extractor
from majlis.relations import reading
from majlis.relations.models import (
    Agreement,
    Engagement,
    EngagementAction,
    EngagementSource,
    EngagementType,
    Milestone,
    Participant,
    PressRelease,
)

TYPE_LABELS = {
    "visit": ("زيارة", "Visit"), "meeting": ("لقاء ثنائي", "Bilateral meeting"), "call": ("اتصال", "Call"),
    "conference": ("مشاركة في مؤتمر", "Conference"), "signing": ("توقيع", "Signing"),
    "joint_committee": ("اجتماع لجنة مشتركة", "Joint committee session"), "other": ("نشاط", "Engagement"),
}
TOPIC_KEYS = set(extractor.TOPICS)
ACTION_DUE_DAYS = 30


def can_manage(user) -> bool:
    return has_role(user, Role.RELATIONS_OFFICER, Role.ADMINISTRATOR)


def _require(actor) -> None:
    if actor is not None and not can_manage(actor):
        raise PermissionDenied("only relations officers may change the relations register")


def _country(code: str | None) -> Area | None:
    if not code:
        return None
    return Area.objects.filter(kind=Area.Kind.COUNTRY, code=str(code).upper()).first()


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"date": f"{value!r} is not a date (YYYY-MM-DD)"}) from None


# --------------------------------------------------------------------------------------
# Ingestion
# --------------------------------------------------------------------------------------

def release_digest(text: str) -> str:
    """The identity of a release's text: the same words pasted, uploaded as HTML or DOCX match."""
    import re

    return hashlib.sha256(re.sub(r"\s+", " ", extractor.clean(text)).strip().encode("utf-8")).hexdigest()


def ingest(actor, *, text: str | None = None, data: bytes | None = None, filename: str = "", published=None,
           language: str | None = None, source: str = "") -> PressRelease:
    """Read, extract (under the AI management system) and queue a release for review.

    Raises ValidationError for bad input or a release that describes no engagement, and
    governance.FeatureDisabled when extraction is switched off; nothing is saved then.
    """
    _require(actor)
    published = _date(published)
    if language not in (None, "", "ar", "en"):
        raise ValidationError({"language": "ar or en"})
    if data is not None:
        body = reading.read_upload(data, filename)
    else:
        body = reading.check_text(text or "")
    digest = release_digest(body)
    existing = PressRelease.objects.filter(sha256=digest).first()
    if existing is not None:
        raise ValidationError({"text": f"this release was already ingested (#{existing.pk}, {existing.get_status_display()})"})
    with transaction.atomic():
        result, output = extractor.run(body, published=published or timezone.localdate(), language=language or None, user=actor)
        if not result.events:
            raise ValidationError({"text": "no engagement (visit, meeting, call, conference, signing, joint committee) was found in this release"})
        release = PressRelease.objects.create(
            title=result.title[:300], text=body, language=result.language, published=published, source=source[:300],
            filename=(filename or "")[:300], sha256=digest, extraction=result.as_stored(), method=result.method, ai_output=output,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if output is not None:
            governance.set_target(output, release)
        audit.record(actor, "relations.release.ingest", release, after={"sha256": digest, "language": result.language,
                                                                         "events": len(result.events), "method": result.method})
        return release


def ingest_manual(actor, *, text: str, published=None, source: str = "", filename: str = "") -> PressRelease:
    """Keep a release for manual entry (the AI feature is off): no extraction is made."""
    _require(actor)
    body = reading.check_text(text)
    digest = release_digest(body)
    if PressRelease.objects.filter(sha256=digest).exists():
        raise ValidationError({"text": "this release was already ingested"})
    from majlis.text import detect_language

    with transaction.atomic():
        release = PressRelease.objects.create(
            title=body.strip().split("\n")[0][:300], text=body, language=detect_language(body), published=_date(published), source=source,
            filename=filename, sha256=digest, status=PressRelease.Status.MANUAL,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(actor, "relations.release.manual", release, after={"sha256": digest})
        return release


# --------------------------------------------------------------------------------------
# Matching the same event across releases and scripts
# --------------------------------------------------------------------------------------

def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"visit", "meeting"}


def find_matching_engagement(event: dict) -> Engagement | None:
    """An existing engagement that is the same event: close dates, compatible types, the
    same countries and at least one participant in common (names match across scripts)."""
    date = _date(event.get("date"))
    codes = {c for c in event.get("countries") or [] if c}
    person_ids = {p.get("person_id") for p in event.get("participants") or [] if p.get("person_id")}
    if not person_ids:
        for p in event.get("participants") or []:
            ids = list(Person.objects.match(p.get("name") or "").values_list("pk", flat=True)[:2])
            if len(ids) == 1:
                person_ids.add(ids[0])
    qs = Engagement.objects.all()
    if date:
        qs = qs.filter(date__gte=date - dt.timedelta(days=1), date__lte=date + dt.timedelta(days=1))
    else:
        return None
    best, best_score = None, 0
    for e in qs.prefetch_related("countries", "participants"):
        if not _compatible(e.type, event.get("type") or "other"):
            continue
        theirs = {c.code for c in e.countries.all()}
        if codes and theirs and len(codes & theirs) < min(2, len(codes), len(theirs)):
            continue
        common = person_ids & {p.person_id for p in e.participants.all()}
        if not common:
            continue
        score = len(common) * 10 - abs(((e.date or date) - date).days)
        if score > best_score:
            best, best_score = e, score
    return best


def suggestions(release: PressRelease) -> list[Engagement | None]:
    return [find_matching_engagement(e) for e in (release.extraction or {}).get("events", [])]


# --------------------------------------------------------------------------------------
# Review: accept or reject
# --------------------------------------------------------------------------------------

def _validate_extraction(data: Any) -> dict:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ValidationError({"extraction": "an object with a list of events"})
    for i, e in enumerate(data["events"]):
        if not isinstance(e, dict):
            raise ValidationError({f"events[{i}]": "an object"})
        if e.get("type") not in extractor.EVENT_TYPES:
            raise ValidationError({f"events[{i}].type": f"one of {', '.join(extractor.EVENT_TYPES)}"})
        _date(e.get("date"))
        for code in e.get("countries") or []:
            if not isinstance(code, str) or len(code) != 2:
                raise ValidationError({f"events[{i}].countries": f"{code!r} is not an ISO alpha-2 code"})
        for p in e.get("participants") or []:
            if not isinstance(p, dict) or not (str(p.get("name") or "").strip() or p.get("person_id")):
                raise ValidationError({f"events[{i}].participants": "each participant needs a name or a person_id"})
    return data


def _person_for(actor, p: dict, language: str) -> Person:
    pid = p.get("person_id")
    if pid:
        person = Person.objects.filter(pk=pid).first()
        if person is None:
            raise ValidationError({"person_id": f"no person #{pid} in the register"})
        return person
    name = str(p.get("name") or "").strip()
    ids = list(Person.objects.match(name).values_list("pk", flat=True)[:2]) if name else []
    if len(ids) == 1:
        return Person.objects.get(pk=ids[0])
    from majlis.text import arabic_to_latin, detect_language, strip_honorifics

    clean_name = strip_honorifics(name) or name
    is_ar = detect_language(clean_name) == "ar"
    name_en = str(p.get("name_en") or "").strip() or (arabic_to_latin(clean_name) if is_ar else clean_name)
    return core_services.create_person(
        actor, name_ar=clean_name if is_ar else "", name_en=name_en, country=_country(p.get("country")),
    )


def _org_for(name: str) -> Organization | None:
    if not name:
        return None
    ids = list(Organization.objects.match(name).values_list("pk", flat=True)[:2])
    return Organization.objects.get(pk=ids[0]) if len(ids) == 1 else None


def _place_for(name: str) -> Area | None:
    from majlis.text import normalize

    key = normalize(name)
    for area in Area.objects.filter(kind__in=[Area.Kind.CITY, Area.Kind.REGION]):
        if key in (normalize(area.name_ar), normalize(area.name_en)):
            return area
    return None


def _title(type_: str, countries: list[Area]) -> tuple[str, str]:
    ar, en = TYPE_LABELS.get(type_, TYPE_LABELS["other"])
    if countries:
        ar += ": " + " – ".join(c.name_ar for c in countries)
        en += ": " + " – ".join(c.name_en for c in countries)
    return ar, en


def _apply_event(actor, engagement: Engagement, event: dict, language: str, *, new: bool) -> Engagement:
    countries = [c for c in (_country(code) for code in event.get("countries") or []) if c]
    engagement.countries.add(*countries)
    places_text = []
    for name in event.get("places") or []:
        area = _place_for(name)
        if area:
            engagement.places.add(area)
        else:
            places_text.append(name)
    orgs = [o for o in (_org_for(n) for n in event.get("organizations") or []) if o]
    engagement.organizations.add(*orgs)
    group = next((o for o in orgs if o.classification == Organization.Classification.FRIENDSHIP_GROUP), None)
    changed = []
    if group and not engagement.group_id:
        engagement.group = group
        changed.append("group")
    if places_text:
        engagement.place_text = "، ".join(dict.fromkeys(([engagement.place_text] if engagement.place_text else []) + places_text))[:300]
        changed.append("place_text")
    topics = list(dict.fromkeys(list(engagement.topics or []) + [t for t in event.get("topics") or [] if t]))
    if topics != engagement.topics:
        engagement.topics = topics
        changed.append("topics")
    if changed:
        engagement.save(update_fields=changed + ["updated"])
    for p in event.get("participants") or []:
        person = _person_for(actor, p, language)
        if Participant.objects.filter(engagement=engagement, person=person).exists():
            continue
        Participant.objects.create(
            engagement=engagement, person=person, name_as_written=str(p.get("name") or "")[:300], title=str(p.get("title") or "")[:300],
            organization=_org_for(str(p.get("organization") or "")), country=_country(p.get("country")) or person.country,
        )
    for outcome in event.get("outcomes") or []:
        outcome = str(outcome).strip()
        if outcome and outcome not in (engagement.outcomes or []):
            engagement.outcomes = list(engagement.outcomes or []) + [outcome]
            engagement.save(update_fields=["outcomes", "updated"])
            _follow_up(actor, engagement, outcome)
    return engagement


def _follow_up(actor, engagement: Engagement, outcome: str) -> EngagementAction | None:
    """An outcome becomes an action item on the eMeeting follow-up board."""
    from majlis.meetings.services import create_action_item

    owner = Organization.objects.filter(
        classification=Organization.Classification.SECRETARIAT_DEPARTMENT, name_en__icontains="International Relations"
    ).first()
    base = engagement.date or timezone.localdate()
    item = create_action_item(
        actor, title_ar=outcome[:500] if engagement.title_ar else "", title_en=outcome[:500] if not engagement.title_ar else "",
        description=f"{engagement.title_en or engagement.title_ar}",
        owner_organization=owner, owner_text="" if owner else "International relations",
        due_date=max(base, timezone.localdate()) + dt.timedelta(days=ACTION_DUE_DAYS), source=f"relations.engagement:{engagement.pk}",
    )
    return EngagementAction.objects.create(engagement=engagement, action_item=item, outcome=outcome)


def _milestones(actor, release: PressRelease, data: dict, engagements: list[Engagement]) -> None:
    for m in data.get("milestones") or []:
        if not m.get("year") or not engagements:
            continue
        countries = sorted(engagements[0].countries.all(), key=lambda a: a.code)
        if len(countries) != 2:
            continue
        n = m.get("ordinal")
        title_en = f"{n}th anniversary of diplomatic relations" if n else "Anniversary of diplomatic relations"
        title_ar = "الذكرى الثلاثون لإقامة العلاقات الدبلوماسية" if n == 30 else (f"الذكرى {n} لإقامة العلاقات الدبلوماسية" if n else "ذكرى إقامة العلاقات الدبلوماسية")
        if Milestone.objects.filter(country=countries[0], partner=countries[1], year=m["year"], title_en=title_en).exists():
            continue
        row = Milestone.objects.create(country=countries[0], partner=countries[1], year=int(m["year"]), title_ar=title_ar, title_en=title_en, source=release)
        audit.record(actor, "relations.milestone.create", row, object_repr=title_en, after=audit.snapshot(row))


def _pending_for_review(actor, release: PressRelease) -> PressRelease:
    """The release, locked, once the actor is a signed-in relations officer and it still
    waits for review (accept and reject share this check)."""
    _require(actor)
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("a relations officer must review an extraction")
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if release.status != PressRelease.Status.PENDING:
        raise ValidationError({"status": f"this release is not waiting for review ({release.get_status_display()})"})
    return release


def accept(actor, release: PressRelease, *, extraction: dict | None = None, merges: dict | None = None) -> list[Engagement]:
    """Make a reviewed extraction official.

    `extraction` is the reviewer's version (any field edited, events removed); by default
    the extractor's. `merges` maps an event's index to an existing engagement id (or None
    for "create a new one"); events not named there merge into the engagement
    `find_matching_engagement` suggests, so the Arabic and the English report of one
    visit become one engagement with two sources.
    """
    with transaction.atomic():
        release = _pending_for_review(actor, release)
        original = release.extraction or {}
        final = _validate_extraction(extraction if extraction is not None else original)
        final = {**original, **final}
        try:
            merges = {int(k): v for k, v in (merges or {}).items()}
        except (TypeError, ValueError):
            raise ValidationError({"merge": "events are named by their number (0, 1, …)"}) from None
        engagements: list[Engagement] = []
        for i, event in enumerate(final["events"]):
            target = None
            if i in merges:
                if merges[i]:
                    target = Engagement.objects.filter(pk=merges[i]).first()
                    if target is None:
                        raise ValidationError({"merge": f"no engagement #{merges[i]}"})
            else:
                target = find_matching_engagement(event)
            if target is None:
                countries = [c for c in (_country(code) for code in event.get("countries") or []) if c]
                title_ar, title_en = _title(event["type"], countries)
                target = Engagement.objects.create(
                    type=event["type"], date=_date(event.get("date")), title_ar=title_ar, title_en=title_en,
                    created_by=actor,
                )
                _apply_event(actor, target, event, release.language, new=True)
                audit.record(actor, "relations.engagement.create", target, after=_snapshot(target))
            else:
                before = _snapshot(target)
                if _TYPE_RANK.get(event["type"], 0) > _TYPE_RANK.get(target.type, 0) and _compatible(event["type"], target.type):
                    target.type = event["type"]
                    target.save(update_fields=["type", "updated"])
                _apply_event(actor, target, event, release.language, new=False)
                audit.record(actor, "relations.engagement.merge", target, before=before, after=_snapshot(target))
            EngagementSource.objects.get_or_create(engagement=target, release=release, event_index=i)
            engagements.append(target)
        _milestones(actor, release, final, engagements)
        release.status = PressRelease.Status.ACCEPTED
        release.reviewed_by = actor
        release.reviewed_at = timezone.now()
        release.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        if release.ai_output_id:
            governance.review(actor, release.ai_output, "accepted", final=final)
        audit.record(actor, "relations.release.accept", release, after={"engagements": [e.pk for e in engagements]})
        return engagements


_TYPE_RANK = {"visit": 2, "meeting": 1}


def reject(actor, release: PressRelease, note: str = "") -> PressRelease:
    with transaction.atomic():
        release = _pending_for_review(actor, release)
        release.status = PressRelease.Status.REJECTED
        release.reviewed_by = actor
        release.reviewed_at = timezone.now()
        release.review_note = (note or "").strip()[:2000]
        release.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        if release.ai_output_id:
            governance.review(actor, release.ai_output, "rejected")
        audit.record(actor, "relations.release.reject", release, after={"note": release.review_note})
        return release


def _snapshot(e: Engagement) -> dict:
    data = audit.snapshot(e)
    data["countries"] = sorted(e.countries.values_list("code", flat=True))
    data["participants"] = sorted(e.participants.values_list("person_id", flat=True))
    return data


# --------------------------------------------------------------------------------------
# Manual entry
# --------------------------------------------------------------------------------------

def create_engagement(actor, *, type: str, date=None, title_ar: str = "", title_en: str = "", countries: list[str] = (),
                      participants: list[int] = (), organizations: list[int] = (), topics: list[str] = (), outcomes: list[str] = (),
                      summary: str = "", direction: str = "") -> Engagement:
    """Record an engagement by hand (works whether or not the AI feature is on)."""
    _require(actor)
    if type not in EngagementType.values:
        raise ValidationError({"type": f"one of {', '.join(EngagementType.values)}"})
    areas = []
    for code in countries or []:
        area = _country(code)
        if area is None:
            raise ValidationError({"countries": f"no country {code!r} in the register"})
        areas.append(area)
    people = list(Person.objects.filter(pk__in=list(participants or [])))
    if len(people) != len(set(participants or [])):
        raise ValidationError({"participants": "unknown person id"})
    with transaction.atomic():
        if not (title_ar or title_en):
            title_ar, title_en = _title(type, areas)
        e = Engagement.objects.create(type=type, date=_date(date), title_ar=title_ar.strip()[:400], title_en=title_en.strip()[:400],
                                      summary=summary, direction=direction, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        e.countries.add(*areas)
        e.organizations.add(*Organization.objects.filter(pk__in=list(organizations or [])))
        for person in people:
            Participant.objects.create(engagement=e, person=person, country=person.country)
        e.topics = [t for t in topics or [] if t]
        e.save(update_fields=["topics"])
        for outcome in outcomes or []:
            if outcome.strip():
                e.outcomes = list(e.outcomes) + [outcome.strip()]
                e.save(update_fields=["outcomes"])
                _follow_up(actor, e, outcome.strip())
        audit.record(actor, "relations.engagement.create", e, after=_snapshot(e))
        return e


# --------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------

AGREEMENT_FLOW = {
    Agreement.Status.DRAFT: {Agreement.Status.NEGOTIATED, Agreement.Status.SIGNED},
    Agreement.Status.NEGOTIATED: {Agreement.Status.DRAFT, Agreement.Status.SIGNED},
    Agreement.Status.SIGNED: {Agreement.Status.IN_FORCE},
    Agreement.Status.IN_FORCE: {Agreement.Status.EXPIRED},
    Agreement.Status.EXPIRED: set(),
}


def create_agreement(actor, *, title_ar: str = "", title_en: str = "", kind: str = "mou", countries: list[str] = (),
                     parties: list[int] = (), engagement: Engagement | None = None, notes: str = "", uid=None) -> Agreement:
    _require(actor)
    if not (title_ar or title_en).strip():
        raise ValidationError({"title_ar": "an Arabic or an English title is required"})
    if kind not in Agreement.Kind.values:
        raise ValidationError({"kind": f"one of {', '.join(Agreement.Kind.values)}"})
    areas = [a for a in (_country(c) for c in countries or []) if a]
    if len(areas) != len(list(countries or [])):
        raise ValidationError({"countries": "unknown country code"})
    with transaction.atomic():
        a = Agreement(title_ar=title_ar.strip(), title_en=title_en.strip(), kind=kind, engagement=engagement, notes=notes)
        if uid:
            a.uid = uid
        a.save()
        a.countries.add(*areas)
        a.parties.add(*Organization.objects.filter(pk__in=list(parties or [])))
        audit.record(actor, "relations.agreement.create", a, after=audit.snapshot(a))
        return a


def set_agreement_status(actor, agreement: Agreement, status: str, *, on=None) -> Agreement:
    """Move an agreement along draft → negotiated → signed → in force → expired."""
    _require(actor)
    with transaction.atomic():
        a = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if status not in Agreement.Status.values:
            raise ValidationError({"status": f"one of {', '.join(Agreement.Status.values)}"})
        if status not in AGREEMENT_FLOW[a.status]:
            allowed = ", ".join(sorted(AGREEMENT_FLOW[a.status])) or "none"
            raise ValidationError({"status": f"an agreement that is {a.status} cannot become {status} (allowed: {allowed})"})
        before = audit.snapshot(a)
        day = _date(on) or timezone.localdate()
        a.status = status
        if status == Agreement.Status.SIGNED:
            a.signed_date = day
        elif status == Agreement.Status.IN_FORCE:
            a.in_force_date = day
        elif status == Agreement.Status.EXPIRED:
            a.expiry_date = day
        a.save()
        audit.record(actor, "relations.agreement.status", a, before=before, after=audit.snapshot(a))
        return a


def add_agreement_document(actor, agreement: Agreement, upload, title: str = ""):
    from majlis.relations.models import AgreementDocument

    _require(actor)
    if upload is None or upload.size == 0:
        raise ValidationError({"file": "the file is empty"})
    if upload.size > reading.MAX_BYTES * 4:
        raise ValidationError({"file": "the file is too large"})
    with transaction.atomic():
        doc = AgreementDocument.objects.create(agreement=agreement, file=upload, title=title or upload.name,
                                               uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor, "relations.agreement.document", doc, object_repr=doc.title, after={"agreement": agreement.pk, "title": doc.title})
        return doc


# --------------------------------------------------------------------------------------
# Friendship and working groups (core.Organization + core.Membership)
# --------------------------------------------------------------------------------------

def create_group(actor, *, name_ar: str = "", name_en: str = "", country: str | None = None, parent: Organization | None = None) -> Organization:
    _require(actor)
    return core_services.create_organization(
        actor, name_ar=name_ar, name_en=name_en, classification=Organization.Classification.FRIENDSHIP_GROUP,
        country=_country(country), parent=parent,
    )


def add_group_member(actor, group: Organization, person: Person, *, chair: bool = False, start_date=None) -> Membership:
    _require(actor)
    if group.classification != Organization.Classification.FRIENDSHIP_GROUP:
        raise ValidationError({"group": "not a friendship or working group"})
    if Membership.objects.filter(organization=group, person=person, end_date__isnull=True).exists():
        raise ValidationError({"person": "already a member of this group"})
    return core_services.create_membership(
        actor, person=person, organization=group, role_ar="رئيس المجموعة" if chair else "عضو", role_en="Chair" if chair else "Member",
        start_date=_date(start_date),
    )


def group_chair(group: Organization) -> Person | None:
    m = (group.memberships.filter(end_date__isnull=True)
         .filter(Q(post__role="chair") | Q(role_en__iexact="chair")).select_related("person").first())
    return m.person if m else None


# --------------------------------------------------------------------------------------
# Reading the register
# --------------------------------------------------------------------------------------

def country_timeline(country: Area) -> tuple[list[dict], models.QuerySet]:
    """Everything with one country, newest first (engagements, agreements, milestones), and
    the open action items that follow up its engagements."""
    from majlis.meetings.models import ActionItem

    items: list[dict] = []
    for e in Engagement.objects.filter(countries=country).distinct().prefetch_related("participants__person", "countries"):
        items.append({"kind": "engagement", "date": e.date, "year": e.date.year if e.date else None, "object": e})
    for a in Agreement.objects.filter(countries=country).distinct():
        items.append({"kind": "agreement", "date": a.signed_date or a.in_force_date, "year": (a.signed_date or a.created.date()).year, "object": a})
    for m in Milestone.objects.filter(Q(country=country) | Q(partner=country)):
        items.append({"kind": "milestone", "date": m.date, "year": m.year, "object": m})
    items.sort(key=lambda i: (i["date"] or dt.date(i["year"] or 1900, 12, 31)), reverse=True)
    open_actions = ActionItem.objects.filter(relations_link__engagement__countries=country).exclude(status__in=["done", "cancelled"]).distinct()
    return items, open_actions

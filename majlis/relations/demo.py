"""Demo: the five seed press releases go through the real pipeline — read, extracted
under the AI management system, reviewed. The relations officer has accepted the three
Bahrain–Azerbaijan releases (000 and 002 report the same visit in Arabic and English and
become one engagement with two sources; 001 announces the return visit and refers back
to the first); 003 and 004 wait in the review queue. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

SEEDS = Path(__file__).resolve().parent.parent / "core" / "seeds"
NAMESPACE = uuid.UUID("1d3a3e0c-5b8e-4c57-8f0e-72656c617469")

# seed prefix → (publication date, source)
RELEASES = {
    "000": (dt.date(2025, 9, 7), "Bahrain News Agency (BNA)"),
    "002": (dt.date(2025, 9, 7), "The Caspian Post / AZERTAC"),
    "001": (dt.date(2025, 11, 16), "Council of Representatives"),
    "003": (dt.date(2021, 10, 19), "Al-Sharq"),
    "004": (dt.date(2024, 3, 26), "ISESCO"),
}
ACCEPTED = ["000", "002", "001"]


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def _officer():
    User = get_user_model()
    return User.objects.filter(username="relations").first()


def load(stdout=None) -> dict:
    from majlis.ai import governance
    from majlis.core.models import Organization
    from majlis.relations import extract, services
    from majlis.relations.models import Agreement, Engagement, PressRelease

    extract.register_system()
    if not governance.is_enabled(extract.SYSTEM_KEY):
        if stdout is not None:
            stdout.write("demo: relations extraction is switched off; seeds not ingested")
        return {}
    officer = _officer()
    releases = {}
    for prefix, (published, source) in RELEASES.items():
        path = seed_path(prefix)
        data = path.read_bytes()
        text = data.decode("utf-8")
        digest = services.release_digest(text)
        release = PressRelease.objects.filter(sha256=digest).first()
        if release is None:
            release = services.ingest(officer, data=data, filename=path.name, published=published, source=source)
        releases[prefix] = release
    for prefix in ACCEPTED:
        release = PressRelease.objects.get(pk=releases[prefix].pk)
        if release.status != PressRelease.Status.PENDING:
            continue
        merges = None
        if prefix == "001":
            # The release refers back to the September visit (event 2, "in September"): the
            # officer records it as that engagement rather than a new one.
            first = PressRelease.objects.get(pk=releases["000"].pk).sources.first()
            events = release.extraction.get("events", [])
            merges = {i: (first.engagement_id if (e.get("type") == "visit" and not e.get("date") and first) else "")
                      for i, e in enumerate(events)}
            merges = {i: (v or None) for i, v in merges.items() if v}
        services.accept(officer, release, merges=merges)
    with transaction.atomic():
        isesco = Organization.objects.filter(abbreviation="ISESCO").first()
        for key, fields, status, on in [
            ("isesco-az-plan", dict(title_ar="خطة عمل التعاون بين الإيسيسكو وجمهورية أذربيجان", title_en="Cooperation action plan between ISESCO and Azerbaijan",
                                    kind="action_plan", countries=["AZ"], parties=[isesco.pk] if isesco else []), "signed", dt.date(2022, 6, 1)),
            ("az-qa-drafts", dict(title_ar="مسودات وثائق التعاون الاقتصادي والاجتماعي بين أذربيجان وقطر", title_en="Draft economic and social cooperation documents, Azerbaijan–Qatar",
                                  kind="agreement", countries=["AZ", "QA"], notes="Under study (seed 003)."), "draft", None),
        ]:
            uid = uuid.uuid5(NAMESPACE, key)
            if Agreement.objects.filter(uid=uid).exists():
                continue
            a = services.create_agreement(officer, uid=uid, **fields)
            if status == "signed":
                services.set_agreement_status(officer, a, "signed", on=on)
                services.set_agreement_status(officer, a, "in_force", on=on)
    if stdout is not None:
        pending = PressRelease.objects.filter(status="pending").count()
        stdout.write(f"demo: {Engagement.objects.count()} engagements, {pending} releases waiting for review")
    return {"releases": releases, "officer": officer}

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from majlis.ai import governance
from majlis.ai.models import AIOutput
from majlis.core.models import AuditEvent, Person
from majlis.core.roles import Role
from majlis.meetings.models import ActionItem
from majlis.relations import extract, services
from majlis.relations.models import Engagement, Milestone, PressRelease

from .conftest import PUBLISHED, seed

NEW_RELEASE = ("استقبل معالي السيد أحمد بن سلمان المسلم رئيس مجلس النواب أمس سعادة السفير جون سميث سفير المملكة المتحدة، "
               "وتم الاتفاق على تشكيل لجنة مشتركة للتعاون البرلماني بين البلدين.")


def ingest(officer, prefix):
    return services.ingest(officer, text=seed(prefix), published=PUBLISHED[prefix])


def test_same_visit_in_arabic_and_english_is_one_engagement(demo_register, officer, people):
    ar = ingest(officer, "000")
    en = ingest(officer, "002")
    assert ar.status == en.status == "pending" and Engagement.objects.count() == 0  # nothing official before review
    assert ar.ai_output.state == "unreviewed" and ar.ai_output.target == ar and ar.method == "rules"
    [visit] = services.accept(officer, ar)
    assert services.suggestions(en) == [visit]  # the English report is recognised as the same event
    [same] = services.accept(officer, en)
    assert same == visit and Engagement.objects.count() == 1
    assert sorted(s.release.language for s in visit.sources.all()) == ["ar", "en"]
    ids = set(visit.participants.values_list("person_id", flat=True))
    assert {people[k].pk for k in ("buainain", "mahmudov", "sabir", "asadov", "farid", "mammadov", "aghayeva")} == ids
    assert Milestone.objects.get().year == 2026
    assert AuditEvent.objects.filter(action="relations.engagement.merge").count() == 1
    assert AuditEvent.objects.filter(action="relations.release.accept").count() == 2
    ar.refresh_from_db()
    assert ar.ai_output.state == "accepted" and ar.ai_output.reviewer == officer


def test_gafarova_spellings_are_one_person_hajiyevs_two(demo_register, officer, people):
    r1 = ingest(officer, "001")  # غافاروفا
    r4 = ingest(officer, "004")  # غفاروفا
    ids1 = {p["person_id"] for p in r1.extraction["mentioned"]}
    ids4 = {p["person_id"] for e in r4.extraction["events"] for p in e["participants"]}
    assert people["gafarova"].pk in ids1 & ids4
    assert Person.objects.match("غافاروفا").get() == Person.objects.match("غفاروفا").get() == Person.objects.match("Gafarova").get()
    assert Person.objects.match("Farid Hajiyev").get() != Person.objects.match("Sabir Hajiyev").get()
    assert Person.objects.match("فريد حاجييف").get() == people["farid"]


def test_edits_are_kept_as_a_diff_and_new_people_are_created(demo_register, officer):
    release = services.ingest(officer, text=NEW_RELEASE, published=dt.date(2025, 5, 5))
    data = json.loads(json.dumps(release.extraction))
    event = data["events"][0]
    assert event["type"] == "meeting" and event["date"] == "2025-05-04"
    assert [p["name"] for p in event["participants"] if p["person_id"] is None] == ["جون سميث"]
    event["participants"][-1]["name_en"] = "John Smith"
    event["countries"] = ["BH", "GB"]
    n_people = Person.objects.count()
    [e] = services.accept(officer, release, extraction=data)
    assert Person.objects.count() == n_people + 1
    assert Person.objects.filter(name_en="John Smith", name_ar="جون سميث").exists()
    output = AIOutput.objects.get(pk=release.ai_output_id)
    assert output.state == "edited" and any(d["path"].endswith("name_en") for d in output.diff)
    # the outcome became an action item on the follow-up board, linked back to the engagement
    item = ActionItem.objects.get(source=f"relations.engagement:{e.pk}")
    assert e.actions.get().action_item == item and item.due_date is not None
    assert AuditEvent.objects.filter(action="action_item.create").exists()
    with pytest.raises(ValidationError):
        services.accept(officer, release)  # already reviewed


def test_permissions(db, officer, user_factory):
    clerk = user_factory("clerk-r", Role.CLERK)
    aigov = user_factory("aigov-r", Role.AI_GOVERNANCE_OFFICER)
    with pytest.raises(PermissionDenied):
        services.ingest(clerk, text=seed("000"), published=PUBLISHED["000"])
    release = ingest(officer, "000")
    with pytest.raises(PermissionDenied):
        services.accept(aigov, release)
    with pytest.raises(PermissionDenied):
        services.reject(clerk, release)
    with pytest.raises(PermissionDenied):
        services.create_engagement(clerk, type="visit")
    services.reject(officer, release, "duplicate")
    assert AIOutput.objects.get(pk=release.ai_output_id).state == "rejected" and Engagement.objects.count() == 0


def test_kill_switch_and_manual_entry(demo_register, officer, aigov, people):
    extract.register_system()
    governance.set_enabled(aigov, extract.SYSTEM_KEY, False)
    with pytest.raises(governance.FeatureDisabled):
        ingest(officer, "000")
    assert PressRelease.objects.count() == 0 and AIOutput.objects.count() == 0
    client = Client()
    client.force_login(officer)
    page = client.get("/relations/ingest")
    assert page.status_code == 200 and 'data-testid="ai-disabled"' in page.content.decode()
    r = client.post("/relations/ingest", {"text": seed("000")})
    assert r.status_code == 302 and r["Location"].endswith("/relations/engagements/new")
    r = client.post("/api/relations/releases", {"text": seed("000")}, content_type="application/json")
    assert r.status_code == 409 and "disabled" in r.json()["detail"]
    # the manual path still works
    r = client.post("/relations/engagements/new", {"type": "visit", "date": "2025-09-07", "countries": "BH, AZ",
                                                    "participants": [people["buainain"].pk], "outcomes": "Exchange staff visits"})
    assert r.status_code == 302
    e = Engagement.objects.get()
    assert {c.code for c in e.countries.all()} == {"BH", "AZ"} and e.actions.count() == 1
    governance.set_enabled(aigov, extract.SYSTEM_KEY, True)
    assert ingest(officer, "000").status == "pending"


BAD = [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
    ("مرحبا".encode("cp1256") * 40, "UTF-8"),
    ("Ø§Ù„Ù…Ø¬Ù„Ø³ Ø§Ù„Ù†ÙˆØ§Ø¨ ".encode("utf-8") * 10, "mis-encoded"),
    (b"%PDF-1.4 not really a pdf", "PDF"),
    (b"x" * (6 * 1024 * 1024), "too large"),
    ("The weather is fine today and the garden is very green indeed, all year round.".encode() * 2, "no engagement"),
]


@pytest.mark.parametrize("data,reason", BAD)
def test_bad_input_saves_nothing(db, officer, data, reason):
    with pytest.raises(ValidationError) as exc:
        services.ingest(officer, data=data, filename="x.txt" if not data.startswith(b"%PDF") else "x.pdf")
    assert reason in str(exc.value)
    assert PressRelease.objects.count() == 0 and AIOutput.objects.count() == 0


def test_pdf_without_text_and_docx_and_html(db, officer):
    from pypdf import PdfWriter

    buf = io.BytesIO()
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.write(buf)
    with pytest.raises(ValidationError, match="no text layer"):
        services.ingest(officer, data=buf.getvalue(), filename="scan.pdf")
    import docx

    d = docx.Document()
    for line in seed("002").splitlines():
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    release = services.ingest(officer, data=out.getvalue(), filename="release.docx", published=PUBLISHED["002"])
    assert release.language == "en" and release.extraction["events"][0]["date"] == "2025-09-07"
    html = "<html><head><script>x()</script></head><body><p>" + seed("000").replace("\n", "</p><p>") + "</p></body></html>"
    r2 = services.ingest(officer, data=html.encode(), filename="r.html", published=PUBLISHED["000"])
    assert r2.language == "ar" and "x()" not in r2.text
    with pytest.raises(ValidationError, match="already ingested"):
        services.ingest(officer, text=seed("000"), published=PUBLISHED["000"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_random_input_is_a_clear_error_or_a_release(db, officer, data):
    n = PressRelease.objects.count()
    try:
        services.ingest(officer, data=data, filename="x.txt", published=dt.date(2025, 1, 1))
    except ValidationError as exc:
        assert exc.messages and PressRelease.objects.count() == n
    else:
        assert PressRelease.objects.count() == n + 1


def test_api(demo_register, officer_client, user_factory):
    r = officer_client.post("/api/relations/releases", {"text": seed("000"), "published": "2025-09-07"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["extraction"]["events"][0]["date"] == "2025-09-07"
    pk = r.json()["id"]
    assert officer_client.post("/api/relations/releases", {"text": ""}, content_type="application/json").status_code == 400
    assert officer_client.post("/api/relations/releases", {"text": "hello " * 40}, content_type="application/json").status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = officer_client.post("/api/relations/releases/upload", {"file": SimpleUploadedFile("b.bin", b"\x00\x01" * 100)})
    assert r.status_code == 400 and "binary" in json.dumps(r.json())
    r = officer_client.post("/api/relations/releases/upload", {"file": SimpleUploadedFile("r.txt", seed("002").encode()), "published": "2025-09-07"})
    assert r.status_code == 201
    assert len(officer_client.get("/api/relations/releases").json()) == 2
    r = officer_client.post(f"/api/relations/releases/{pk}/accept", {"merges": {"first": None}}, content_type="application/json")
    assert r.status_code == 400 and "merge" in json.dumps(r.json())  # an event number that is not a number
    assert PressRelease.objects.get(pk=pk).status == "pending"
    r = officer_client.post(f"/api/relations/releases/{pk}/accept", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()[0]["countries"] == ["AZ", "BH"]
    public = Client()
    assert public.get("/api/relations/engagements?country=AZ").json()[0]["date"] == "2025-09-07"
    assert public.get("/api/relations/releases").status_code == 401
    clerk = Client()
    clerk.force_login(user_factory("clerk-api", Role.CLERK))
    assert clerk.post("/api/relations/releases", {"text": seed("003")}, content_type="application/json").status_code == 403
    r = officer_client.post("/api/relations/agreements", {"title_en": "MoU", "countries": ["BH", "AZ"]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    aid = r.json()["id"]
    assert officer_client.post(f"/api/relations/agreements/{aid}/status", {"status": "in_force"}, content_type="application/json").status_code == 400
    for status in ("negotiated", "signed", "in_force", "expired"):
        r = officer_client.post(f"/api/relations/agreements/{aid}/status", {"status": status}, content_type="application/json")
        assert r.status_code == 200 and r.json()["status"] == status


def test_cli_extract_and_ingest(db, tmp_path):
    path = tmp_path / "000.txt"
    path.write_text(seed("000"), "utf-8")
    out = io.StringIO()
    call_command("relations", "extract", str(path), "--published", "2025-09-07", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"language", "events", "mentioned", "method"} and data["events"][0]["date"] == "2025-09-07"
    assert PressRelease.objects.count() == 0
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError) as exc:
        call_command("relations", "extract", str(bad), "--json")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("relations", "ingest", str(path), "--published", "07/09/2025")
    assert exc.value.returncode == 2
    out = io.StringIO()
    call_command("relations", "ingest", str(path), "--published", "2025-09-07", stdout=out)
    assert "waits for review" in out.getvalue() and PressRelease.objects.count() == 1


def test_llm_backend_is_used_when_configured(db, officer, settings, monkeypatch):
    from majlis.relations import llm

    settings.LLM_URL = "http://llm.invalid/v1"
    seen = {}

    def fake_post(url, payload):
        seen["url"] = url
        draft = json.loads(payload["messages"][1]["content"])["draft"]
        draft["events"][0]["topics"] = ["parliamentary_cooperation"]
        return {"choices": [{"message": {"content": json.dumps(draft)}}]}

    monkeypatch.setattr(llm, "post", fake_post)
    release = ingest(officer, "000")
    assert seen["url"] == "http://llm.invalid/v1/chat/completions"
    assert release.method.startswith("llm:") and release.extraction["events"][0]["topics"] == ["parliamentary_cooperation"]
    monkeypatch.setattr(llm, "post", lambda url, payload: (_ for _ in ()).throw(TimeoutError()))
    assert ingest(officer, "002").method == "rules"  # the LLM failing falls back to the rules


def test_groups_reuse_register_bodies_and_memberships(demo_register, officer_client, officer, people, user_factory):
    from majlis.core.models import Membership, Organization

    r = officer_client.post("/relations/groups/", {"action": "create", "name_ar": "مجموعة الصداقة البحرينية القطرية",
                                                    "name_en": "Bahrain–Qatar Friendship Group", "country": "QA"})
    assert r.status_code == 302
    group = Organization.objects.get(name_en="Bahrain–Qatar Friendship Group")
    assert group.classification == "friendship_group" and group.country.code == "QA"
    officer_client.post("/relations/groups/", {"action": "member", "group": group.pk, "person": people["musallam"].pk, "chair": "1"})
    officer_client.post("/relations/groups/", {"action": "member", "group": group.pk, "person": people["buainain"].pk})
    assert services.group_chair(group) == people["musallam"]
    assert Membership.objects.filter(organization=group).count() == 2
    with pytest.raises(ValidationError):
        services.add_group_member(officer, group, people["buainain"])
    for m in group.memberships.all():  # each membership is audited, by the actor who added it
        assert AuditEvent.objects.filter(action="membership.create", object_id=str(m.pk), actor=officer).count() == 1
    for language, name in [("ar", "مجموعة الصداقة البحرينية القطرية"), ("en", "Bahrain–Qatar Friendship Group")]:
        reader = Client()
        reader.cookies["majlis_language"] = language
        assert name in reader.get("/relations/groups/").content.decode(), language
    clerk = Client()
    clerk.force_login(user_factory("clerk-g", Role.CLERK))
    assert clerk.post("/relations/groups/", {"action": "create", "name_en": "X"}).status_code == 403
    # the working group of the seeds: its chair is Sabir Hajiyev, from the register
    wg = Organization.objects.get(name_en__startswith="Azerbaijan–Bahrain Interparliamentary")
    assert services.group_chair(wg) == people["sabir"]


def test_search_registration():
    from majlis.search.registry import types

    assert {"relations.engagement", "relations.agreement"} <= set(types())

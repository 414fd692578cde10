import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from majlis.ai import governance
from majlis.ai.models import AIOutput, AISystem, Incident
from majlis.core.models import AuditEvent
from majlis.core.roles import Role

SPEC = dict(name_en="Test feature", name_ar="ميزة تجريبية", purpose_en="testing", provider="Majlis", model="rules", version="1", risk_level="limited")


@pytest.fixture
def system(db):
    return governance.ensure_system("test.feature", **SPEC)


@pytest.fixture
def aigov(db, user_factory):
    return user_factory("aigov-t", Role.AI_GOVERNANCE_OFFICER)


def test_ensure_system_is_idempotent_and_audits_model_change(system):
    n_events = AuditEvent.objects.count()
    again = governance.ensure_system("test.feature", **SPEC)
    assert again.pk == system.pk and AuditEvent.objects.count() == n_events
    changed = governance.ensure_system("test.feature", **{**SPEC, "version": "2"})
    assert changed.version == "2"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "ai.system.model_change" and event.before["version"] == "1" and event.after["version"] == "2"
    assert AISystem.objects.count() == 1


def test_ensure_system_rejects_bad_risk(db):
    with pytest.raises(ValidationError):
        governance.ensure_system("x", **{**SPEC, "risk_level": "extreme"})


def test_unregistered_is_disabled(db):
    assert governance.is_enabled("nope") is False
    with pytest.raises(governance.FeatureDisabled):
        governance.require_enabled("nope")


def test_kill_switch_only_for_governance_officer(system, aigov, user_factory):
    relations = user_factory("rel-t", Role.RELATIONS_OFFICER)
    with pytest.raises(PermissionDenied):
        governance.set_enabled(relations, "test.feature", False)
    assert governance.is_enabled("test.feature")
    governance.set_enabled(aigov, "test.feature", False)
    assert not governance.is_enabled("test.feature")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "ai.system.disable" and event.actor_name == "aigov-t"
    # re-registration by the feature does not switch it back on
    governance.ensure_system("test.feature", **SPEC)
    assert not governance.is_enabled("test.feature")


def test_record_output_hashes_inputs_and_review_keeps_diff(system, aigov):
    out = governance.record_output("test.feature", inputs={"text": "abc", "b": 1}, output={"a": 1, "list": [{"n": "x"}]}, user=aigov, latency_ms=12)
    assert out.state == "unreviewed" and out.model == "rules" and out.version == "1" and len(out.input_hash) == 64
    same = governance.input_hash({"b": 1, "text": "abc"})
    assert same == out.input_hash
    reviewed = governance.review(aigov, out, "accepted", final={"a": 2, "list": [{"n": "y"}]})
    assert reviewed.state == "edited"  # accepted with changes counts as edited
    paths = {d["path"]: (d["before"], d["after"]) for d in reviewed.diff}
    assert paths == {"a": (1, 2), "list[0].n": ("x", "y")}
    with pytest.raises(ValidationError):
        governance.review(aigov, out, "rejected")
    assert AuditEvent.objects.filter(action="ai.output.edited").exists()


def test_review_needs_a_person(system):
    out = governance.record_output("test.feature", inputs="x", output={"a": 1})
    with pytest.raises(PermissionDenied):
        governance.review(None, out, "accepted")


def test_output_log_is_append_only(system):
    out = governance.record_output("test.feature", inputs="x", output={"a": 1})
    with pytest.raises(PermissionError):
        out.delete()


def test_incident_and_rates_and_csv(system, aigov, user_factory):
    clerk = user_factory("clerk-x", Role.CLERK)
    a = governance.record_output("test.feature", inputs="1", output={"v": 1})
    b = governance.record_output("test.feature", inputs="2", output={"v": 2})
    governance.record_output("test.feature", inputs="3", output={"v": 3})
    governance.review(aigov, a, "accepted")
    governance.review(aigov, b, "rejected")
    inc = governance.report_incident(clerk, output=b, description="the date is wrong")
    assert inc.state == "open" and inc.system == system
    with pytest.raises(ValidationError):
        governance.report_incident(clerk, output=b, description="  ")
    row = [r for r in governance.rates() if r["key"] == "test.feature"][0]
    assert (row["outputs"], row["reviewed"], row["accepted"], row["rejected"], row["open_incidents"]) == (3, 2, 1, 1, 1)
    assert row["acceptance_rate"] == 0.5
    with pytest.raises(PermissionDenied):
        governance.resolve_incident(clerk, inc, "fixed")
    governance.resolve_incident(aigov, inc, "fixed the rule")
    buf = io.StringIO()
    assert governance.export_csv(buf, system="test.feature") == 3
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0] == governance.CSV_COLUMNS and len(rows) == 4


def test_assessment(system, aigov, user_factory):
    a = governance.record_assessment(aigov, "test.feature", findings="fine", decision="approved")
    assert a.assessor == aigov and a.model_version == "rules 1"
    with pytest.raises(PermissionDenied):
        governance.record_assessment(user_factory("c2", Role.CLERK), "test.feature", findings="x", decision="approved")


def test_governance_page_and_switch_and_export(system, aigov, user_factory):
    client = Client()
    client.force_login(aigov)
    page = client.get("/ai/")
    assert page.status_code == 200 and "test.feature" in page.content.decode()
    r = client.post("/ai/systems/test.feature/switch", {"enabled": "0"})
    assert r.status_code == 302 and not governance.is_enabled("test.feature")
    governance.record_output("test.feature", inputs="1", output={"v": "عربي"})
    r = client.get("/ai/log.csv")
    assert r.status_code == 200 and "عربي" in r.content.decode("utf-8-sig")
    other = Client()
    other.force_login(user_factory("c3", Role.CLERK))
    assert other.get("/ai/").status_code == 403
    assert other.post("/ai/systems/test.feature/switch", {"enabled": "1"}).status_code == 403


def test_switch_and_assessment_of_an_unknown_system_are_messages_not_errors(system, aigov):
    client = Client()
    client.force_login(aigov)
    for url in ["/ai/systems/no.such/switch", "/ai/systems/no.such/assess"]:
        r = client.post(url, {"enabled": "0", "findings": "x", "decision": "approved"}, follow=True)
        assert r.status_code == 200 and "no.such" in r.content.decode(), url
    assert governance.is_enabled("test.feature") and not system.assessments.exists()


def test_report_button_page(system, user_factory):
    out = governance.record_output("test.feature", inputs="1", output={"v": 1})
    client = Client()
    client.force_login(user_factory("c4", Role.CLERK))
    r = client.post(f"/ai/outputs/{out.pk}/report", {"description": "wrong person", "next": "/"})
    assert r.status_code == 302 and Incident.objects.filter(output=out).count() == 1


def test_api(system, aigov, user_factory):
    client = Client()
    client.force_login(aigov)
    r = client.get("/api/ai/systems")
    assert r.status_code == 200 and r.json()[0]["key"] == "test.feature"

    client = Client(enforce_csrf_checks=False)
    client.force_login(aigov)
    r = client.post("/api/ai/systems/test.feature/enabled", {"enabled": False}, content_type="application/json")
    assert r.status_code == 200 and r.json()["enabled"] is False
    clerk = Client()
    clerk.force_login(user_factory("c5", Role.CLERK))
    assert clerk.post("/api/ai/systems/test.feature/enabled", {"enabled": True}, content_type="application/json").status_code == 403
    assert clerk.get("/api/ai/outputs").status_code == 403
    out = governance.record_output("test.feature", inputs="1", output={"v": 1})
    r = clerk.post(f"/api/ai/outputs/{out.pk}/incidents", {"description": ""}, content_type="application/json")
    assert r.status_code == 400
    r = clerk.post(f"/api/ai/outputs/{out.pk}/incidents", {"description": "bad"}, content_type="application/json")
    assert r.status_code == 201

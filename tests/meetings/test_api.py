import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.models import Meeting, Paper, Vote

pytestmark = pytest.mark.django_db


def _json(client, method, url, body=None):
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")
    return response.status_code, (response.json() if response.content and response["Content-Type"].startswith("application/json") else response.content)


def member_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_clerk_creates_meeting_and_bad_input_is_a_400_with_field(clerk_client, council):
    status, body = _json(clerk_client, "post", "/api/meetings/", {"body_id": council.chamber.pk, "session_id": council.session.pk,
                                                                  "title_en": "Sitting", "start": timezone.now().isoformat()})
    assert status == 201 and body["state"] == "draft" and body["number"] is None
    mid = body["id"]
    status, body = _json(clerk_client, "post", "/api/meetings/", {"body_id": council.chamber.pk, "start": timezone.now().isoformat()})
    assert status == 400 and body["errors"][0]["field"] == "title_ar"
    status, body = _json(clerk_client, "post", f"/api/meetings/{mid}/transition", {"action": "fly"})
    assert status == 400 and body["errors"][0]["field"] == "action"
    status, body = _json(clerk_client, "post", f"/api/meetings/{mid}/transition", {"action": "convene"})
    assert status == 200 and body["state"] == "convened" and body["number"] == 1
    status, agenda = _json(clerk_client, "get", f"/api/meetings/{mid}/agenda")
    assert [i["number"] for i in agenda] == ["1", "2", "3"]


def test_members_cannot_prepare_and_public_cannot_see_drafts(council, clerk_client):
    member = member_client(council.users[0])
    status, _ = _json(member, "post", "/api/meetings/", {"body_id": council.chamber.pk, "title_en": "x", "start": timezone.now().isoformat()})
    assert status == 403
    _, body = _json(clerk_client, "post", "/api/meetings/", {"body_id": council.chamber.pk, "title_en": "Draft", "start": timezone.now().isoformat()})
    assert Client().get(f"/api/meetings/{body['id']}").status_code == 404
    assert Client().get("/api/meetings/").json()["count"] == 0
    assert Client().get(f"/meetings/{body['id']}/").status_code == 404


def test_voting_over_http_and_results_exports(council, clerk_client, sitting):
    status, poll = _json(clerk_client, "post", f"/api/meetings/{sitting.pk}/polls", {"title_en": "Adopt?", "kind": "named"})
    assert status == 201
    status, poll = _json(clerk_client, "post", f"/api/meetings/polls/{poll['id']}/open")
    assert status == 200 and poll["state"] == "open"
    for i, user in enumerate(council.users[:6]):
        status, ack = _json(member_client(user), "post", f"/api/meetings/polls/{poll['id']}/votes", {"choice": "yes" if i < 4 else "no"})
        assert status == 200 and ack["choice"] in ("yes", "no")
    status, body = _json(member_client(council.users[0]), "post", f"/api/meetings/polls/{poll['id']}/open")
    assert status == 403  # members do not run polls
    status, body = _json(member_client(council.users[0]), "post", f"/api/meetings/polls/{poll['id']}/votes", {"choice": "maybe"})
    assert status == 400 and body["errors"][0]["field"] == "choice"
    status, closed = _json(clerk_client, "post", f"/api/meetings/polls/{poll['id']}/close")
    assert closed["counts"] == {"yes": 4, "no": 2, "abstain": 0} and closed["adopted"] is True
    csv_text = Client().get(f"/api/meetings/polls/{poll['id']}/results.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "person_id,name_ar,name_en,vote" and len(lines) == 10 and sum(1 for line in lines if line.endswith(",yes")) == 4
    pdf = Client().get(f"/api/meetings/polls/{poll['id']}/results.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_secret_poll_counts_hidden_while_open(council, clerk, sitting):
    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Secret", kind="secret"))
    services.cast_vote(council.users[0], poll, "yes")
    body = Client().get(f"/api/meetings/polls/{poll.pk}").json()
    assert body["counts"] is None and body["votes_cast"] == 1
    state = Client().get(f"/api/meetings/{sitting.pk}/state").json()
    assert state["poll"]["counts"] is None


def test_floor_requests_and_chair_controls(council, clerk_client, sitting):
    member = member_client(council.users[1])
    status, slot = _json(member, "post", f"/api/meetings/{sitting.pk}/speakers", {"kind": "speech"})
    assert status == 201 and slot["person_id"] == council.members[1].pk
    status, _ = _json(member, "post", f"/api/meetings/speakers/{slot['id']}/give")
    assert status == 403
    status, started = _json(clerk_client, "post", f"/api/meetings/speakers/{slot['id']}/give")
    assert status == 200 and started["state"] == "speaking" and started["started_at"]
    status, ended = _json(clerk_client, "post", f"/api/meetings/speakers/{slot['id']}/end")
    assert ended["state"] == "done" and ended["ended_at"] >= ended["started_at"]
    assert [s["id"] for s in Client().get(f"/api/meetings/{sitting.pk}/speakers").json()] == [slot["id"]]


def test_paper_upload_checks_content_not_extension(clerk_client, sitting):
    upload = io.BytesIO(b"MZ\x90\x00binary")
    upload.name = "looks-like.pdf"
    response = clerk_client.post(f"/api/meetings/{sitting.pk}/papers", {"file": upload, "title_en": "Bad"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "file"
    text = io.BytesIO("نص الورقة\nPaper text\n".encode())
    text.name = "paper.pdf"  # the name lies; the content is plain text
    response = clerk_client.post(f"/api/meetings/{sitting.pk}/papers", {"file": text, "title_en": "Note", "access": "public"})
    assert response.status_code == 201 and response.json()["content_type"] == "text/plain"
    paper = Paper.objects.get()
    assert "نص الورقة" in paper.text and paper.pages == 1
    assert Client().get(f"/api/meetings/papers/{paper.pk}/file").status_code == 200


def test_paper_access_levels(council, clerk, sitting):
    restricted = services.upload_paper(clerk, sitting, filename="r.txt", data=b"secret", title_en="R", access="restricted")
    members = services.upload_paper(clerk, sitting, filename="m.txt", data=b"members", title_en="M", access="members")
    assert Client().get(f"/api/meetings/papers/{members.pk}/file").status_code == 404
    member = member_client(council.users[0])
    assert member.get(f"/api/meetings/papers/{members.pk}/file").status_code == 200
    assert member.get(f"/api/meetings/papers/{restricted.pk}/file").status_code == 404
    assert [p["title_en"] for p in member.get(f"/api/meetings/{sitting.pk}/papers").json()] == ["M"]


def test_pdf_and_docx_papers_are_read(clerk, sitting):
    import docx

    from majlis.core.pdf import render_pdf

    pdf = render_pdf("web/pdf_base.html", {}, lang="en")
    paper = services.upload_paper(clerk, sitting, filename="x.pdf", data=pdf, title_en="PDF")
    assert paper.content_type == "application/pdf" and paper.pages == 1
    document = docx.Document()
    document.add_paragraph("مشروع القانون")
    out = io.BytesIO()
    document.save(out)
    paper = services.upload_paper(clerk, sitting, filename="x.docx", data=out.getvalue(), title_en="DOCX")
    assert paper.content_type.endswith("wordprocessingml.document") and "مشروع القانون" in paper.text
    with pytest.raises(ValidationError, match="not a Word document|DOCX"):
        services.upload_paper(clerk, sitting, filename="x.zip", data=b"PK\x03\x04garbage", title_en="zip")


def test_minutes_api_conflict_and_exports(council, clerk_client, clerk, sitting):
    services.record_decision(clerk, sitting, text_en="Agreed", text_ar="اتفق")
    services.transition(clerk, sitting, "close")
    status, minutes = _json(clerk_client, "post", f"/api/meetings/{sitting.pk}/minutes/generate")
    assert status == 200 and minutes["state"] == "draft"
    assert Client().get(f"/api/meetings/{sitting.pk}/minutes").status_code == 404  # drafts are the secretariat's
    v = minutes["version"]
    status, saved = _json(clerk_client, "put", f"/api/meetings/{sitting.pk}/minutes", {"base_version": v, "body_en": "Edited"})
    assert status == 200 and saved["version"] == v + 1
    status, body = _json(clerk_client, "put", f"/api/meetings/{sitting.pk}/minutes", {"base_version": v, "body_en": "Lost update"})
    assert status == 400 and body["errors"][0]["field"] == "base_version"
    response = clerk_client.get(f"/api/meetings/{sitting.pk}/minutes.docx?lang=ar")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    import docx

    document = docx.Document(io.BytesIO(response.content))
    arabic = [p for p in document.paragraphs if "اتفق" in p.text][0]
    assert arabic._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None


def test_action_items_api_and_my_tasks(council, clerk_client):
    status, item = _json(clerk_client, "post", "/api/meetings/action-items", {"title_en": "Report", "owner_person_id": council.members[0].pk, "due_date": "2020-01-01"})
    assert status == 201 and item["overdue"] is True
    status, body = _json(clerk_client, "post", "/api/meetings/action-items", {"title_en": "No owner"})
    assert status == 400 and body["errors"][0]["field"] == "owner"
    owner = member_client(council.users[0])
    mine = owner.get("/api/meetings/action-items?mine=true").json()
    assert [i["id"] for i in mine["items"]] == [item["id"]]
    status, done = _json(owner, "post", f"/api/meetings/action-items/{item['id']}/status", {"status": "done"})
    assert status == 200 and done["status"] == "done"
    status, _ = _json(member_client(council.users[1]), "post", f"/api/meetings/action-items/{item['id']}/status", {"status": "open"})
    assert status == 403


def test_rules_api(council, clerk_client):
    status, rules = _json(clerk_client, "put", f"/api/meetings/rules/{council.chamber.pk}", {"max_speakers": 3, "speech_seconds": 240})
    assert status == 200 and rules["max_speakers"] == 3
    assert Client().get(f"/api/meetings/rules/{council.chamber.pk}").json()["speech_seconds"] == 240
    status, body = _json(clerk_client, "put", f"/api/meetings/rules/{council.chamber.pk}", {"default_majority": "unanimous"})
    assert status == 400


def test_pages_render_for_each_role(council, clerk_client, sitting):
    assert Client().get("/meetings/").status_code == 200
    assert Client().get(f"/meetings/{sitting.pk}/projector/").status_code == 200
    assert Client().get(f"/meetings/{sitting.pk}/console/").status_code in (302, 403)
    assert clerk_client.get(f"/meetings/{sitting.pk}/console/").status_code == 200
    member = member_client(council.users[0])
    page = member.get(f"/meetings/{sitting.pk}/tablet/")
    assert page.status_code == 200 and b"request-floor" in page.content
    assert member.get(f"/meetings/{sitting.pk}/console/").status_code == 403
    assert member.get("/meetings/follow-up/").status_code == 200
    response = clerk_client.post(f"/meetings/{sitting.pk}/transition/", {"action": "suspend"})
    assert response.status_code == 302 and Meeting.objects.get(pk=sitting.pk).state == "suspended"


def test_page_forms_create_meeting_and_refuse_bad_input(council, clerk_client):
    response = clerk_client.post("/meetings/new/", {"body": council.chamber.pk, "title_en": "", "start": "2026-01-01T10:00"})
    assert response.status_code == 200 and "title" in response.content.decode()
    response = clerk_client.post("/meetings/new/", {"body": council.chamber.pk, "session": council.session.pk, "title_en": "New", "kind": "plenary",
                                                    "mode": "in_person", "start": "2026-01-01T10:00"})
    assert response.status_code == 302 and Meeting.objects.filter(title_en="New").exists()


def test_every_official_change_is_in_the_audit_chain(council, clerk, sitting):
    from majlis.core import audit

    poll = services.open_poll(clerk, services.create_poll(clerk, sitting, title_en="Q"))
    services.cast_vote(council.users[0], poll, "yes")
    services.close_poll(clerk, poll)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meeting.create", "meeting.convene", "meeting.open", "attendance.record", "poll.open", "poll.close"} <= actions
    assert audit.verify().ok
    assert Vote.objects.count() == 1


def test_home_card_and_search_registration(council, clerk, sitting):
    from majlis.search.registry import types

    registered = types()
    assert {"meetings.paper", "meetings.decision", "meetings.action_item"} <= set(registered)
    paper = services.upload_paper(clerk, sitting, filename="p.txt", data="الميزانية العامة".encode(), title_en="Budget", access="public")
    document = registered["meetings.paper"].to_document(paper)
    assert "الميزانية" in document.text and document.public
    member = member_client(council.users[0])
    assert member.get("/").status_code == 200


def test_motions_list_reads_cosigners_in_one_query(council, clerk, sitting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def list_motions():
        with CaptureQueriesContext(connection) as ctx:
            rows = Client().get(f"/api/meetings/{sitting.pk}/motions").json()
        return rows, len(ctx.captured_queries)

    services.submit_motion(clerk, sitting, title_en="M0", text_en="t", submitter=council.members[0], cosigners=[council.members[1]])
    _, one = list_motions()
    for i in range(1, 4):
        services.submit_motion(clerk, sitting, title_en=f"M{i}", text_en="t", submitter=council.members[0],
                               cosigners=[council.members[i + 1], council.members[i + 2]])
    rows, four = list_motions()
    assert four == one  # no query per motion
    assert {r["title_en"]: r["cosigner_ids"] for r in rows}["M3"] == sorted([council.members[4].pk, council.members[5].pk])

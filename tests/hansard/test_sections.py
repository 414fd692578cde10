"""Sections from the editor and the API: add, rename, reorder (audited, editors only,
refused on a published record, bad input a field error with nothing half-saved)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from majlis.core import services as core_services
from majlis.core.models import AuditEvent
from majlis.hansard import services
from majlis.hansard.models import Record, Section
from tests.conftest import make_user


def _top(record):
    return list(Section.objects.filter(record=record, parent=None).order_by("order", "id"))


def _errors(response):
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


# --- services -----------------------------------------------------------------------------

def test_add_after_rename_and_move_are_audited(seeded_record, editor):
    first, second = _top(seeded_record)[:2]
    revision = seeded_record.revision
    new = services.add_section(editor, seeded_record, heading_ar="  أسئلة   الأعضاء ", heading_en="Members' questions", after=first)
    assert new.heading_ar == "أسئلة الأعضاء" and new.eid.startswith("dbsect_")
    assert [s.pk for s in _top(seeded_record)][:3] == [first.pk, new.pk, second.pk]
    seeded_record.refresh_from_db()
    assert seeded_record.revision > revision

    renamed = services.rename_section(editor, new, heading_en="Questions")
    assert (renamed.heading_ar, renamed.heading_en) == ("أسئلة الأعضاء", "Questions")
    moved = services.move_section(editor, new, step=-1)
    assert _top(seeded_record)[0].pk == moved.pk
    services.move_section(editor, new, step=2)
    assert [s.pk for s in _top(seeded_record)][:3] == [first.pk, second.pk, new.pk]

    actions = list(AuditEvent.objects.filter(object_repr__startswith=f"{seeded_record.pk}:{new.eid}").values_list("action", flat=True))
    assert actions == ["hansard.section.add", "hansard.section.rename", "hansard.section.move", "hansard.section.move"]
    rename = AuditEvent.objects.get(action="hansard.section.rename", object_repr=f"{seeded_record.pk}:{new.eid}")
    assert rename.before["heading_en"] == "Members' questions" and rename.after["heading_en"] == "Questions"


def test_moving_a_section_keeps_its_speeches(seeded_record, editor):
    sections = _top(seeded_record)
    last = sections[-1]
    texts = list(last.speeches.order_by("order").values_list("text", flat=True))
    services.move_section(editor, last, step=-(len(sections) - 1))
    assert _top(seeded_record)[0].pk == last.pk
    assert list(last.speeches.order_by("order").values_list("text", flat=True)) == texts


def test_bad_input_is_a_field_error_and_nothing_is_saved(seeded_record, editor, sitting):
    first = _top(seeded_record)[0]
    count = Section.objects.count()
    with pytest.raises(ValidationError) as info:
        services.add_section(editor, seeded_record, heading_en="x" * 501)
    assert "heading_en" in info.value.error_dict
    other = services.create_record(editor, date=seeded_record.date)
    foreign = services.add_section(editor, other, heading_en="Elsewhere")
    with pytest.raises(ValidationError) as info:
        services.add_section(editor, seeded_record, heading_en="Stray", after=foreign)
    assert "after" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.move_section(editor, first, step=-1)
    assert "already first" in str(info.value)
    with pytest.raises(ValidationError):
        services.move_section(editor, first, step=0)
    assert Section.objects.count() == count + 1  # only the other record's section


def test_a_published_record_refuses_section_changes(published_record, editor):
    section = _top(published_record)[0]
    count = Section.objects.filter(record=published_record).count()
    for call in (
        lambda: services.add_section(editor, published_record, heading_en="Late"),
        lambda: services.rename_section(editor, section, heading_en="Renamed"),
        lambda: services.move_section(editor, _top(published_record)[1], step=-1),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert "published" in str(info.value) and "correction" in str(info.value)
    assert Section.objects.filter(record=published_record).count() == count
    section.refresh_from_db()
    assert section.heading_en != "Renamed"


def test_only_editors_change_sections(seeded_record, user_factory):
    clerk = user_factory("clerk-s", "clerk")
    with pytest.raises(PermissionDenied):
        services.add_section(clerk, seeded_record, heading_en="No")
    with pytest.raises(PermissionDenied):
        services.rename_section(clerk, _top(seeded_record)[0], heading_en="No")


# --- API ----------------------------------------------------------------------------------

def test_api_adds_renames_and_moves(seeded_record, editor_client):
    first = _top(seeded_record)[0]
    r = editor_client.post(f"/api/hansard/records/{seeded_record.pk}/sections",
                           {"heading_ar": "مداخلات", "heading_en": "Interventions", "after_id": first.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["eid"].startswith("dbsect_") and data["record_revision"] == Record.objects.get(pk=seeded_record.pk).revision
    assert _top(seeded_record)[1].pk == data["id"]

    r = editor_client.patch(f"/api/hansard/sections/{data['id']}", {"heading_en": "Statements"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["heading_en"] == "Statements" and r.json()["heading_ar"] == "مداخلات"

    r = editor_client.post(f"/api/hansard/sections/{data['id']}/move", {"step": -1}, content_type="application/json")
    assert r.status_code == 200 and _top(seeded_record)[0].pk == data["id"]

    r = editor_client.post(f"/api/hansard/sections/{data['id']}/move", {"step": -1}, content_type="application/json")
    assert r.status_code == 400 and "already first" in _errors(r)["step"]


def test_api_bad_input_names_the_field(seeded_record, editor_client, editor):
    count = Section.objects.count()
    url = f"/api/hansard/records/{seeded_record.pk}/sections"
    r = editor_client.post(url, {"heading_en": "x" * 600}, content_type="application/json")
    assert r.status_code == 400 and "500" in _errors(r)["heading_en"]
    other = services.create_record(editor, date=seeded_record.date)
    foreign = services.add_section(editor, other, heading_en="Elsewhere")
    r = editor_client.post(url, {"heading_en": "Stray", "after_id": foreign.pk}, content_type="application/json")
    assert r.status_code == 400 and "after_id" in _errors(r)
    r = editor_client.post(url, {"heading_en": "Stray", "parent_id": 999999}, content_type="application/json")
    assert r.status_code == 400 and "parent_id" in _errors(r)
    r = editor_client.post(f"/api/hansard/sections/{_top(seeded_record)[0].pk}/move", {"step": "up"}, content_type="application/json")
    assert r.status_code == 400
    assert Section.objects.count() == count + 1


def test_api_published_record_refuses(published_record, editor_client):
    r = editor_client.post(f"/api/hansard/records/{published_record.pk}/sections", {"heading_en": "Late"}, content_type="application/json")
    assert r.status_code == 400
    assert "published" in _errors(r)["state"]
    section = _top(published_record)[0]
    r = editor_client.patch(f"/api/hansard/sections/{section.pk}", {"heading_en": "Renamed"}, content_type="application/json")
    assert r.status_code == 400 and "state" in _errors(r)


@pytest.mark.parametrize("role", ["member", "clerk", "anonymous"])
def test_api_non_editors_cannot_add_sections(role, seeded_record, sitting):
    client = Client()
    if role != "anonymous":
        user = make_user(f"s-{role}", role)
        if role == "member":
            core_services.update_person(None, sitting["members"][2], user=user)  # speaks in this record
        client.force_login(user)
    count = Section.objects.filter(record=seeded_record).count()
    section = _top(seeded_record)[0]
    responses = [
        client.post(f"/api/hansard/records/{seeded_record.pk}/sections", {"heading_en": "Mine"}, content_type="application/json"),
        client.patch(f"/api/hansard/sections/{section.pk}", {"heading_en": "Mine"}, content_type="application/json"),
        client.post(f"/api/hansard/sections/{section.pk}/move", {"step": 1}, content_type="application/json"),
    ]
    assert {r.status_code for r in responses} == ({401} if role == "anonymous" else {403})
    assert Section.objects.filter(record=seeded_record).count() == count
    section.refresh_from_db()
    assert section.heading_en != "Mine"


def test_api_split_answers_both_parts_for_the_editor(seeded_record, editor_client):
    from majlis.hansard.models import Speech

    speech = Speech.objects.filter(record=seeded_record, language="en").first()
    at = speech.text.index("It protects")
    r = editor_client.post(f"/api/hansard/units/{speech.pk}/split", {"at": at, "base_revision": speech.revision},
                           content_type="application/json")
    assert r.status_code == 201
    data = r.json()
    assert data["text"] == "It protects public services."
    assert data["kept"]["id"] == speech.pk and data["kept"]["revision"] == speech.revision + 1
    assert data["kept"]["text"] == Speech.objects.get(pk=speech.pk).text


def test_editor_page_has_section_controls_for_editors_only(seeded_record, editor_client, clerk_client):
    editor_client.cookies["majlis_language"] = "ar"
    page = editor_client.get(f"/hansard/{seeded_record.pk}/edit/").content.decode()
    assert 'class="section-heading"' in page and 'id="section-template"' in page and 'id="unit-template-spoken"' in page
    assert "نقل القسم إلى الأعلى" in page and "قسم جديد بعد هذا القسم" in page
    clerk_page = clerk_client.get(f"/hansard/{seeded_record.pk}/edit/").content.decode()
    assert "section-heading" not in clerk_page and "section-template" not in clerk_page


def test_sub_sections_move_among_their_siblings_only(seeded_record, editor_client):
    parent = _top(seeded_record)[-1]
    top_before = [s.pk for s in _top(seeded_record)]
    url = f"/api/hansard/records/{seeded_record.pk}/sections"
    a = editor_client.post(url, {"heading_en": "A", "parent_id": parent.pk}, content_type="application/json").json()
    b = editor_client.post(url, {"heading_en": "B", "parent_id": parent.pk}, content_type="application/json").json()
    c = editor_client.post(url, {"heading_en": "C", "after_id": a["id"]}, content_type="application/json").json()
    assert c["parent_id"] == parent.pk
    children = lambda: list(Section.objects.filter(parent=parent).order_by("order", "id").values_list("heading_en", flat=True))  # noqa: E731
    assert children()[-3:] == ["A", "C", "B"]
    r = editor_client.post(f"/api/hansard/sections/{b['id']}/move", {"step": -2}, content_type="application/json")
    assert r.status_code == 200 and children()[-3:] == ["B", "A", "C"]
    assert [s.pk for s in _top(seeded_record)] == top_before

"""Standing orders as data: the opening items of each kind of meeting and the motion
workflow's admission step are per-body rules, set through the service and the API."""

import importlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from majlis.core.models import AuditEvent
from majlis.meetings import services
from majlis.meetings.models import DEFAULT_OPENING_ITEMS, BodyRules

pytestmark = pytest.mark.django_db

OATH = {"kind": "standard", "title_ar": "أداء اليمين", "title_en": "Oath of office"}


def _meeting(clerk, council, kind="plenary", **extra):
    return services.create_meeting(clerk, body=council.chamber, session=council.session, kind=kind, title_en="Sitting",
                                   start=timezone.now(), **extra)


def _agenda(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("kind", "title_ar", "title_en"))


def test_a_new_meeting_opens_with_the_items_its_body_rules_name(council, clerk):
    assert _agenda(_meeting(clerk, council, "bureau")) == [
        (i["kind"], i["title_ar"], i["title_en"]) for i in DEFAULT_OPENING_ITEMS["bureau"]]
    services.set_rules(clerk, council.chamber, opening_items={"plenary": [OATH, DEFAULT_OPENING_ITEMS["plenary"][0]]})
    assert _agenda(_meeting(clerk, council)) == [("standard", "أداء اليمين", "Oath of office"), ("apologies", "الاعتذارات", "Apologies")]
    assert _agenda(_meeting(clerk, council, "committee")) == []  # a kind the rules leave out starts empty
    assert _agenda(_meeting(clerk, council, standard_items=False)) == []
    event = AuditEvent.objects.filter(action="meeting_rules.set").latest("id")
    assert event.after["opening_items"]["plenary"][0] == OATH


@pytest.mark.parametrize("value, words", [
    (["apologies"], "mapping"),
    ({"plenum": []}, "plenum"),
    ({"plenary": "apologies"}, "list"),
    ({"plenary": [OATH, "apologies"]}, "item 2"),
    ({"plenary": [{**OATH, "kind": "prayer"}]}, "prayer"),
    ({"plenary": [{"kind": "standard", "title_ar": " ", "title_en": ""}]}, "title"),
    ({"plenary": [{**OATH, "colour": "red"}]}, "colour"),
    ({"plenary": [{**OATH, "title_en": 7}]}, "text"),
    ({"plenary": [{**OATH, "title_en": "x" * 501}]}, "at most 500"),  # else every new plenary would fail
])
def test_malformed_opening_items_are_refused_with_the_place_at_fault(council, clerk, value, words):
    with pytest.raises(ValidationError) as exc:
        services.set_rules(clerk, council.chamber, max_speakers=4, opening_items=value)
    assert words in " ".join(exc.value.message_dict["opening_items"])
    assert not BodyRules.objects.filter(body=council.chamber).exists()  # nothing half-saved


def test_titles_are_trimmed_and_kind_defaults_to_a_standard_item(council, clerk):
    rules = services.set_rules(clerk, council.chamber, opening_items={"working_group": [{"title_en": "  Roll call "}]})
    assert rules.opening_items == {"working_group": [{"kind": "standard", "title_ar": "", "title_en": "Roll call"}]}


def test_the_default_rules_apply_to_bodies_without_their_own_and_seed_a_body_first_rules(council, clerk):
    services.set_rules(clerk, None, opening_items={"plenary": [OATH]}, speech_seconds=180)
    assert _agenda(_meeting(clerk, council)) == [("standard", "أداء اليمين", "Oath of office")]
    rules = services.set_rules(clerk, council.chamber, max_speakers=3)
    assert (rules.body_id, rules.opening_items, rules.speech_seconds, rules.max_speakers) == (
        council.chamber.pk, {"plenary": [OATH]}, 180, 3)


def test_the_data_migration_gives_the_default_row_the_former_code_table(db):
    from django.apps import apps

    migration = importlib.import_module("majlis.meetings.migrations.0002_bodyrules_opening_items_motions_need_admission")
    BodyRules.objects.filter(body__isnull=True).delete()
    migration.default_row_with_opening_items(apps, None)
    migration.default_row_with_opening_items(apps, None)  # idempotent: still one default row
    assert BodyRules.objects.get(body__isnull=True).opening_items == DEFAULT_OPENING_ITEMS
    assert migration.OPENING_ITEMS == DEFAULT_OPENING_ITEMS


def test_a_body_may_debate_motions_without_admitting_them(council, clerk, sitting):
    motion = services.submit_motion(clerk, sitting, title_en="M", text_en="That …", submitter=council.members[0])
    services.transition_motion(clerk, motion, "admitted")  # the shipped workflow admits first
    services.set_rules(clerk, council.chamber, motions_need_admission=False)
    workflow = services.workflow_for(council.chamber)
    assert "admitted" not in workflow and "not_admitted" not in workflow
    assert workflow["submitted"].next == ("debated", "withdrawn")
    second = services.submit_motion(clerk, sitting, title_en="M2", text_en="That …", submitter=council.members[0])
    with pytest.raises(ValidationError) as exc:
        services.transition_motion(clerk, second, "admitted")
    assert "debated" in str(exc.value)
    assert services.transition_motion(clerk, second, "debated").state == "debated"
    # A motion admitted before the rule changed keeps the moves it had.
    assert services.transition_motion(clerk, motion, "debated").state == "debated"
    assert services.MOTION_WORKFLOW["submitted"].next == ("admitted", "withdrawn", "not_admitted")
    services.submit_motion(clerk, sitting, title_en="M3", text_en="That …", submitter=council.members[0])
    page = Client()
    page.force_login(clerk)
    html = page.get(f"/meetings/{sitting.pk}/motions/").content.decode()
    assert 'data-testid="motion-debated"' in html and 'data-testid="motion-admitted"' not in html


def _put(client, url, body):
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_rules_api_reads_and_writes_opening_items_and_the_default_row(council, clerk_client):
    status, body = _put(clerk_client, f"/api/meetings/rules/{council.chamber.pk}", {"opening_items": {"plenary": [OATH]}})
    assert status == 200 and body["opening_items"] == {"plenary": [OATH]} and body["motions_need_admission"] is True
    assert Client().get(f"/api/meetings/rules/{council.chamber.pk}").json()["opening_items"] == {"plenary": [OATH]}
    status, body = _put(clerk_client, f"/api/meetings/rules/{council.chamber.pk}", {"opening_items": {"plenary": [{"kind": "prayer", "title_en": "x"}]}})
    assert status == 400 and body["errors"][0]["field"] == "opening_items" and "prayer" in body["errors"][0]["reason"]
    status, body = _put(clerk_client, "/api/meetings/rules/default", {"opening_items": {"bureau": []}, "motions_need_admission": False})
    assert status == 200 and body["body_id"] is None and body["opening_items"] == {"bureau": []}
    assert Client().get("/api/meetings/rules/default").json()["motions_need_admission"] is False
    assert clerk_client.get("/api/openapi.json").json()["paths"]["/api/meetings/rules/default"]["put"]


def test_only_organizers_set_rules(council):
    member = Client()
    member.force_login(council.users[0])
    status, _ = _put(member, "/api/meetings/rules/default", {"max_speakers": 1})
    assert status == 403


def _form(page_html_rules, **changes):
    """The rules form as the page would post it, from the current rules, with changes."""
    rules = page_html_rules
    data = {"quorum_rule": rules.quorum_rule, "quorum_fixed": str(rules.quorum_fixed), "max_speakers": str(rules.max_speakers),
            "speech_seconds": str(rules.speech_seconds), "point_of_order_seconds": str(rules.point_of_order_seconds),
            "default_majority": rules.default_majority, "vote_options": ", ".join(rules.vote_options)}
    for flag in ("poll_requires_quorum", "vote_changes_allowed", "motions_need_admission"):
        if getattr(rules, flag):
            data[flag] = "on"
    for kind, items in rules.opening_items.items():
        data[f"open-{kind}-count"] = str(len(items) + 2)
        for i, item in enumerate(items):
            data.update({f"open-{kind}-{i}-{key}": value for key, value in item.items()})
            data[f"open-{kind}-{i}-order"] = str(i + 1)
    data.update(changes)
    return data


def test_clerk_edits_a_bodys_standing_orders_on_the_rules_page(council, clerk, clerk_client):
    sitting = _meeting(clerk, council)
    assert f"/meetings/rules/{council.chamber.pk}/" in clerk_client.get(f"/meetings/{sitting.pk}/").content.decode()
    url = f"/meetings/rules/{council.chamber.pk}/"
    page = clerk_client.get(url)
    assert page.status_code == 200 and "التصديق على مضبطة الجلسة السابقة" in page.content.decode()
    # Plenary: the correspondence item moves first, apologies are removed, an oath is added.
    data = _form(services.rules_for(council.chamber), **{
        "open-plenary-0-title_ar": "", "open-plenary-0-title_en": "",
        "open-plenary-2-order": "0",
        "open-plenary-3-kind": "standard", "open-plenary-3-title_ar": "أداء اليمين", "open-plenary-3-title_en": "Oath of office",
        "open-plenary-3-order": "9", "max_speakers": "4"})
    data.pop("motions_need_admission")
    response = clerk_client.post(url, data)
    assert response.status_code == 302
    rules = services.rules_for(council.chamber)
    assert rules.body_id == council.chamber.pk and rules.max_speakers == 4 and rules.motions_need_admission is False
    assert [i["title_en"] for i in rules.opening_items["plenary"]] == [
        "Incoming correspondence", "Approval of the minutes of the previous sitting", "Oath of office"]
    assert [k for k, *_ in _agenda(_meeting(clerk, council))] == ["correspondence", "previous_minutes", "standard"]
    assert services.rules_for(None).opening_items == DEFAULT_OPENING_ITEMS  # the default rules are untouched


def test_rules_page_refuses_bad_input_and_keeps_what_was_typed(council, clerk_client):
    url = "/meetings/rules/"
    data = _form(services.rules_for(None), **{"open-bureau-1-kind": "prayer", "open-bureau-1-title_en": "Dua", "max_speakers": "7"})
    response = clerk_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and 'data-testid="form-error"' in html and "prayer" in html
    assert 'value="Dua"' in html and 'name="max_speakers" value="7"' in html
    assert services.rules_for(None).max_speakers != 7
    response = clerk_client.post(url, _form(services.rules_for(None), speech_seconds="five"))
    assert response.status_code == 400


def test_members_do_not_see_the_rules_page(council):
    member = Client()
    member.force_login(council.users[0])
    assert member.get("/meetings/rules/").status_code == 403
    assert member.post(f"/meetings/rules/{council.chamber.pk}/", {"max_speakers": "1"}).status_code == 403


def test_rules_page_reads_odd_numbers_as_a_clear_refusal_not_a_crash(council, clerk_client):
    url = "/meetings/rules/"
    # "²" passes str.isdigit but is no number; a count far beyond the rows the page drew is capped.
    for changes in ({"speech_seconds": "²"}, {"max_speakers": "-3"}):
        response = clerk_client.post(url, _form(services.rules_for(None), **changes))
        assert response.status_code == 400 and 'data-testid="form-error"' in response.content.decode()
    data = _form(services.rules_for(None), **{"open-bureau-0-order": "--5", "open-bureau-count": "999999999999"})
    assert clerk_client.post(url, data).status_code == 302  # an unreadable order keeps the row where it stands
    assert services.rules_for(None).opening_items["bureau"] == DEFAULT_OPENING_ITEMS["bureau"]

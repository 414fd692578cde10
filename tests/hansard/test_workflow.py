"""The record's life: seeded from eMeeting, edited with optimistic locking, split and
merged with stable ids, reviewed, published, corrected as a new version."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from majlis.core.models import AuditEvent
from majlis.hansard import services
from majlis.hansard.models import PublishedSpeech, RecordVersion, Section, Speech, SpeechRedirect


def test_seed_follows_the_agenda_and_the_speakers_list(seeded_record, sitting):
    headings = list(Section.objects.filter(record=seeded_record).order_by("order").values_list("heading_en", flat=True))
    assert headings == ["Opening of the sitting", "Approval of the previous record", "The general budget bill"]
    speeches = list(Speech.objects.filter(record=seeded_record, kind="speech").order_by("start"))
    assert [s.person_id for s in speeches] == [slot.person_id for slot in sitting["slots"]]
    assert [s.start for s in speeches] == [slot.started_at for slot in sitting["slots"]]
    assert speeches[0].section.agenda_item == sitting["items"][0]
    vote = Speech.objects.get(record=seeded_record, kind="vote")
    assert vote.poll == sitting["poll"] and vote.vote_data["counts"]["yes"] == 25
    assert "25" in vote.text and vote.section.agenda_item == sitting["items"][1]
    # The vote sits in place: after the speeches of its item, by time.
    item2 = list(Speech.objects.filter(section=vote.section).order_by("order").values_list("kind", flat=True))
    assert item2 == ["speech", "speech", "vote"]


def test_stale_save_is_refused_with_a_diff(seeded_record, editor):
    speech = Speech.objects.filter(record=seeded_record, kind="speech").first()
    base = speech.revision
    services.update_unit(editor, speech, base_revision=base, text="النص الأول للمراسل الأول")
    with pytest.raises(services.StaleEdit) as info:
        services.update_unit(editor, speech, base_revision=base, text="نص المراسل الثاني")
    err = info.value
    assert str(err.current_revision) in str(err) and err.current_text == "النص الأول للمراسل الأول"
    assert "-النص الأول" in err.diff and "+نص المراسل الثاني" in err.diff
    speech.refresh_from_db()
    assert speech.text == "النص الأول للمراسل الأول"


def test_split_and_merge_keep_ids_stable(seeded_record, editor, sitting):
    speech = Speech.objects.filter(record=seeded_record, kind="speech").order_by("start")[1]
    eid = speech.eid
    first_line = speech.text.split("\n")[0]
    new = services.split_unit(editor, speech, at=len(first_line) + 1, person=sitting["members"][5])
    speech.refresh_from_db()
    assert speech.eid == eid and speech.text == first_line
    assert new.eid != eid and new.person == sitting["members"][5] and new.text.startswith("It protects")
    order = list(Speech.objects.filter(section=speech.section).order_by("order").values_list("eid", flat=True))
    assert order.index(new.eid) == order.index(eid) + 1
    merged = services.merge_units(editor, speech, new)
    assert merged.eid == eid and "It protects" in merged.text
    assert SpeechRedirect.objects.get(record=seeded_record, old_eid=new.eid).new_eid == eid
    # A fresh id is never reused.
    again = services.add_unit(editor, seeded_record, section=speech.section, kind="narrative", text="(تصفيق)")
    assert again.eid not in {eid, new.eid}


def test_workflow_is_enforced_and_audited(seeded_record, editor):
    with pytest.raises(ValidationError):
        services.publish(editor, seeded_record)  # draft → published directly
    with pytest.raises(ValidationError):
        services.transition(editor, seeded_record, "approved")  # skipping review
    services.transition(editor, seeded_record, "in_review")
    services.transition(editor, seeded_record, "approved")
    speech = Speech.objects.filter(record=seeded_record, kind="speech").first()
    with pytest.raises(ValidationError):
        services.update_unit(editor, speech, text="تعديل بعد الاعتماد")  # approved is frozen
    services.publish(editor, seeded_record)
    actions = set(AuditEvent.objects.filter(object_type="hansard.record", object_id=str(seeded_record.pk)).values_list("action", flat=True))
    assert {"hansard.record.create", "hansard.record.in_review", "hansard.record.approved", "hansard.record.publish"} <= actions
    from majlis.core import audit

    assert audit.verify().ok


def test_correction_makes_a_new_version_and_never_overwrites(published_record, editor):
    v1 = RecordVersion.objects.get(record=published_record, number=1)
    v1_doc = v1.document
    speech = Speech.objects.filter(record=published_record, kind="speech", language="en").first()
    services.open_correction(editor, published_record)
    services.update_unit(editor, speech, text="Thank you, Mr Speaker. The budget bill deserves our full support.")
    # The public still sees version 1 while the correction is prepared.
    assert PublishedSpeech.objects.get(record=published_record, eid=speech.eid, is_current=True).version == v1
    services.transition(editor, published_record, "in_review")
    services.transition(editor, published_record, "approved")
    with pytest.raises(ValidationError, match="corrigendum"):
        services.publish(editor, published_record)
    v2 = services.publish(editor, published_record, corrigendum="Corrected a word in the speech of the member for budget.")
    assert v2.number == 2 and v2.document["record"]["corrigenda"][-1]["note"].startswith("Corrected")
    v1.refresh_from_db()
    assert v1.document == v1_doc
    with pytest.raises(PermissionError):
        v1.save()
    with pytest.raises(PermissionError):
        v1.delete()
    current = PublishedSpeech.objects.get(record=published_record, eid=speech.eid, is_current=True)
    assert current.version == v2 and "full support" in current.text
    assert PublishedSpeech.objects.filter(record=published_record, eid=speech.eid).count() == 2


def test_member_proposes_editor_decides(seeded_record, editor, sitting, user_factory, settings):
    from majlis.core import services as core_services

    person = sitting["members"][2]
    user = person.user or user_factory("m-own", "member")
    if person.user_id is None:
        core_services.update_person(None, person, user=user)
    user.refresh_from_db()
    own = Speech.objects.get(record=seeded_record, person=person, kind="speech")
    other = Speech.objects.filter(record=seeded_record, kind="speech").exclude(person=person).first()
    with pytest.raises(PermissionDenied):
        services.propose_correction(user, other, text="ليس كلامي")
    proposal = services.propose_correction(user, own, text=own.text.replace("support", "strong support"), note="a word missing")
    with pytest.raises(PermissionDenied):
        services.decide_correction(user, proposal, accept=True)
    services.decide_correction(editor, proposal, accept=True)
    own.refresh_from_db()
    assert "strong support" in own.text
    rejected = services.propose_correction(user, own, text="Something else entirely.")
    services.decide_correction(editor, rejected, accept=False)
    own.refresh_from_db()
    assert own.text != "Something else entirely."
    # The window closes.
    from django.utils import timezone
    import datetime as dt

    seeded_record.corrections_close = timezone.now() - dt.timedelta(minutes=1)
    seeded_record.save()
    own.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.propose_correction(user, own, text="Too late.")


def test_bad_input_is_a_field_error(seeded_record, editor):
    section = Section.objects.filter(record=seeded_record).first()
    with pytest.raises(ValidationError) as info:
        services.add_unit(editor, seeded_record, section=section, kind="song", text="x")
    assert "kind" in info.value.error_dict
    with pytest.raises(ValidationError):
        services.add_unit(editor, seeded_record, section=section, language="fr", text="x")


def test_only_editors_write(seeded_record, user_factory):
    clerk = user_factory("clerk-x", "clerk")
    with pytest.raises(PermissionDenied):
        services.transition(clerk, seeded_record, "in_review")

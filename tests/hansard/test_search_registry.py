"""The Hansard's contract with the search app: published speeches are public, the
working copy's are staff-only, superseded versions leave the index."""

from __future__ import annotations

from majlis.hansard import services
from majlis.hansard.models import PublishedSpeech, Speech
from majlis.search import registry


def test_types_registered_with_the_right_visibility(published_record, editor):
    types = registry.types()
    published, draft = types["hansard.speech"], types["hansard.draft_speech"]
    row = PublishedSpeech.objects.filter(record=published_record, kind="speech").first()
    doc = published.to_document(row)
    assert doc.public is True and doc.url.endswith(f"#{row.eid}") and doc.person_ids == [row.person_id]
    speech = Speech.objects.filter(record=published_record, kind="speech").first()
    assert draft.to_document(speech).public is False
    services.open_correction(editor, published_record)
    services.transition(editor, published_record, "in_review")
    services.transition(editor, published_record, "approved")
    services.publish(editor, published_record, corrigendum="re-issued")
    row.refresh_from_db()
    assert row.is_current is False and published.to_document(row) is None
    assert published.all_objects().filter(record=published_record).count() == PublishedSpeech.objects.filter(record=published_record, is_current=True).count()

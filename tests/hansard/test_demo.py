"""`majlis demo` gives the Hansard a published record (Arabic and English) and a draft;
a second run changes nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_demo_is_idempotent(db):
    from majlis.hansard import akn, demo
    from majlis.hansard.models import Record, Speech

    first = demo.load()
    published, draft = first["published"], first["draft"]
    assert published.version == 1 and published.meeting is not None
    assert draft.state == "draft" and draft.version == 0
    languages = set(Speech.objects.filter(record=published, kind="speech").values_list("language", flat=True))
    assert languages == {"ar", "en"}
    assert akn.validate(akn.export(published.versions.get().document)) == []
    counts = (Record.objects.count(), Speech.objects.count())
    demo.load()
    assert (Record.objects.count(), Speech.objects.count()) == counts

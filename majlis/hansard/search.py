"""What the Hansard gives the search app: published speeches (public) and the working
copy's speeches (staff only). The search engine keeps the index current on save."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    try:
        from majlis.search.registry import Document, SearchType
        from majlis.search.registry import register as add
    except ImportError:  # pragma: no cover - search app absent
        return
    from majlis.hansard.models import PublishedSpeech, Speech

    def published_doc(s: PublishedSpeech):
        if not s.is_current or not s.text:
            return None
        return Document(
            title=f"{s.label or s.kind} — {s.section_heading}".strip(" —"), text=s.text, url=s.get_absolute_url(), language=s.language,
            date=s.date, body_id=s.body_id, person_ids=[s.person_id] if s.person_id else [], public=True,
            extra={"record_id": s.record_id, "eid": s.eid, "kind": s.kind, "version": s.version_id},
        )

    def draft_doc(s: Speech):
        if not s.text:
            return None
        return Document(
            title=f"{s.label or s.kind} ({s.record.get_state_display()})", text=s.text,
            url=f"/hansard/{s.record_id}/edit/#{s.eid}", language=s.language, date=s.record.date, body_id=s.record.body_id,
            person_ids=[s.person_id] if s.person_id else [], public=False,
            extra={"record_id": s.record_id, "eid": s.eid, "kind": s.kind, "ai": s.ai_pending},
        )

    add(SearchType(key="hansard.speech", label=_("Speech (Hansard)"), model=PublishedSpeech, to_document=published_doc,
                   queryset=lambda: PublishedSpeech.objects.filter(is_current=True).select_related("record")))
    add(SearchType(key="hansard.draft_speech", label=_("Speech in a draft record"), model=Speech, to_document=draft_doc,
                   queryset=lambda: Speech.objects.select_related("record")))

"""What the meetings app gives the search index: papers (their extracted text),
decisions and action items. Drafts and restricted papers are indexed for staff only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _paper(p):
    from majlis.search.registry import Document

    if p.meeting.state in ("draft", "cancelled"):
        return None
    return Document(title=p.title_en or p.title_ar, text="\n".join([p.title_ar, p.title_en, p.text]), url=f"/meetings/papers/{p.pk}/",
                    date=p.meeting.start.date(), body_id=p.meeting.body_id, public=p.access == "public",
                    extra={"title_ar": p.title_ar, "title_en": p.title_en, "meeting_id": p.meeting_id, "access": p.access})


def _decision(d):
    from majlis.search.registry import Document

    if d.meeting.state == "draft":
        return None
    title = f"{d.number or ''} {d.meeting.title_en or d.meeting.title_ar}".strip()
    return Document(title=title, text="\n".join([d.text_ar, d.text_en]), url=f"/meetings/{d.meeting_id}/#decision-{d.pk}",
                    date=d.meeting.start.date(), body_id=d.body_id, public=True,
                    extra={"number": d.number, "session_id": d.session_id, "meeting_id": d.meeting_id})


def _action_item(a):
    from majlis.search.registry import Document

    return Document(title=a.title_en or a.title_ar, text="\n".join([a.title_ar, a.title_en, a.description, a.owner_text]),
                    url="/meetings/follow-up/?all=1", date=a.due_date, body_id=a.owner_organization_id,
                    person_ids=[a.owner_person_id] if a.owner_person_id else [], public=False,
                    extra={"status": a.status, "meeting_id": a.meeting_id, "decision_id": a.decision_id})


def register_all() -> None:
    from majlis.meetings.models import ActionItem, Decision, Paper
    from majlis.search.registry import SearchType, register

    register(SearchType(key="meetings.paper", label=_("Meeting paper"), model=Paper, to_document=_paper,
                        queryset=lambda: Paper.objects.with_text().select_related("meeting")))
    register(SearchType(key="meetings.decision", label=_("Decision"), model=Decision, to_document=_decision,
                        queryset=lambda: Decision.objects.select_related("meeting")))
    register(SearchType(key="meetings.action_item", label=_("Action item"), model=ActionItem, to_document=_action_item))

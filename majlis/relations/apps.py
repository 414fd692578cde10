from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "majlis.relations"
    label = "relations"
    verbose_name = _("International relations")

    def ready(self):
        from majlis.core import dashboard
        from majlis.relations.models import Agreement, Engagement
        from majlis.search.registry import Document, SearchType, register

        def engagement_document(e):
            participants = list(e.participants.select_related("person"))
            text = "\n".join(
                [e.title_ar, e.title_en, e.summary]
                + [f"{p.person.name_ar} {p.person.name_en} {p.title}" for p in participants]
                + [c.name_ar + " " + c.name_en for c in e.countries.all()]
                + [o.name_ar + " " + o.name_en for o in e.organizations.all()]
                + list(e.outcomes or [])
            )
            return Document(title=e.title_en or e.title_ar, text=text, url=e.get_absolute_url(), language="", date=e.date,
                            body_id=e.group_id, person_ids=[p.person_id for p in participants], public=True,
                            extra={"type": e.type, "title_ar": e.title_ar, "title_en": e.title_en})

        def agreement_document(a):
            text = "\n".join([a.title_ar, a.title_en, a.notes] + [c.name_ar + " " + c.name_en for c in a.countries.all()])
            return Document(title=a.title_en or a.title_ar, text=text, url=a.get_absolute_url(), date=a.signed_date, public=True,
                            extra={"status": a.status, "title_ar": a.title_ar, "title_en": a.title_en})

        register(SearchType(key="relations.engagement", label=_("Engagement"), model=Engagement, to_document=engagement_document,
                            queryset=lambda: Engagement.objects.prefetch_related("countries", "organizations")))
        register(SearchType(key="relations.agreement", label=_("Agreement"), model=Agreement, to_document=agreement_document))

        from majlis.core import person_panels

        @person_panels.register(60)
        def engagements_panel(request, person):
            rows = list(Engagement.objects.filter(participants__person=person).distinct().order_by("-date")[:5])
            if not rows:
                return None
            return {"title": _("International engagements"), "template": "relations/_person_panel.html",
                    "context": {"person": person, "engagements": rows}}

        @dashboard.register(60)
        def relations_card(request):
            from majlis.relations.models import PressRelease
            from majlis.relations.services import can_manage

            if not can_manage(request.user):
                return None
            return {"title": _("International relations"), "template": "relations/_card.html",
                    "context": {"pending": PressRelease.objects.filter(status="pending").count(),
                                "engagements": Engagement.objects.count()}}

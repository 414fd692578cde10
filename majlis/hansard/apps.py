from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HansardConfig(AppConfig):
    name = "majlis.hansard"
    label = "hansard"
    verbose_name = _("Hansard")

    def ready(self):
        from majlis.core import dashboard
        from majlis.hansard import search as hansard_search

        hansard_search.register()
        dashboard.register(40)(dashboard_card)


def dashboard_card(request):
    from majlis.hansard import permissions
    from majlis.hansard.models import Record, RecordState

    user = request.user
    if permissions.can_read_drafts(user):
        rows = Record.objects.exclude(state=RecordState.PUBLISHED).order_by("-date")[:5]
        return {"title": _("Hansard in preparation"), "template": "hansard/_card.html", "context": {"records": rows, "working": True}}
    rows = Record.objects.filter(version__gt=0).order_by("-date")[:5]
    if not rows:
        return None
    return {"title": _("Latest Hansard"), "template": "hansard/_card.html", "context": {"records": rows, "working": False}}

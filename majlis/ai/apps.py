from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "majlis.ai"
    label = "ai"
    verbose_name = _("AI management")

    def ready(self):
        from majlis.core import dashboard

        @dashboard.register(90)
        def ai_card(request):
            from majlis.ai import governance
            from majlis.ai.models import AIOutput, Incident

            if not governance.can_govern(request.user):
                return None
            return {
                "title": _("AI governance"),
                "template": "ai/_card.html",
                "context": {
                    "unreviewed": AIOutput.objects.filter(state="unreviewed").count(),
                    "incidents": Incident.objects.filter(state="open").count(),
                },
            }

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "majlis.meetings"
    label = "meetings"
    verbose_name = _("eMeeting")

    def ready(self):
        from majlis.core import dashboard
        from majlis.meetings import search_types

        search_types.register_all()

        @dashboard.register(20)
        def meetings_card(request):
            from django.utils import timezone

            from majlis.meetings import permissions
            from majlis.meetings.models import ActionItem, Meeting
            from majlis.meetings.services import board

            upcoming = (Meeting.objects.filter(start__gte=timezone.now() - timezone.timedelta(hours=12))
                        .exclude(state__in=["draft", "cancelled"]).select_related("body").order_by("start")[:5])
            live = Meeting.objects.filter(state__in=["in_progress", "suspended"]).select_related("body")[:3]
            person = permissions.person_for(request.user)
            tasks = None
            if person is not None:
                tasks = board(person=person).count()
            elif permissions.can_organize(request.user):
                tasks = board().filter(due_date__lt=timezone.localdate(), status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS]).count()
            return {"title": _("Meetings"), "template": "meetings/_card.html",
                    "context": {"upcoming": upcoming, "live": live, "tasks": tasks, "is_person": person is not None}}

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HansardConfig(AppConfig):
    name = "majlis.hansard"
    label = "hansard"
    verbose_name = _("Hansard")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "majlis.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from majlis.search import signals
        from majlis.search.core_types import register_core_types

        register_core_types()
        signals.connect()

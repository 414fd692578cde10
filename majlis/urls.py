from django.contrib import admin
from django.urls import include, path

from majlis.api import api

# Static files are answered ahead of these routes (`core.files.StaticFiles` in `asgi.py`);
# uploaded files only by the app that owns them, behind its permission check.
urlpatterns = [
    path("", include("majlis.web.urls")),
    path("", include("majlis.core.urls")),
    path("meetings/", include("majlis.meetings.urls")),
    path("hansard/", include("majlis.hansard.urls")),
    path("search/", include("majlis.search.urls")),
    path("relations/", include("majlis.relations.urls")),
    path("ai/", include("majlis.ai.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

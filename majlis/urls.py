from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.contrib.staticfiles.views import serve as serve_static

from majlis.api import api
from majlis.core.files import streamed

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


def static_file(request, path):
    return streamed(request, serve_static(request, path, insecure=True))


# The embedded server serves static files itself (a reverse proxy takes over at scale);
# uploaded files are served only by the owning app, behind its permission check.
urlpatterns += [path(f"{settings.STATIC_URL.strip('/')}/<path:path>", static_file)]

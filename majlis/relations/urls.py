"""Pages of the relations app."""

from django.urls import path

from majlis.relations import views

app_name = "relations"
urlpatterns = [
    path("", views.index, name="index"),
    path("engagements/<int:pk>/", views.engagement, name="engagement"),
    path("engagements/new", views.new, name="new"),
    path("countries/<str:code>/", views.country, name="country"),
    path("people/<int:pk>/", views.person, name="person"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("groups/", views.groups, name="groups"),
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.release, name="release"),
    path("ingest", views.ingest, name="ingest"),
]

"""Pages of the ai app: the AI governance page."""

from django.urls import path

from majlis.ai import views

app_name = "ai"
urlpatterns = [
    path("", views.index, name="index"),
    path("systems/<str:key>/switch", views.toggle, name="toggle"),
    path("systems/<str:key>/assess", views.assess, name="assess"),
    path("outputs/<int:pk>/report", views.report, name="report"),
    path("incidents/<int:pk>/resolve", views.resolve, name="resolve"),
    path("log.csv", views.export, name="export"),
]

from django.urls import path

from majlis.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.switch_language, name="switch_language"),
    path("calendar/", views.switch_calendar, name="switch_calendar"),
    path("tasks/<str:key>/", views.task_progress, name="task_progress"),
    path("tasks/<str:key>/status.json", views.task_progress_json, name="task_progress_json"),
    path("healthz", views.healthz, name="healthz"),
]

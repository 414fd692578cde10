"""Pages of the search app."""

from django.urls import path

from majlis.search import views

app_name = "search"
urlpatterns = [path("", views.index, name="index")]

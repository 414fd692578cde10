"""Pages of the hansard app."""

from django.urls import path

from majlis.hansard import views

app_name = "hansard"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("speech/<int:speech_id>/propose/", views.propose, name="propose"),
    path("proposal/<int:proposal_id>/decide/", views.decide, name="decide"),
    path("member/<int:person_id>/", views.member, name="member"),
    path("<int:pk>/", views.record, name="record"),
    path("<int:pk>/s/<str:eid>/", views.speech_link, name="speech"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/edit/", views.editor, name="editor"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/accept-ai/", views.accept_all, name="accept_all"),
    path("<int:pk>/transcribe/", views.transcribe, name="transcribe"),
]

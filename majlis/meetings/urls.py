"""Pages of the meetings app."""

from django.urls import path

from majlis.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_meeting, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/agenda/", views.add_item, name="add_item"),
    path("<int:pk>/papers/", views.upload_paper, name="upload_paper"),
    path("papers/<int:pk>/", views.paper, name="paper"),
    path("<int:pk>/console/", views.live, {"mode": "console"}, name="console"),
    path("<int:pk>/tablet/", views.live, {"mode": "tablet"}, name="tablet"),
    path("<int:pk>/projector/", views.live, {"mode": "projector"}, name="projector"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes.<str:fmt>", views.minutes_file, name="minutes_file"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("rules/", views.rules, name="default_rules"),
    path("rules/<int:body_id>/", views.rules, name="rules"),
    path("<int:pk>/motions/", views.motions, name="motions"),
    path("motions/<int:pk>/state/", views.motion_state, name="motion_state"),
    path("motions/<int:pk>/cosign/", views.motion_cosign, name="motion_cosign"),
    path("<int:pk>/decisions/new/", views.new_decision, name="new_decision"),
    path("action-items/new/", views.new_action_item, name="new_action_item"),
    path("action-items/<int:pk>/edit/", views.edit_action_item, name="edit_action_item"),
    path("<int:pk>/show-of-hands/", views.show_of_hands, name="show_of_hands"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
]

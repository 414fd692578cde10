from django.urls import path

from majlis.meetings.consumers import MeetingConsumer

websocket_urlpatterns = [path("ws/meetings/<int:meeting_id>/", MeetingConsumer.as_asgi())]

"""WebSocket routes, one list per app that has live pages."""

from majlis.meetings.routing import websocket_urlpatterns as meetings_ws

websocket_urlpatterns: list = [*meetings_ws]

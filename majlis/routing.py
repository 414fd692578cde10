"""WebSocket routes, one list per app that has live pages."""

websocket_urlpatterns: list = []

"""ASGI entry point: HTTP through Django, WebSocket through Channels routes of each app."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from majlis.core.files import StaticFiles  # noqa: E402
from majlis.core.socket_auth import socket_auth  # noqa: E402
from majlis.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": StaticFiles(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(socket_auth(URLRouter(websocket_urlpatterns))),
    }
)

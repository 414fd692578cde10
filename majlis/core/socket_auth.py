"""Who is at the other end of a WebSocket: the session and user of the cookie the page
was loaded with, read once when the socket opens.

Channels' `AuthMiddlewareStack` does the same and also wraps every message the server
sends, to save the session in case the consumer changed it. Majlis' sockets never change
the session, and a vote storm sends thousands of messages (an ack per vote, a push to
every tablet, console and projector): that check per message was about a fifth of the
cost of sending one.
"""

from __future__ import annotations

from importlib import import_module

from channels.auth import get_user
from channels.sessions import CookieMiddleware
from django.conf import settings


class SessionUserMiddleware:
    """`scope["session"]` and `scope["user"]`, resolved before the inner application runs;
    `send` is passed through untouched."""

    def __init__(self, inner):
        self.inner = inner
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope, receive, send):
        scope = dict(scope, session=self.session_store(scope["cookies"].get(settings.SESSION_COOKIE_NAME)))
        scope["user"] = await get_user(scope)  # an expired or forged session gives AnonymousUser
        return await self.inner(scope, receive, send)


def socket_auth(inner):
    """The stack WebSocket routes run under: cookies, then session and user."""
    return CookieMiddleware(SessionUserMiddleware(inner))

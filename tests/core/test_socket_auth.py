"""WebSocket routes learn their user from the session cookie once, at connect, and pass
`send` through untouched (Channels' stack wrapped every message sent)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from majlis.core.socket_auth import socket_auth
from tests.conftest import run_async
from tests.meetings.live_helpers import session_cookie

# transaction=True: channels closes the thread's old connections around its database calls.
pytestmark = pytest.mark.django_db(transaction=True)


def connect(cookie: str | None):
    seen = {}

    async def inner(scope, receive, send):
        seen["user"], seen["session"], seen["send"] = scope["user"], scope["session"], send

    async def send(message):
        pass

    headers = [(b"cookie", f"sessionid={cookie}".encode())] if cookie else []
    run_async(socket_auth(inner)({"type": "websocket", "headers": headers}, None, send))
    return seen, send


def test_the_session_cookie_names_the_user_and_send_is_not_wrapped():
    user = get_user_model().objects.create_user("socket-user", password="a-long-password-1")
    seen, send = connect(session_cookie(user))
    assert seen["user"] == user and seen["send"] is send


def test_no_cookie_a_forged_cookie_or_a_changed_password_is_anonymous():
    user = get_user_model().objects.create_user("socket-user-2", password="a-long-password-1")
    cookie = session_cookie(user)
    assert isinstance(connect(None)[0]["user"], AnonymousUser)
    assert isinstance(connect("not-a-session-key")[0]["user"], AnonymousUser)
    user.set_password("another-long-password-2")  # logs out the sessions made with the old one
    user.save()
    assert isinstance(connect(cookie)[0]["user"], AnonymousUser)

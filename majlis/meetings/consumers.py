"""The WebSocket of a live meeting: members' tablets, the chair's console, the projector.

On connect the client gets the current state (so a reconnecting tablet catches up), then
every change. Members send actions (vote, request the floor, withdraw); each gets an
acknowledgement only after its transaction committed. Changes reach the page through the
process's `live.Hub`, not through a channel-layer group of its own.

Errors are sent in the language the user's pages are in, chosen at connect the way
`core.middleware.LanguageMiddleware` chooses it for a request. Service calls run in worker
threads under that language; votes are cast in batches shared by many users, so their
refusals come back lazy and are rendered here, in this socket's language.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from majlis.core.errors import field_errors
from majlis.core.middleware import chosen_language
from majlis.meetings import live, permissions


def db(fn, write: bool = False):
    return live.db_call(fn, write=write)


def socket_language(scope, user) -> str:
    """The language `LanguageMiddleware` would activate for a request with this socket's
    user, cookies and headers: the user's saved choice, then the language cookie, then
    (where the deployment honours the browser's) Accept-Language, then the deployment's."""
    headers = dict(scope.get("headers") or ())
    request = SimpleNamespace(
        user=user, COOKIES=scope.get("cookies") or {},
        META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
    )
    language = chosen_language(request)
    if language is None and settings.HONOR_BROWSER_LANGUAGE:
        language = translation.get_language_from_request(request)
    return language or settings.LANGUAGE_CODE


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    joined = False
    _reading_first_state = False
    _held: str | None = None
    language = settings.LANGUAGE_CODE

    async def __call__(self, scope, receive, send):
        # Pages hear of changes through `live.Hub`, not through a channel-layer channel of
        # their own, so the socket is read in a plain loop: Channels' loop over the socket
        # and such a channel made two tasks and an asyncio.wait for every frame.
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass
        finally:
            # However the socket ended (closed, or an ack sent to a tablet that had just
            # gone), the page leaves the hub: pushes to it would be wasted on every change.
            self._leave()

    async def dispatch(self, message):
        # Channels runs close_old_connections in a worker thread before every message. Every
        # database call of this consumer goes through `live.db_call`, which looks after its
        # own connections, and with hundreds of tablets voting that thread hop per frame
        # was a large part of the server's time.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        self.user = self.scope.get("user")
        allowed = await db(self._authorize)()
        if not allowed:
            await self.close(code=4403)
            return
        live.register_loop()
        await self.accept()
        # A change pushed while the first state is read is held and sent after it, so the
        # page never ends on a state older than one it has already been sent.
        self._reading_first_state = True
        await live.hub().join(self.meeting_id, self)
        self.joined = True
        try:
            await self._send_state()
        finally:
            self._reading_first_state = False
        if self._held is not None:
            held, self._held = self._held, None
            await self.push_text(held)

    def _authorize(self) -> bool:
        from majlis.meetings.models import Meeting

        meeting = Meeting.objects.filter(pk=self.meeting_id).first()
        if meeting is None or not permissions.can_view_meeting(self.user, meeting):
            return False
        projector = b"view=projector" in self.scope.get("query_string", b"")
        self.audience = permissions.PUBLIC if projector else permissions.audience(self.user, meeting)
        person = permissions.person_for(self.user)
        self.person_id = person.pk if person else None
        self.language = socket_language(self.scope, self.user)
        return True

    async def websocket_disconnect(self, message):
        # Channels' own handler would also hop to Django's sync thread to close that
        # thread's old connections. This consumer's connections live in `live.db_call`'s
        # threads, which look after them, and when a chamber's tablets drop at once (a
        # Wi-Fi blip, the end of a sitting) those hops queued one behind another.
        await self.disconnect(message.get("code"))
        raise StopConsumer()

    async def disconnect(self, code):
        self._leave()

    def _leave(self) -> None:
        if self.joined:
            self.joined = False
            live.hub().leave(self.meeting_id, self)

    async def _send_state(self):
        state = await db(live.connect_state)(self.meeting_id, self.audience)
        await self.send_json({"type": "state", "state": state, "you": {"person_id": self.person_id, "audience": self.audience}})

    async def push_text(self, text: str) -> None:
        """A change, from the hub: the state text for this page's audience, encoded once
        for all the pages of that audience."""
        if self._reading_first_state:
            self._held = text  # only the newest matters
            return
        try:
            # Straight to the server's send: this runs once per page per push.
            await self.base_send({"type": "websocket.send", "text": text})
        except Exception:  # noqa: BLE001 - the socket closed under us; disconnect cleans up
            pass

    async def receive_json(self, content, **kwargs):
        action = content.get("action") if isinstance(content, dict) else None
        ref = content.get("ref") if isinstance(content, dict) else None
        if action == "state":
            await self._send_state()
            return
        if action == "vote":
            handler = self._vote  # group-committed on the event loop, see live.VoteBatcher
        elif action in ("request_floor", "withdraw"):
            handler = db(self._in_language(getattr(self, f"_{action}")), write=True)
        else:
            await self._send_error(ref, ValidationError({"action": gettext_lazy("unknown action")}))
            return
        try:
            result = await handler(content)
        except (ValidationError, PermissionDenied, OperationalError) as exc:
            await self._send_error(ref, exc)
        else:
            await self.send_json({"type": "ack", "ref": ref, "action": action, "result": result})

    def _in_language(self, fn):
        """`fn` run under this socket's language, in the worker thread that runs it."""
        @functools.wraps(fn)
        def call(*args, **kwargs):
            with translation.override(self.language):
                return fn(*args, **kwargs)
        return call

    async def _send_error(self, ref, exc: Exception) -> None:
        # A message may be lazy (one refusal of a vote batch answers users of several
        # languages): it is rendered here, in this socket's language.
        with translation.override(self.language):
            if isinstance(exc, ValidationError):
                errors = field_errors(exc)
            elif isinstance(exc, PermissionDenied):
                errors = [{"field": "__all__", "reason": str(exc) or _("permission denied")}]
            else:
                errors = [{"field": "__all__", "reason": _("busy, try again (%(error)s)") % {"error": exc}}]
        await self.send_json({"type": "error", "ref": ref, "errors": errors})

    async def _vote(self, content) -> dict:
        # Votes are group-committed (see live.VoteBatcher); the ack still follows the commit.
        poll_id = content.get("poll")
        if not isinstance(poll_id, int):
            raise ValidationError({"poll": gettext_lazy("a poll id")})
        return await live.vote_batcher().submit(self.user, poll_id, str(content.get("choice", "")), self.meeting_id)

    def _request_floor(self, content) -> dict:
        from majlis.meetings.models import Meeting
        from majlis.meetings.services import speakers

        person = permissions.person_for(self.user)
        if person is None:
            raise PermissionDenied(_("only members may ask for the floor"))
        meeting = Meeting.objects.get(pk=self.meeting_id)
        slot = speakers.request_floor(self.user, meeting, person, kind=str(content.get("kind") or "speech"))
        return {"slot": slot.pk}

    def _withdraw(self, content) -> dict:
        from majlis.meetings.models import SpeakerSlot
        from majlis.meetings.services import speakers

        person = permissions.person_for(self.user)
        slot = SpeakerSlot.objects.filter(pk=content.get("slot"), meeting_id=self.meeting_id, person=person).first()
        if slot is None:
            raise ValidationError({"slot": _("not your request")})
        speakers.withdraw(self.user, slot)
        return {"slot": slot.pk}

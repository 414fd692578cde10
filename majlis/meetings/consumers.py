"""The WebSocket of a live meeting: members' tablets, the chair's console, the projector.

On connect the client gets the current state (so a reconnecting tablet catches up), then
every change. Members send actions (vote, request the floor, withdraw); each gets an
acknowledgement only after its transaction committed.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError

from majlis.core.errors import field_errors
from majlis.meetings import live, permissions


def db(fn, write: bool = False):
    return live.db_call(fn, write=write)


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        self.user = self.scope.get("user")
        allowed = await db(self._authorize)()
        if not allowed:
            await self.close(code=4403)
            return
        live.register_loop()
        self.group = live.group_name(self.meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._send_state()

    def _authorize(self) -> bool:
        from majlis.meetings.models import Meeting

        meeting = Meeting.objects.filter(pk=self.meeting_id).first()
        if meeting is None or not permissions.can_view_meeting(self.user, meeting):
            return False
        projector = b"view=projector" in self.scope.get("query_string", b"")
        self.audience = permissions.PUBLIC if projector else permissions.audience(self.user, meeting)
        person = permissions.person_for(self.user)
        self.person_id = person.pk if person else None
        return True

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def _send_state(self):
        state = await db(live.state_for)(self.meeting_id, self.audience)
        await self.send_json({"type": "state", "state": state, "you": {"person_id": self.person_id, "audience": self.audience}})

    async def meeting_state(self, event):
        await self.send(text_data=event["texts"][self.audience])

    async def receive_json(self, content, **kwargs):
        action = content.get("action") if isinstance(content, dict) else None
        ref = content.get("ref") if isinstance(content, dict) else None
        handler = {"vote": self._vote, "request_floor": self._request_floor, "withdraw": self._withdraw}.get(action)
        if action == "state":
            await self._send_state()
            return
        if handler is None:
            await self.send_json({"type": "error", "ref": ref, "errors": [{"field": "action", "reason": "unknown action"}]})
            return
        try:
            if action == "vote":
                poll_id = content.get("poll")
                if not isinstance(poll_id, int):
                    raise ValidationError({"poll": "a poll id"})
                result = await live.vote_batcher().submit(self.user, poll_id, str(content.get("choice", "")))
            else:
                result = await db(handler, write=True)(content)
        except ValidationError as exc:
            await self.send_json({"type": "error", "ref": ref, "errors": field_errors(exc)})
        except PermissionDenied as exc:
            await self.send_json({"type": "error", "ref": ref, "errors": [{"field": "__all__", "reason": str(exc) or "permission denied"}]})
        except OperationalError as exc:
            await self.send_json({"type": "error", "ref": ref, "errors": [{"field": "__all__", "reason": f"busy, try again ({exc})"}]})
        else:
            await self.send_json({"type": "ack", "ref": ref, "action": action, "result": result})

    def _vote(self, content) -> dict:
        from majlis.meetings.services import voting

        poll_id = content.get("poll")
        if not isinstance(poll_id, int):
            raise ValidationError({"poll": "a poll id"})
        from majlis.meetings.models import Poll

        if not Poll.objects.filter(pk=poll_id, meeting_id=self.meeting_id).exists():
            raise ValidationError({"poll": "no such poll in this meeting"})
        return voting.cast_vote(self.user, poll_id, str(content.get("choice", "")))

    def _request_floor(self, content) -> dict:
        from majlis.meetings.models import Meeting
        from majlis.meetings.services import speakers

        person = permissions.person_for(self.user)
        if person is None:
            raise PermissionDenied("only members may ask for the floor")
        meeting = Meeting.objects.get(pk=self.meeting_id)
        slot = speakers.request_floor(self.user, meeting, person, kind=str(content.get("kind") or "speech"))
        return {"slot": slot.pk}

    def _withdraw(self, content) -> dict:
        from majlis.meetings.models import SpeakerSlot
        from majlis.meetings.services import speakers

        person = permissions.person_for(self.user)
        slot = SpeakerSlot.objects.filter(pk=content.get("slot"), meeting_id=self.meeting_id, person=person).first()
        if slot is None:
            raise ValidationError({"slot": "not your request"})
        speakers.withdraw(self.user, slot)
        return {"slot": slot.pk}

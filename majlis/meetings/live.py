"""Live updates: after a change commits, every connected page of the meeting is told
to fetch its (per-user filtered) state. Filled in by consumers.py."""

from __future__ import annotations


def group_name(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def broadcast(meeting_id: int, event: str = "state") -> None:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group_name(meeting_id), {"type": "meeting.changed", "event": event})

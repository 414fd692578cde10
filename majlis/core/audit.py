"""The append-only, hash-chained audit log of changes to the official record.

Each event's hash covers its own canonical JSON and the previous event's hash, so
editing or deleting any row breaks the chain from that row on. `verify_rows` is a
pure function so that a backup can be checked before it is restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _time_text(value: dt.datetime | str) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def event_hash(
    *, seq, time, actor_id, actor_name, action, object_type, object_id, object_repr, before, after, prev_hash
) -> str:
    if isinstance(before, str):
        before = json.loads(before)
    if isinstance(after, str):
        after = json.loads(after)
    body = canonical(
        {
            "seq": int(seq),
            "time": _time_text(time),
            "actor_id": int(actor_id) if actor_id is not None else None,
            "actor_name": actor_name or "",
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id or ""),
            "object_repr": object_repr or "",
            "before": before,
            "after": after,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def snapshot(obj, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of a model instance's concrete fields (FKs as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created", "updated"}:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            value = value.isoformat()
        elif hasattr(value, "hex") and not isinstance(value, (int, float, str)):
            value = str(value)
        data[field.attname] = value
    return json.loads(canonical(data))


def record(actor, action: str, obj=None, *, before=None, after=None, object_type: str = "", object_id="", object_repr: str = ""):
    """Append one event. Must be called inside the caller's transaction."""
    from majlis.core.models import AuditEvent, AuditHead

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_name = getattr(actor, "get_username", lambda: str(actor or "system"))() if actor is not None else "system"
    before = json.loads(canonical(before)) if before is not None else None
    after = json.loads(canonical(after)) if after is not None else None

    head = AuditHead.objects.select_for_update().filter(id=1).first()
    if head is None:  # the first event ever (or after a test flush)
        AuditHead.objects.get_or_create(id=1)
        head = AuditHead.objects.select_for_update().get(id=1)
    seq = head.last_seq + 1
    now = timezone.now()
    digest = event_hash(
        seq=seq, time=now, actor_id=actor_id, actor_name=actor_name, action=action, object_type=object_type,
        object_id=object_id, object_repr=object_repr[:300], before=before, after=after, prev_hash=head.last_hash,
    )
    event = AuditEvent.objects.create(
        seq=seq, time=now, actor_id=actor_id, actor_name=actor_name, action=action, object_type=object_type,
        object_id=str(object_id), object_repr=object_repr[:300], before=before, after=after,
        prev_hash=head.last_hash, hash=digest,
    )
    AuditHead.objects.filter(id=1).update(last_seq=seq, last_hash=digest)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} events"
        return f"audit chain BROKEN at event #{self.first_bad_seq}: {self.reason}"


ROW_FIELDS = (
    "seq", "time", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
    "before", "after", "prev_hash", "hash",
)


def verify_rows(rows: Iterable[tuple], head: tuple[int, str] | None = None) -> VerifyResult:
    """Check a stream of events (tuples in ROW_FIELDS order, sorted by seq)."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for row in rows:
        ev = dict(zip(ROW_FIELDS, row))
        if ev["seq"] != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"event #{expected_seq} is missing (next is #{ev['seq']})")
        if ev["prev_hash"] != expected_prev:
            return VerifyResult(False, checked, ev["seq"], "previous-hash link does not match")
        digest = event_hash(**{k: ev[k] for k in ROW_FIELDS if k != "hash"})
        if digest != ev["hash"]:
            return VerifyResult(False, checked, ev["seq"], "content does not match its hash (edited)")
        expected_prev, expected_seq, checked = ev["hash"], expected_seq + 1, checked + 1
    if head is not None:
        last_seq, last_hash = head
        if last_seq != checked or (checked and last_hash != expected_prev):
            return VerifyResult(False, checked, checked + 1, f"the chain ends at #{checked} but its head says #{last_seq} (events deleted at the end)")
    return VerifyResult(True, checked)


def verify() -> VerifyResult:
    from majlis.core.models import AuditEvent, AuditHead

    head = AuditHead.objects.filter(id=1).values_list("last_seq", "last_hash").first() or (0, GENESIS)
    rows = AuditEvent.objects.order_by("seq").values_list(*ROW_FIELDS).iterator(chunk_size=2000)
    return verify_rows(rows, head=head)

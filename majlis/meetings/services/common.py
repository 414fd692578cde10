"""Helpers every meetings service uses: field checks, audited saves, push-after-commit."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from majlis.core import audit


def check_fields(data: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({name: _("unknown field") for name in unknown})


def require_title(obj, field: str = "title_ar") -> None:
    obj.title_ar = (obj.title_ar or "").strip()
    obj.title_en = (obj.title_en or "").strip()
    if not obj.title_ar and not obj.title_en:
        raise ValidationError({field: _("an Arabic or an English title is required")})


def label(choices, value) -> str:
    """The display label of a stored choice, in the active language (the raw value if
    it is not one of the choices)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def one_of(values) -> str:
    return _("one of %(values)s") % {"values": ", ".join(values)}


def apply_changes(obj, changes: dict[str, Any], validate: Callable[[Any], None]) -> dict | None:
    """Set `changes` on `obj` and validate it. Returns the audit snapshot from before the
    changes, or None when nothing actually changed (then there is nothing to save)."""
    before = audit.snapshot(obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    validate(obj)
    return None if audit.snapshot(obj) == before else before


def save_audited(actor, obj, action: str, before: dict | None = None, *, exclude: Iterable[str] = ()) -> Any:
    obj.full_clean(exclude=list(exclude) or None, validate_constraints=False)
    obj.save()
    audit.record(actor, action, obj, before=before, after=audit.snapshot(obj))
    return obj


def push(meeting_id: int, event: str = "state") -> None:
    """Tell live pages of a meeting that it changed, once the transaction has committed
    (a rolled-back change is never shown; a client re-reads the state it may see)."""
    from majlis.meetings import live

    transaction.on_commit(lambda: live.broadcast(meeting_id, event))

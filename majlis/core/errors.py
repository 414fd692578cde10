"""One error type for bad input, shared by services, the API, the pages and the CLI."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """[{field, reason}] from a Django ValidationError, whatever its shape."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "reason": " ".join(str(m) for m in ValidationError(errors).messages)}
            for field, errors in exc.error_dict.items()
        ]
    return [{"field": "__all__", "reason": " ".join(str(m) for m in exc.messages)}]


def one_line(exc: ValidationError) -> str:
    return "; ".join(f"{e['field']}: {e['reason']}" if e["field"] != "__all__" else e["reason"] for e in field_errors(exc))

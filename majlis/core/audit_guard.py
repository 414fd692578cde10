"""Switch the database's append-only guard off and on (restore and tamper tests only)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


def _statements(name: str) -> list[str]:
    import importlib

    mod = importlib.import_module("majlis.core.migrations.0002_roles_and_audit_guard")
    return getattr(mod, f"{connection.vendor.upper()}_{name}", [])


@contextmanager
def unguarded():
    with connection.schema_editor(atomic=False) as editor:
        for sql in _statements("UNGUARD"):
            editor.execute(sql)
    try:
        yield
    finally:
        with connection.schema_editor(atomic=False) as editor:
            for sql in _statements("GUARD"):
                editor.execute(sql)

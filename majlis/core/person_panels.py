"""Sections other apps add to a person's page (their speeches, meetings, engagements).

Each app registers a function in `AppConfig.ready()`; it takes the request and the
person and returns None or a dict with `title`, `template` and `context`.
"""

from __future__ import annotations

from typing import Callable

PANELS: list[tuple[int, Callable]] = []


def register(order: int):
    def wrap(fn):
        PANELS.append((order, fn))
        PANELS.sort(key=lambda p: p[0])
        return fn

    return wrap


def panels_for(request, person) -> list[dict]:
    return [panel for _, fn in PANELS if (panel := fn(request, person))]

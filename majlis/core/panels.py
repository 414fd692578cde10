"""Ordered registries of page sections that other apps contribute, so a page of a lower
layer (the home dashboard, a person's page) shows what upper layers know without
importing them. A contributor takes the request (and the page's object, if any) and
returns None (nothing for this user) or a dict with `title`, `template` and `context`.
"""

from __future__ import annotations

from typing import Callable


class PanelRegistry:
    def __init__(self) -> None:
        self._entries: list[tuple[int, Callable]] = []

    def register(self, order: int):
        def wrap(fn):
            self._entries.append((order, fn))
            self._entries.sort(key=lambda entry: entry[0])
            return fn

        return wrap

    def render(self, request, *args) -> list[dict]:
        return [panel for _, fn in self._entries if (panel := fn(request, *args))]


dashboard_cards = PanelRegistry()  # contributors: fn(request)
person_panels = PanelRegistry()  # contributors: fn(request, person)

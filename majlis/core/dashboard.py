"""Cards on the home dashboard. Each app registers its own in `AppConfig.ready()`.

A card function takes the request and returns None (nothing to show to this user) or
a dict with `title`, `template` and `context`.
"""

from __future__ import annotations

from typing import Callable

CARDS: list[tuple[int, Callable]] = []


def register(order: int):
    def wrap(fn):
        CARDS.append((order, fn))
        CARDS.sort(key=lambda c: c[0])
        return fn

    return wrap


def cards_for(request) -> list[dict]:
    out = []
    for _, fn in CARDS:
        card = fn(request)
        if card:
            out.append(card)
    return out

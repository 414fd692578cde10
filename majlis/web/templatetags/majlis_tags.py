"""Template helpers: inert user text, bilingual names, Gregorian and Hijri dates."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from majlis.core.bilingual import is_arabic, list_separator

register = template.Library()

# Explicit directional embeddings/overrides/isolates would let a stored name reorder the
# text around it; shown names and texts never carry them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def inert_text(value) -> str:
    return _BIDI_CONTROLS.sub("", "" if value is None else str(value))


@register.filter
def inert(value) -> str:
    """User-supplied text with bidi controls removed (HTML is escaped by autoescape)."""
    return inert_text(value)


@register.simple_tag
def list_sep():
    """The comma between the items of a list, in the page's language."""
    return list_separator()


@register.simple_tag
def bidi(value):
    """A name in <bdi>, isolated from the surrounding text's direction."""
    return format_html("<bdi>{}</bdi>", inert_text(value))


def hijri_text(day: dt.date) -> str:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    ar = is_arabic()
    month = h.month_name("ar" if ar else "en")
    return f"{h.day} {month} {h.year} {'هـ' if ar else 'AH'}"


@register.filter
def hijri(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return hijri_text(value)


@register.simple_tag(takes_context=True)
def showdate(context, value):
    """A date (or datetime, in the deployment's time zone) with its Hijri date when asked for."""
    if not value:
        return ""
    shown = value
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        shown = timezone.localtime(value)
    text = formats.date_format(shown, "DATETIME_FORMAT" if isinstance(value, dt.datetime) else "DATE_FORMAT")
    if context.get("show_hijri"):
        h = hijri(value)
        if h:
            return format_html('<time datetime="{}">{}</time> <span class="muted">({})</span>', value.isoformat(), text, h)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)

"""Choosing between an Arabic and an English value for the active language.

Every bilingual field pair in Majlis (names, titles, roles, descriptions) is shown
through `pick`, so the fallback rule — the other language when one is empty — is the
same everywhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def is_arabic(language: str | None = None) -> bool:
    return (language or get_language() or "ar").startswith("ar")


def list_separator(language: str | None = None) -> str:
    """The comma between the items of a list: the Arabic comma (،) in Arabic."""
    return "، " if is_arabic(language) else ", "


def pick(ar: str, en: str, language: str | None = None) -> str:
    """The value in the active (or given) language, else the other one."""
    return (ar or en) if is_arabic(language) else (en or ar)


class BilingualTitle(models.Model):
    """`title_ar` / `title_en` and the one to show."""

    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return pick(self.title_ar, self.title_en)

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

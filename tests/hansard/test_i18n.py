"""Every Hansard string has an Arabic translation; the pages use it."""

from __future__ import annotations

import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "majlis" / "hansard" / "locale" / "ar" / "LC_MESSAGES"


def test_arabic_catalog_is_complete():
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if "msgid" in b]
    untranslated = []
    for block in blocks[1:]:  # the header
        if "#, fuzzy" in block:
            untranslated.append(block)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"', block, flags=re.M)
        if not strs or any(s == "" for s in strs):
            untranslated.append(block.splitlines()[-2] if len(block.splitlines()) > 1 else block)
    assert not untranslated, untranslated[:5]


def test_pages_speak_arabic(client, published_record):
    client.cookies["majlis_language"] = "ar"
    page = client.get(f"/hansard/{published_record.pk}/").content.decode()
    assert "تنزيل" in page and "التصويت" in page

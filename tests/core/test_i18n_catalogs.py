"""Every app's Arabic catalog is complete: no untranslated or fuzzy entries, and the
compiled .mo the server reads says the same as the .po."""

import gettext
import re
from pathlib import Path

import pytest

CATALOGS = sorted(Path(__file__).resolve().parents[2].glob("majlis/*/locale/ar/LC_MESSAGES/django.po"))
ENTRY = re.compile(r'^((?:#.*\n)*)msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)', re.M)


def _text(lines: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lines))


def entries(po: Path):
    for comments, msgid, msgstrs in ENTRY.findall(po.read_text(encoding="utf-8") + "\n"):
        key = _text(msgid)
        if key:
            yield key, "#, fuzzy" in comments or ", fuzzy" in comments, [_text(m) for m in re.split(r"^msgstr(?:\[\d\])? ", msgstrs, flags=re.M) if m.strip()]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_is_complete_and_compiled(po):
    found = list(entries(po))
    assert len(found) > 10
    assert not [k for k, fuzzy, _ in found if fuzzy], "fuzzy entries are not used by Django"
    assert not [k for k, _, strs in found if not all(strs)], "untranslated entries"
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    stale = [k for k, _, strs in found if "%(" not in k and compiled.gettext(k.encode().decode("unicode_escape") if "\\" in k else k) == k]
    assert not stale[:5], "the .mo is older than the .po: run msgfmt"

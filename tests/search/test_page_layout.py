"""The results page puts the results first and the facets after them (beside them on wide
screens, below them on tablets): the HTML order is the reading order on every screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("no_semantic")


def test_results_come_before_facets(corpus, client):
    html = client.get("/search/", {"q": "البحرين"}).content.decode()
    first_result = html.index('data-testid="search-result"')
    facets = html.index('data-testid="search-facets"')
    assert html.index('data-testid="search-total"') < first_result < facets
    assert html.index("<summary", facets) > facets  # collapsible where they go below the results
    assert "search/search.css" in html


def test_layout_uses_logical_properties_only():
    from pathlib import Path

    import majlis.search

    css = (Path(majlis.search.__file__).parent / "static" / "search" / "search.css").read_text("utf-8")
    assert "display: grid" in css and "grid-template-areas" in css
    for physical in ("margin-left", "margin-right", "padding-left", "padding-right", "float:", "text-align: left", "text-align: right"):
        assert physical not in css, physical

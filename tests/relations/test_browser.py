"""A relations officer pastes a release in a real browser, reviews the AI draft and accepts
it; the AI governance officer switches extraction off and the page offers manual entry."""

import pytest
from django.test import Client

from .conftest import seed

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _page(browser, asgi_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": asgi_server.url},
                         {"name": "django_language", "value": "en", "url": asgi_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def test_paste_review_accept_then_kill_switch(browser, asgi_server, user_factory):
    from majlis.core import demo
    from majlis.relations.models import Engagement

    people = demo.load()["people"]
    officer = user_factory("rel-e2e", "relations_officer")
    context, page = _page(browser, asgi_server, officer)
    try:
        page.goto(asgi_server.url + "/relations/ingest")
        page.fill("textarea[name=text]", seed("000"))
        page.fill("input[name=published]", "2025-09-07")
        page.click("form.card button")
        page.wait_for_selector("[data-testid=event-0]")
        assert page.locator(".badge.ai").count() >= 1  # labelled as AI-made until accepted
        assert "Sabir Hajiyev" in page.content() or "صابر حاجييف" in page.content()
        page.click("[data-testid=accept]")
        page.wait_for_load_state()
        e = Engagement.objects.get()
        assert page.url.endswith(f"/relations/engagements/{e.pk}/")
        assert set(e.participants.values_list("person_id", flat=True)) >= {people["buainain"].pk, people["sabir"].pk}
        page.goto(asgi_server.url + "/relations/countries/AZ/")
        assert page.locator("[data-testid=timeline] li[data-kind=engagement]").count() == 1
    finally:
        context.close()

    aigov = user_factory("aigov-e2e", "ai_governance_officer")
    context, page = _page(browser, asgi_server, aigov)
    try:
        page.goto(asgi_server.url + "/ai/")
        page.click("[data-testid='switch-off-relations.extract']")
        page.wait_for_selector("[data-testid='switch-on-relations.extract']")
    finally:
        context.close()
    context, page = _page(browser, asgi_server, officer)
    try:
        page.goto(asgi_server.url + "/relations/ingest")
        assert page.locator("[data-testid=ai-disabled]").count() == 1
        page.click("[data-testid=ai-disabled] a")
        page.wait_for_selector("select[name=type]")
    finally:
        context.close()

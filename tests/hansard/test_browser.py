"""A reporter types two Arabic speeches by two speakers in the real editor (Chromium),
publishes, and the public page shows them right-to-left."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_reporter_types_publishes_public_reads_rtl(browser, asgi_server, register):
    from majlis.hansard import services
    from majlis.hansard.models import Record, Speech
    from tests.conftest import make_user

    import datetime as dt

    reporter = make_user("reporter-e2e", "hansard_editor")
    record = services.create_record(reporter, date=dt.date(2026, 5, 6), title_ar="جلسة المتصفح", title_en="Browser sitting",
                                    body=register["demo_chamber"])
    services.add_section(reporter, record, heading_ar="وقائع الجلسة", heading_en="Proceedings")
    client = Client()
    client.force_login(reporter)
    context = browser.new_context(locale="ar")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": asgi_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{asgi_server.url}/hansard/{record.pk}/edit/")

    page.click("button.add-unit[data-kind=speech]")
    page.wait_for_selector(".unit")

    def type_speech(unit, spelling: str, label: str, text: str):
        speaker = unit.locator(".unit-speaker")
        speaker.click()
        speaker.type(spelling)
        page.wait_for_function("document.querySelectorAll('#speaker-options option').length > 0")
        speaker.press("Enter")
        page.wait_for_function(f"(l) => document.querySelectorAll('.unit-label')[{index}].value === l", arg=label)
        area = unit.locator(".unit-text")
        area.click()
        area.type(text)

    index = 0
    first = page.locator(".unit").nth(0)
    type_speech(first, "خالد", "خالد الدوسري:", "بسم الله الرحمن الرحيم، نفتتح الجلسة.")
    first.locator(".unit-text").press("Control+Enter")  # saves, then a new speech after this one
    page.wait_for_function("document.querySelectorAll('.unit').length === 2")
    index = 1
    second = page.locator(".unit").nth(1)
    # Latin spelling of an Arabic name: the picker finds the person, the label prints in Arabic.
    type_speech(second, "Yusuf Alalawi", "يوسف العلوي:", "أؤيد مشروع القانون لأنه يحمي الخدمات العامة.")
    page.wait_for_function("document.querySelectorAll('.unit')[1].querySelector('.unit-status').textContent.length > 0 && !document.querySelector('.unit[data-dirty=\"1\"]')")
    page.wait_for_function("document.querySelectorAll('.unit')[1].querySelector('.unit-status').textContent === document.getElementById('hansard-editor').dataset.msgSaved")
    assert page.eval_on_selector_all(".unit-text", "els => els.map(e => getComputedStyle(e).direction)") == ["rtl", "rtl"]

    for state in ("in_review", "approved", "published"):
        page.click(f"[data-testid=to-{state}]")
        page.wait_for_load_state()
    record.refresh_from_db()
    assert record.version == 1
    speeches = list(Speech.objects.filter(record=record).order_by("order"))
    assert [s.person_id for s in speeches] == [register["members"][0].pk, register["members"][2].pk]

    public = browser.new_context().new_page()
    public.goto(f"{asgi_server.url}/hansard/{record.pk}/")
    articles = public.locator("article.speech")
    assert articles.count() == 2
    assert public.eval_on_selector_all("article.speech", "els => els.map(e => getComputedStyle(e).direction)") == ["rtl", "rtl"]
    text = public.inner_text("main")
    assert "نفتتح الجلسة" in text and "يحمي الخدمات العامة" in text and "يوسف العلوي" in text
    context.close()

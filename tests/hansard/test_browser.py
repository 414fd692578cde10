"""A reporter types two Arabic speeches by two speakers in the real editor (Chromium),
publishes, and the public page shows them right-to-left."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _editor_page(browser, asgi_server, user, record, locale=None):
    """A browser context logged in as `user`, on the editor page of `record`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=locale)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": asgi_server.url}])
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{asgi_server.url}/hansard/{record.pk}/edit/")
    return context, page


def test_reporter_types_publishes_public_reads_rtl(browser, asgi_server, register):
    from majlis.hansard import services
    from majlis.hansard.models import Speech
    from tests.conftest import make_user

    import datetime as dt

    reporter = make_user("reporter-e2e", "hansard_editor")
    record = services.create_record(reporter, date=dt.date(2026, 5, 6), title_ar="جلسة المتصفح", title_en="Browser sitting",
                                    body=register["demo_chamber"])
    services.add_section(reporter, record, heading_ar="وقائع الجلسة", heading_en="Proceedings")
    context, page = _editor_page(browser, asgi_server, reporter, record, locale="ar")

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
        with page.expect_navigation():
            page.click(f"[data-testid=to-{state}]")
    context.close()  # no request of the editor page runs while the test reads the database
    record.refresh_from_db()
    assert record.version == 1
    speeches = list(Speech.objects.filter(record=record).order_by("order"))
    assert [s.person_id for s in speeches] == [register["members"][0].pk, register["members"][2].pk]

    public_context = browser.new_context()
    public = public_context.new_page()
    public.set_default_timeout(30000)
    public.goto(f"{asgi_server.url}/hansard/{record.pk}/")
    articles = public.locator("article.speech")
    assert articles.count() == 2
    assert public.eval_on_selector_all("article.speech", "els => els.map(e => getComputedStyle(e).direction)") == ["rtl", "rtl"]
    text = public.inner_text("main")
    assert "نفتتح الجلسة" in text and "يحمي الخدمات العامة" in text and "يوسف العلوي" in text
    public_context.close()


def test_two_reporters_second_save_is_refused_with_a_diff(browser, asgi_server, register):
    import datetime as dt

    from majlis.hansard import services
    from tests.conftest import make_user

    one, two = make_user("rep-one", "hansard_editor"), make_user("rep-two", "hansard_editor")
    record = services.create_record(one, date=dt.date(2026, 5, 7), title_ar="جلسة التعارض", title_en="Conflict sitting")
    section = services.add_section(one, record, heading_ar="وقائع", heading_en="Proceedings")
    services.add_unit(one, record, section=section, person=register["members"][1], text="النص الأصلي للكلمة.")
    pages, contexts = [], []
    for user in (one, two):
        context, page = _editor_page(browser, asgi_server, user, record)
        pages.append(page)
        contexts.append(context)
    first, second = pages
    first.locator(".unit-text").fill("النص الأصلي للكلمة مع تصحيح المراسل الأول.")
    first.locator(".unit-text").press("Tab")  # leaving the speech saves it
    first.wait_for_function("document.querySelector('.unit').dataset.rev === '2'")
    second.locator(".unit-text").fill("النص الأصلي مع تصحيح المراسل الثاني.")
    second.locator(".unit-text").press("Tab")
    conflict = second.locator(".unit-conflict")
    conflict.wait_for(state="visible")
    text = conflict.inner_text()
    assert "rep-one" in text and "+النص الأصلي مع تصحيح المراسل الثاني." in text and "-النص الأصلي للكلمة مع تصحيح المراسل الأول." in text
    for context in contexts:
        context.close()
    from majlis.hansard.models import Speech

    assert Speech.objects.get(record=record).text == "النص الأصلي للكلمة مع تصحيح المراسل الأول."


def test_sections_and_structure_change_in_place(browser, asgi_server, register):
    """Alt+N adds a section, its headings save as typed, Alt+Shift+↑ moves it; split and
    merge update the page from the API's answer (no reload)."""
    import datetime as dt

    from majlis.hansard import services
    from majlis.hansard.models import Section, Speech
    from tests.conftest import make_user

    reporter = make_user("rep-sections", "hansard_editor")
    record = services.create_record(reporter, date=dt.date(2026, 5, 8), title_ar="جلسة الأقسام", title_en="Sections sitting")
    section = services.add_section(reporter, record, heading_ar="وقائع", heading_en="Proceedings")
    services.add_unit(reporter, record, section=section, person=register["members"][1], text="الجزء الأول. الجزء الثاني.")
    context, page = _editor_page(browser, asgi_server, reporter, record, locale="ar")
    page.evaluate("window.notReloaded = true")

    page.locator(".unit-text").click()
    page.keyboard.press("Alt+n")
    page.wait_for_function("document.querySelectorAll('.edit-section').length === 2")
    assert page.evaluate("document.activeElement.dataset.field") == "heading_ar"
    page.keyboard.type("الأسئلة")
    page.keyboard.press("Tab")
    page.keyboard.type("Questions")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.section-title')[1].textContent === 'الأسئلة'")
    new = page.locator(".edit-section").nth(1)
    new.locator(".section-heading").first.focus()
    page.keyboard.press("Alt+Shift+ArrowUp")
    page.wait_for_function("document.querySelector('.edit-section .section-title').textContent === 'الأسئلة'")

    area = page.locator(".unit-text")
    area.evaluate("el => { el.focus(); el.setSelectionRange(el.value.indexOf('الجزء الثاني'), el.value.indexOf('الجزء الثاني')); }")
    page.keyboard.press("Alt+s")
    page.wait_for_function("document.querySelectorAll('.unit').length === 2")
    assert page.eval_on_selector_all(".unit-text", "els => els.map(e => e.value)") == ["الجزء الأول.", "الجزء الثاني."]
    page.locator(".unit-text").first.focus()
    page.keyboard.press("Alt+m")
    page.wait_for_function("document.querySelectorAll('.unit').length === 1")
    assert page.locator(".unit-text").input_value() == "الجزء الأول.\nالجزء الثاني."
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.hansardEditor.pending()") == 0
    context.close()

    sections = list(Section.objects.filter(record=record).order_by("order", "id"))
    assert [(s.heading_ar, s.heading_en) for s in sections] == [("الأسئلة", "Questions"), ("وقائع", "Proceedings")]
    assert [s.text for s in Speech.objects.filter(record=record)] == ["الجزء الأول.\nالجزء الثاني."]

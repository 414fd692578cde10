"""Search-as-you-type on the people page, in a real browser (Chromium) on the real server."""

import pytest

from tests.e2e.test_register_browser import live_server_screenshot_dir

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_a_latin_prefix_suggests_the_arabic_name_and_the_keyboard_opens_it(browser, live_server):
    from majlis.core import demo
    from majlis.search import index

    farid = demo.load()["people"]["farid"]
    index.reindex(["core.person"])
    page = browser.new_page()
    try:
        page.goto(live_server.url + "/people/")
        assert page.get_attribute("html", "dir") == "rtl"
        box = page.locator("#people-q")
        assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"

        box.press_sequentially("Haji", delay=40)
        option = page.locator("#people-suggestions [role=option]", has_text="فريد حاجييف")
        option.wait_for()
        assert page.locator("#people-suggestions [role=option]", has_text="صابر حاجييف").count() == 1
        assert option.locator("[lang=en]").inner_text() == "Farid Hajiyev"
        assert box.get_attribute("aria-expanded") == "true"
        assert page.locator("#people-suggestions-status").inner_text().strip()
        page.screenshot(path=str(live_server_screenshot_dir() / "people_suggestions_ar.png"))

        # Down-arrow to Farid (the focus stays in the box), Enter opens his page.
        for _ in range(page.locator("#people-suggestions [role=option]").count()):
            box.press("ArrowDown")
            if box.get_attribute("aria-activedescendant") == option.get_attribute("id"):
                break
        assert option.get_attribute("aria-selected") == "true"
        assert page.evaluate("document.activeElement.id") == "people-q"
        box.press("Enter")
        page.wait_for_url(f"**/people/{farid.pk}/")

        # The reverse, in the English interface: an Arabic prefix suggests the Latin name.
        page.click("[data-testid=lang-en]")
        page.wait_for_load_state()
        page.goto(live_server.url + "/people/")
        assert page.get_attribute("html", "dir") == "ltr"
        page.locator("#people-q").press_sequentially("حاج", delay=40)
        page.locator("#people-suggestions [role=option]", has_text="Farid Hajiyev").wait_for()
        page.locator("#people-q").press("Escape")
        assert page.locator("#people-suggestions").is_hidden()
    finally:
        page.close()

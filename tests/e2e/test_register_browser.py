"""A real browser (Debian's Chromium through Playwright) on the real server."""

import pytest

from majlis.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_arabic_home_english_switch_clerk_login_and_person_page(browser, live_server):
    from majlis.core import demo

    data = demo.load()
    gafarova = data["people"]["gafarova"]
    page = browser.new_page()
    try:
        page.goto(live_server.url + "/")
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.get_attribute("html", "lang") == "ar"
        # The shipped Arabic font is used (no CDN): the stylesheet's @font-face loads.
        assert page.evaluate("document.fonts.check('16px \"Majlis Sans Arabic\"')")

        page.click("[data-testid=lang-en]")
        page.wait_for_load_state()
        assert page.get_attribute("html", "dir") == "ltr"

        page.click("text=Log in")
        page.fill("input[name=username]", "clerk")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("text=Log out").count() == 1

        page.goto(live_server.url + "/people/")
        page.fill("#people-q", "غافاروفا")
        page.wait_for_selector("#people-rows >> text=Sahiba Gafarova")
        page.click("#people-rows >> text=Sahiba Gafarova")
        page.wait_for_load_state()
        assert page.url.endswith(f"/people/{gafarova.pk}/")
        assert page.locator("h1").inner_text().strip().endswith("Sahiba Gafarova")
        assert page.locator("text=Speaker of the Milli Majlis").count() >= 1
        page.screenshot(path=str(live_server_screenshot_dir() / "person_page.png"))
    finally:
        page.close()


def live_server_screenshot_dir():
    import tempfile
    from pathlib import Path

    path = Path(tempfile.gettempdir()) / "majlis-e2e"
    path.mkdir(exist_ok=True)
    return path

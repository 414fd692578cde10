"""A clerk opens a sitting, a member on a tablet (second browser context) asks for the
floor and votes, and the projector shows the result, all without reloading."""

import pytest
from django.utils import timezone

from majlis.meetings import services
from majlis.meetings.models import Meeting, Vote
from tests.meetings.conftest import build_council
from tests.meetings.live_helpers import session_cookie, settled

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.e2e]


def _context(browser, server, user=None):
    context = browser.new_context(viewport={"width": 820, "height": 1180})  # tablet-sized
    if user is not None:
        context.add_cookies([{"name": "sessionid", "value": session_cookie(user), "url": server.url}])
    return context


def goto(page, url):
    """Open a page, again if the server answered 500 "database table is locked": the
    in-memory SQLite test database refuses a request thread that meets a WebSocket
    thread instead of waiting (a file database or PostgreSQL waits)."""
    for _attempt in range(5):
        response = page.goto(url)
        if response is not None and response.ok:
            return response
        page.wait_for_timeout(200)
    raise AssertionError(f"{url} answered {response.status if response else 'nothing'}")


def test_clerk_member_and_projector_in_real_browsers(browser, asgi_server, clerk):
    council = build_council(5, name="Browser Council")
    meeting = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="Browser sitting",
                                      title_ar="جلسة المتصفح", start=timezone.now())
    services.transition(clerk, meeting, "convene")
    member_user = council.users[1]

    clerk_page = _context(browser, asgi_server, clerk).new_page()
    goto(clerk_page, f"{asgi_server.url}/meetings/{meeting.pk}/")
    clerk_page.click("[data-testid=transition-open]")
    clerk_page.wait_for_selector("[data-testid=meeting-state]")
    assert Meeting.objects.get(pk=meeting.pk).state == "in_progress"
    for person in council.members:
        settled(services.record_attendance, clerk, meeting, person, "present")

    goto(clerk_page, f"{asgi_server.url}/meetings/{meeting.pk}/console/")
    projector = _context(browser, asgi_server).new_page()
    goto(projector, f"{asgi_server.url}/meetings/{meeting.pk}/projector/")
    tablet = _context(browser, asgi_server, member_user).new_page()
    goto(tablet, f"{asgi_server.url}/meetings/{meeting.pk}/tablet/")
    for page in (clerk_page, projector, tablet):
        page.wait_for_selector("#live[data-connected='1']")

    tablet.click("[data-testid=request-floor]")
    clerk_page.wait_for_selector(f"[data-testid=queue] li:has-text('{council.members[1].name_ar}')")
    clerk_page.click("[data-testid=next-speaker]")
    projector.wait_for_selector(f"[data-testid=speaker-name]:has-text('{council.members[1].name_ar}')")
    assert projector.inner_text("[data-testid=timer]").strip() not in ("", "0:00")

    clerk_page.fill("[data-testid=poll-title]", "اعتماد التقرير")
    clerk_page.click("[data-testid=open-poll]")
    tablet.wait_for_selector("[data-testid=vote-yes]")
    tablet.click("[data-testid=vote-yes]")
    projector.wait_for_selector("[data-testid=poll-counts] [data-option=yes]:has-text('1')")
    assert Vote.objects.filter(person=council.members[1], choice="yes").count() == 1
    clerk_page.click("[data-testid=close-poll]")
    projector.wait_for_selector("[data-testid=poll-result].adopted")
    assert projector.evaluate("performance.getEntriesByType('navigation').length") == 1  # never reloaded
    assert projector.evaluate("document.documentElement.dir") == "rtl"


def test_chair_reorders_the_speakers_list_by_mouse_and_keyboard(browser, asgi_server, clerk):
    council = build_council(4, name="Order Council")
    meeting = services.create_meeting(clerk, body=council.chamber, session=council.session, title_en="Order sitting",
                                      title_ar="جلسة الترتيب", start=timezone.now())
    settled(services.transition, clerk, meeting, "convene")
    settled(services.transition, clerk, meeting, "open")
    first, second, third = (settled(services.request_floor, None, meeting, council.members[i]) for i in range(3))
    poo = settled(services.request_floor, None, meeting, council.members[3], kind="point_of_order")

    console = _context(browser, asgi_server, clerk).new_page()
    goto(console, f"{asgi_server.url}/meetings/{meeting.pk}/console/")
    console.wait_for_selector("#live[data-connected='1']")
    console.wait_for_selector(f"[data-testid=queue] li[data-slot='{third.pk}'] [data-testid=move-up]")

    def shown():
        return [int(x) for x in console.eval_on_selector_all("[data-testid=queue] li", "els => els.map(e => e.dataset.slot)")]

    assert shown() == [poo.pk, first.pk, second.pk, third.pk]
    # The point of order heads the list and no speech may pass it.
    assert console.is_disabled(f"[data-testid=queue] li[data-slot='{first.pk}'] [data-testid=move-up]")
    assert console.is_disabled(f"[data-testid=queue] li[data-slot='{poo.pk}'] [data-testid=move-down]")

    console.click(f"[data-testid=queue] li[data-slot='{third.pk}'] [data-testid=move-up]")
    console.wait_for_selector(f"[data-testid=queue] li:nth-child(3)[data-slot='{third.pk}']")
    assert shown() == [poo.pk, first.pk, third.pk, second.pk]

    # Keyboard: the button keeps focus across the redraw, so Enter twice moves it twice.
    console.focus(f"[data-testid=queue] li[data-slot='{second.pk}'] [data-testid=move-up]")
    console.keyboard.press("Enter")
    console.wait_for_selector(f"[data-testid=queue] li:nth-child(3)[data-slot='{second.pk}']")
    console.wait_for_function(f"document.activeElement && document.activeElement.closest(\"li[data-slot='{second.pk}']\") !== null")
    console.keyboard.press("Enter")
    console.wait_for_selector(f"[data-testid=queue] li:nth-child(2)[data-slot='{second.pk}']")
    assert shown() == [poo.pk, second.pk, first.pk, third.pk]
    label = console.get_attribute(f"[data-testid=queue] li[data-slot='{second.pk}'] [data-testid=move-up]", "aria-label")
    assert council.members[1].name_ar in label
    assert [s.pk for s in services.speakers.queue(meeting)] == [poo.pk, second.pk, first.pk, third.pk]

"""Every public page type in a real Chromium: quick exit, accessibility (axe-core, WCAG 2.1 AA) on a
phone and a desktop, and usable 320 px wide and at 200 % zoom with no sideways scrolling."""

import pytest

from home.models import CrisisLineSettings
from portal.tests.browser import assert_accessible, assert_fits_the_screen, tab_to, watched_page
from resources.factories import ResourcePageFactory, ServiceLocationFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

PUBLIC_PAGES = [
    *["/", "/resources/", "{resource}", "/search/", "/search/list/?saved={uuid}", "/request-follow-up/"],
    *["/missing-page/", "/browsing-safely/"],
]
# 320 CSS pixels wide (WCAG's reflow width), and a 1280×800 laptop zoomed to 200 %.
NARROW = {
    "320 px": {"viewport": {"width": 320, "height": 640}},
    "200 % zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


@pytest.fixture
def resource():
    return ResourcePageFactory(title="Example Clinic", locations=[ServiceLocationFactory.build()])


@pytest.fixture
def neutral_url(live_server):
    url = f"{live_server.url}/neutral-page/"
    CrisisLineSettings.objects.update(quick_exit_url=url)
    return url


@pytest.mark.parametrize("how", ["click", "tab and enter", "shift three times"])
def test_quick_exit_leaves_and_replaces_history(browser_page, live_server, resource, neutral_url, how):
    browser_page.goto(f"{live_server.url}/")
    browser_page.goto(f"{live_server.url}{resource.url}")
    if how == "click":
        browser_page.get_by_role("link", name="Quick exit").click()
    elif how == "tab and enter":
        tab_to(browser_page, "Quick exit")
        browser_page.keyboard.press("Enter")
    else:
        for _ in range(3):
            browser_page.keyboard.press("Shift")
    browser_page.wait_for_url(neutral_url)
    browser_page.go_back()
    browser_page.wait_for_load_state()
    # Back skips the page the person left from.
    assert browser_page.url == f"{live_server.url}/"


def test_the_shortcut_never_fires_while_a_person_types(browser_page, live_server, neutral_url):
    """Escape (which closes things) and capitals typed with Shift leave the person where they are."""
    browser_page.goto(f"{live_server.url}/request-follow-up/")
    message = browser_page.get_by_label("What happened")
    message.click()
    message.press("Escape")
    message.type("My Brother And I Need Help ASAP")
    browser_page.keyboard.press("Shift")
    browser_page.keyboard.press("Shift")
    message.type(" OK")
    browser_page.keyboard.press("Shift")  # a third Shift, but not three in a row
    browser_page.wait_for_timeout(300)
    assert browser_page.url == f"{live_server.url}/request-follow-up/"
    assert message.input_value() == "My Brother And I Need Help ASAP OK"


def visit(page, live_server, path, resource):
    """Open a public page type; only the unknown address answers 404 (with the portal's own page)."""
    response = page.goto(f"{live_server.url}{path.format(resource=resource.url, uuid=resource.uuid)}")
    assert response.status == (404 if path == "/missing-page/" else 200)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_wcag_aa_violations(browser_page, live_server, resource, path):
    visit(browser_page, live_server, path, resource)
    assert_accessible(browser_page)


@pytest.mark.parametrize("size", NARROW)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_narrow_and_zoomed_screens_need_no_sideways_scrolling(chromium, live_server, resource, path, size):
    with watched_page(chromium, live_server.url, **NARROW[size]) as page:
        visit(page, live_server, path, resource)
        assert_fits_the_screen(page)
        assert page.get_by_role("link", name="Quick exit").is_visible()


def test_keyboard_user_reaches_the_skip_link_first(browser_page, live_server):
    browser_page.goto(f"{live_server.url}/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert browser_page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

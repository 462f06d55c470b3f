"""Journeys in a real Chromium: quick exit, accessibility (axe-core, WCAG 2.1 AA), small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from home.models import CrisisLineSettings
from resources.factories import ResourcePageFactory, ServiceLocationFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

WIDE_ELEMENTS = """Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .map(e => e.tagName + '.' + e.className)"""
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def resource():
    return ResourcePageFactory(title="Example Clinic", locations=[ServiceLocationFactory.build()])


@pytest.fixture
def neutral_url(live_server):
    url = f"{live_server.url}/neutral-page/"
    CrisisLineSettings.objects.update(quick_exit_url=url)
    return url


@pytest.mark.parametrize("how", ["click", "shift three times"])
def test_quick_exit_leaves_and_replaces_history(browser_page, live_server, resource, neutral_url, how):
    browser_page.goto(f"{live_server.url}/")
    browser_page.goto(f"{live_server.url}{resource.url}")
    if how == "click":
        browser_page.get_by_role("link", name="Quick exit").click()
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


@pytest.mark.parametrize("path", ["/", "/resources/", "resource", "/missing-page/", "/browsing-safely/"])
def test_pages_have_no_wcag_aa_violations(browser_page, live_server, resource, path):
    url = resource.url if path == "resource" else path
    browser_page.goto(f"{live_server.url}{url}")
    results = Axe().run(browser_page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["/", "/resources/", "resource", "/browsing-safely/"])
def test_small_screens_need_no_sideways_scrolling(chromium, live_server, resource, path):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}{resource.url if path == 'resource' else path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(WIDE_ELEMENTS)
    context.close()
    assert overflow <= 0, wide


def test_keyboard_user_reaches_the_skip_link_first(browser_page, live_server):
    browser_page.goto(f"{live_server.url}/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert browser_page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

"""A resident's journey on the demo directory, in Chromium on a phone (by touch) and a desktop, and again
with the keyboard alone: a question in their own words, two filters and a ZIP code, a resource's hours
and call link, two resources on a list, the list on paper; a crisis question shows the crisis panel first."""

import io
import re

import pytest
from django.core.management import call_command

from portal.tests.browser import assert_accessible, press, tab_to

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

QUESTION = "my son is hearing voices and won't sleep, we need someone to talk to"
ZIP = "48009"  # Birmingham


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())  # and indexes it


def result_titles(page):
    return [title.strip() for title in page.locator("#results .card h3").all_inner_texts()]


def test_a_resident_finds_help_and_prints_a_list(browser_page, live_server, device, demo, screenshot):
    page = browser_page
    page.goto(f"{live_server.url}/")
    screenshot(page, "home")
    page.get_by_label("What do you need help with?").fill(QUESTION)
    press(device, page.get_by_role("button", name="Search"))
    page.wait_for_url("**/search/**")
    everything = len(result_titles(page))
    assert everything > 2
    screenshot(page, "results")

    press(device, page.locator("details.filters-panel > summary"))
    press(device, page.get_by_role("group", name="Cost").get_by_label("Free"))
    press(device, page.get_by_role("group", name="For").get_by_label("Youth"))
    page.get_by_role("textbox", name="ZIP code").fill(ZIP)
    screenshot(page, "filters")
    press(device, page.get_by_role("button", name="Apply filters"))
    page.wait_for_url(f"**near={ZIP}**")
    narrowed = result_titles(page)
    assert 1 <= len(narrowed) < everything
    assert "Filters (2 chosen)" in page.locator("details.filters-panel > summary").inner_text()
    assert "miles" in page.locator("#results .card").first.inner_text()
    screenshot(page, "narrowed")
    assert_accessible(page)

    press(device, page.locator("#results .card h3 a").first)
    page.get_by_role("heading", name="Hours").wait_for()
    assert page.locator("a[href^='tel:']").first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == narrowed[0]
    screenshot(page, "resource")
    page.go_back()

    for title in narrowed[:2]:
        add = page.get_by_role("link", name=re.compile(rf"^Add to my list\W+{re.escape(title)}$"))
        with page.expect_navigation():
            press(device, add)
    press(device, page.get_by_role("link", name="View, print or share my list"))
    page.get_by_role("heading", name="My list").wait_for()
    listed = [title.strip() for title in page.locator(".cards h2").all_inner_texts()]
    assert sorted(listed) == sorted(narrowed[:2])
    screenshot(page, "list")
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator(".quick-exit").is_visible()
    assert not page.get_by_role("link", name="Back to search").is_visible()
    assert page.locator(".cards h2").first.is_visible()
    screenshot(page, "list-printed")
    page.emulate_media(media="screen")
    assert len(page.pdf()) > 1000  # Chromium prints it


def test_a_crisis_question_shows_the_crisis_panel_first(browser_page, live_server, demo, screenshot):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("What do you need help with?").fill("i dont want to be alive anymore")
    page.get_by_label("What do you need help with?").press("Enter")
    panel = page.get_by_role("region", name="Help right now")
    panel.wait_for()
    first_result = page.locator("#results .card").first
    assert panel.bounding_box()["y"] < first_result.bounding_box()["y"]
    assert panel.get_by_role("link", name="Call 988").is_visible()
    screenshot(page, "crisis")
    assert_accessible(page)


def test_the_same_journey_with_the_keyboard_alone(browser_page, live_server, demo):
    """Tab, Enter and Space only; at every stop the focus shows and the quick-exit bar does not cover it."""
    page = browser_page
    page.goto(f"{live_server.url}/")
    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    tab_to(page, "What do you need help with?")
    page.keyboard.type(QUESTION)
    tab_to(page, "ZIP code")
    page.keyboard.type(ZIP)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")

    tab_to(page, "Filters")
    page.keyboard.press("Enter")
    tab_to(page, "Free")
    page.keyboard.press("Space")
    tab_to(page, "Children and youth")
    page.keyboard.press("Space")
    tab_to(page, "Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url("**cost=free**")
    narrowed = result_titles(page)
    assert narrowed

    tab_to(page, narrowed[0])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hours").wait_for()
    tab_to(page, page.locator("a[href^='tel:']").first.inner_text().strip())
    page.go_back()

    for title in narrowed[:2]:
        tab_to(page, f"Add to my list: {title}")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    tab_to(page, "View, print or share my list")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="My list").wait_for()
    assert page.locator(".cards h2").count() == min(2, len(narrowed))

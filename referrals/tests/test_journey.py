"""A family member's journey in Chromium on a phone (by touch) and a desktop, and again with the
keyboard alone: from a service's page to a saved request, through one mistake, to what happens next
and a reference code; one send too many is refused politely with the words kept."""

import re

import pytest

from portal.tests.browser import assert_accessible, assert_focus_seen, press, tab_to
from referrals.models import FollowUpRequest
from resources.factories import ResourcePageFactory, ServiceLocationFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

WHAT_HAPPENED = "My brother had a hard night, the police came. He is calmer now. Please call him tomorrow."
TYPO = "248 555 012"  # one digit short
PHONE = "248 555 0123"


@pytest.fixture
def resource():
    return ResourcePageFactory(title="Example Clinic", locations=[ServiceLocationFactory.build()])


@pytest.fixture
def one_send_an_hour(settings):
    settings.FOLLOW_UP_RATE = "1/h"


def send(page, device):
    with page.expect_navigation():
        press(device, page.get_by_role("button", name="Send the request"))


def test_a_family_member_asks_for_a_follow_up(
    browser_page, live_server, device, resource, one_send_an_hour, screenshot
):
    page = browser_page
    page.goto(f"{live_server.url}{resource.url}")
    press(device, page.get_by_role("link", name="Ask the clinician to follow up"))
    page.get_by_role("heading", name="Ask the clinician to follow up").wait_for()
    screenshot(page, "form")
    press(device, page.get_by_label("Family member"))
    page.get_by_label("Your name").fill("Dana Example")
    page.get_by_label("Phone").fill(TYPO)
    page.get_by_label("Where does the person live?").select_option(label="Bloomfield Township")
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    press(device, page.get_by_label("I agree"))
    send(page, device)

    # The mistake is named next to the field and in a summary whose link leads to it; nothing is lost.
    summary = page.get_by_role("alert")
    assert "Please check 1 thing below" in summary.inner_text()
    press(device, summary.get_by_role("link", name=re.compile("^Phone")))
    assert page.evaluate("document.activeElement.name") == "phone"
    assert page.get_by_label("What happened").input_value() == WHAT_HAPPENED
    assert page.get_by_label("I agree").is_checked()
    assert FollowUpRequest.objects.count() == 0
    screenshot(page, "mistake")
    assert_accessible(page)

    page.get_by_label("Phone").fill(PHONE)
    send(page, device)
    page.wait_for_url("**/received/**")
    stored = FollowUpRequest.objects.get()
    assert stored.resource_id == resource.pk and stored.phone == "+12485550123"
    assert page.locator(".reference").inner_text() == stored.reference
    assert page.get_by_role("heading", name="What happens next").is_visible()
    screenshot(page, "received")
    assert_accessible(page)

    # The same person sends once more within the hour: refused, told when to try, words kept.
    page.goto(f"{live_server.url}/request-follow-up/")
    press(device, page.get_by_label("Family member"))
    page.get_by_label("Your name").fill("Dana Example")
    page.get_by_label("Phone").fill(PHONE)
    page.get_by_label("Where does the person live?").select_option(label="Bloomfield Township")
    page.get_by_label("What happened").fill("Sorry, one more thing: he prefers texts.")
    press(device, page.get_by_label("I agree"))
    send(page, device)
    assert "Too many requests from this connection" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("What happened").input_value() == "Sorry, one more thing: he prefers texts."
    assert FollowUpRequest.objects.count() == 1
    screenshot(page, "refused")
    assert_accessible(page)


def test_the_same_request_with_the_keyboard_alone(browser_page, live_server, resource):
    """Tab, arrows, Space and Enter only; at every stop the focus shows and is not covered."""
    page = browser_page
    page.goto(f"{live_server.url}{resource.url}")
    tab_to(page, "Ask the clinician to follow up")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Ask the clinician to follow up").wait_for()
    tab_to(page, "I am asking for myself")  # the first choice of the group; arrows move within it
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Family member").is_checked()
    tab_to(page, "Your name")
    page.keyboard.type("Dana Example")
    tab_to(page, "Phone")
    page.keyboard.type(TYPO)
    tab_to(page, "Where does the person live?")
    page.keyboard.type("Bloomfield")  # a closed list picks the option typed
    tab_to(page, "What happened")
    page.keyboard.type(WHAT_HAPPENED)
    tab_to(page, "I agree")
    page.keyboard.press("Space")
    tab_to(page, "Send the request")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, "Phone:")  # the summary's link, first after the crisis numbers
    page.keyboard.press("Enter")
    assert assert_focus_seen(page)["name"].startswith("Phone")
    page.keyboard.press("Control+A")
    page.keyboard.type(PHONE)
    tab_to(page, "Send the request")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/received/**")
    assert page.locator(".reference").inner_text() == FollowUpRequest.objects.get().reference

"""The family's journey in a real Chromium: from a service to a saved request, and accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from referrals.models import FollowUpRequest
from resources.factories import ResourcePageFactory, ServiceLocationFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def resource():
    return ResourcePageFactory(title="Example Clinic", locations=[ServiceLocationFactory.build()])


def test_from_a_service_page_to_a_saved_request(browser_page, live_server, resource):
    browser_page.goto(f"{live_server.url}{resource.url}")
    browser_page.get_by_role("link", name="Ask the clinician to follow up").click()
    form = browser_page
    form.get_by_label("Family member").check()
    form.get_by_label("Your name").fill("Dana Example")
    form.get_by_label("Phone").fill("248 555 0123")
    form.get_by_label("Where does the person live?").select_option(label="Bloomfield Township")
    form.get_by_label("What happened").fill("My brother had a hard night. Please call him.")
    form.get_by_role("button", name="Send the request").click()
    # The consent box was left empty: the message says so and nothing typed is lost.
    assert "tick the box" in form.content()
    assert form.get_by_label("What happened").input_value() == "My brother had a hard night. Please call him."
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Send the request").click()
    form.wait_for_url("**/received/**")
    stored = FollowUpRequest.objects.get()
    assert stored.reference in form.content() and stored.resource_id == resource.pk
    assert "988" in form.content()


@pytest.mark.parametrize("state", ["empty", "with errors"])
def test_the_form_has_no_wcag_aa_violations(browser_page, live_server, state):
    browser_page.goto(f"{live_server.url}/request-follow-up/")
    if state == "with errors":
        browser_page.get_by_role("button", name="Send the request").click()
        browser_page.wait_for_load_state()
    results = Axe().run(browser_page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

"""The follow-up form in Chromium: what a screen reader is told about each control, and axe-core
(WCAG 2.1 AA), before and after a send with mistakes."""

import pytest
from django.http import QueryDict

from portal.tests.browser import assert_accessible
from referrals.forms import FollowUpRequestForm

from .conftest import FORM_URL

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

TIMEOUT_MS = 10_000
HONEYPOT = "website"
MISSING_IDS = """selector => (document.querySelector(selector).getAttribute('aria-describedby') || '')
  .split(/\\s+/).filter(id => id && !document.getElementById(id))"""


def open_form(page, live_server):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live_server.url}{FORM_URL}")


def send_untouched(page):
    """Send the form as it first shows; returns what the browser sent."""
    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.get_by_role("button", name="Send the request").click()
    page.locator(".notice-error").wait_for()
    return QueryDict(sent.value.post_data)


def described_element(field):
    """A radio group's own fieldset (not a section around it), else the control itself."""
    control = f'[name="{field.name}"]'
    return f"fieldset:has({control}):not(:has(fieldset {control}))" if field.use_fieldset else control


def accessible_description(cdp, selector):
    """Chromium's computed description, as it hands it to a screen reader."""
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return tree["nodes"][0].get("description", {}).get("value", "")


def assert_each_control_describes(page, form):
    cdp = page.context.new_cdp_session(page)
    for field in form.visible_fields():
        if field.name == HONEYPOT:
            continue
        selector = described_element(field)
        assert page.evaluate(MISSING_IDS, selector) == [], field.name
        description = accessible_description(cdp, selector)
        for text in [str(field.help_text), *field.errors]:
            assert text in description, (field.name, description)
    cdp.detach()


def test_each_control_is_described_by_its_help_and_its_errors(browser_page, live_server):
    open_form(browser_page, live_server)
    assert_each_control_describes(browser_page, FollowUpRequestForm())
    sent = send_untouched(browser_page)
    with_errors = FollowUpRequestForm(data=sent)
    # Everything is missing but the best time, which starts at "Any time".
    assert sent["best_time"] == "any" and len(with_errors.errors) == 6
    assert_each_control_describes(browser_page, with_errors)


@pytest.mark.parametrize("send", [False, True], ids=["empty", "with errors"])
def test_the_form_has_no_wcag_aa_violations(browser_page, live_server, send):
    open_form(browser_page, live_server)
    if send:
        send_untouched(browser_page)
    assert_accessible(browser_page)

"""The admin under its Content-Security-Policy, in a real Chromium: Wagtail's inline panels and date
widgets, started from a static file instead of inline scripts, still work, and nothing is refused."""

import pytest
from django.urls import reverse

from portal.staff.testing import sign_in_in_browser
from referrals.models import Person
from resources.factories import ResourcePageFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]
PASSWORD = "pw-for-tests"  # noqa: S105 (the fixtures' accounts)


def watched(page):
    """Script errors, as the page reports them (refusals by the Content-Security-Policy fail every
    test that uses `browser_page`: conftest.py)."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def test_an_editor_adds_a_phone_number_and_picks_a_date(browser_page, live_server, editor):
    page = ResourcePageFactory(title="Example Clinic")
    problems = watched(browser_page)
    sign_in_in_browser(browser_page, live_server.url, editor, PASSWORD)

    browser_page.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    phones = browser_page.locator("input[name^='phones-'][name$='-number']")
    before = phones.count()
    browser_page.get_by_role("button", name="Add Phone number").click()
    assert phones.count() == before + 1  # the inline panel's script ran
    assert problems == []


def test_a_clinician_picks_a_date_and_time(browser_page, live_server, clinician):
    person = Person.objects.create(first_name="Dana")
    problems = watched(browser_page)
    sign_in_in_browser(browser_page, live_server.url, clinician, PASSWORD)

    browser_page.goto(f"{live_server.url}{reverse('casework_referrals:add')}?person={person.pk}")
    browser_page.locator("#id_occurred_at").click()
    browser_page.wait_for_selector(".xdsoft_datetimepicker", state="visible")  # the widget's script ran
    assert problems == []


def test_the_redirects_page_chooser_opens(browser_page, live_server, admin_user):
    """Its start-up script is the one inline script the policy allows (by hash)."""
    problems = watched(browser_page)
    sign_in_in_browser(browser_page, live_server.url, admin_user, PASSWORD)
    browser_page.goto(f"{live_server.url}/admin/redirects/add/")
    browser_page.get_by_role("button", name="Choose a page").click()
    browser_page.wait_for_selector(".modal-dialog", state="visible")  # the chooser's script ran
    assert problems == []

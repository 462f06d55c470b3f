"""The clinician's day in a real Chromium, on the demo data: triage a request into a referral for a
person the portal offers as a match, link two directory services through the chooser, log two
contacts, close with an outcome, and find every step in the referral's history."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from portal.staff.testing import sign_in_in_browser
from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral, RequestStatus

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "pw-for-the-journey"  # noqa: S105 (a test account)


@pytest.fixture
def demo(django_user_model):
    call_command("load_demo", stdout=io.StringIO())
    clinician = django_user_model.objects.get(username="clinician")
    clinician.set_password(PASSWORD)
    clinician.save()
    assert clinician.groups.filter(pk=Group.objects.get(name="Clinicians").pk).exists()


def sign_in(page, live_server):
    sign_in_in_browser(page, live_server.url, User.objects.get(username="clinician"), PASSWORD)


def link_service(page, referral, words, status):
    """Through Wagtail's chooser, answered by the site search: the first service not linked yet."""
    page.get_by_role("link", name="Link a service").click()
    page.get_by_role("button", name="Choose a service").click()
    modal = page.locator(".modal")
    modal.get_by_role("textbox").first.fill(words)
    results = modal.locator("td a")
    results.first.wait_for()
    linked = set(referral.resources.values_list("resource_title", flat=True))
    titles = [title.strip() for title in results.all_inner_texts()]
    results.nth(next(i for i, title in enumerate(titles) if title not in linked)).click()
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label=status)
    page.get_by_role("button", name="Link this service").click()
    page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))


def test_a_clinicians_day_on_the_demo(browser_page, live_server, demo):
    page = browser_page
    known = Person.objects.order_by("pk").first()
    waiting = FollowUpRequest.objects.filter(status=RequestStatus.NEW).order_by("pk").first()
    sign_in(page, live_server)
    assert "My overdue follow-ups" in page.content()

    page.goto(f"{live_server.url}/admin/follow-up-requests/")
    page.get_by_role("link", name=waiting.reference).first.click()
    page.get_by_role("link", name="Triage").click()
    page.get_by_label(re.compile(f"{known.reference} — {known.first_name} {known.last_name}")).check()
    page.get_by_label("Presenting concern").select_option(label="Emotional distress, anxiety or depression")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))
    referral = Referral.objects.get(origin_request=waiting)
    assert referral.person == known and referral.reference in page.content()

    already = referral.resources.count()  # the service the request came from, linked by triage
    link_service(page, referral, "crisis line", "Referred")
    link_service(page, referral, "food pantry", "Connected")
    assert referral.resources.count() == already + 2

    for outcome in ("Left a message", "Reached"):
        page.get_by_role("link", name="Log contact").click()
        page.get_by_role("button", name=outcome).click()
        page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))
    assert FollowUpContact.objects.filter(referral=referral).count() == 2

    page.get_by_role("link", name="Edit or close").click()
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Completed")
    with page.expect_navigation():  # the same address answers with the form and its message
        page.get_by_role("button", name="Save").click()
    assert "Choose an outcome to close this referral" in page.content()
    page.get_by_role("combobox", name=re.compile("^Outcome")).select_option(label="Connected to services")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.outcome == "connected"

    page.get_by_role("link", name="Audit history").click()
    page.wait_for_url(re.compile(r".*/casework/referrals/history/\d+/$"))
    history = page.content()
    for step in ("Triaged", "Service linked", "Contact logged", "Edit", "Viewed"):
        assert step in history, step
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

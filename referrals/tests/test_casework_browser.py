"""The clinician's day in a real Chromium on a phone and a desktop, on the demo data: a family's request
sent through the public form is on her dashboard; she triages it into a referral for the person the
portal offers as a match, links two directory services through the chooser, logs contacts, prints the
handout, sees the referral counted in the monthly report, closes it with an outcome, and finds every
step in the referral's history. The back office's own templates pass axe-core on the way."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from portal.staff.testing import sign_in_in_browser
from portal.tests.browser import DEVICES, SERIOUS, assert_accessible, watched_page
from referrals.models import FollowUpContact, Person, Referral

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]
# The report's table as {(community, month): {column: text}}.
REPORT_ROWS = """() => {
  const table = document.querySelector('table');
  const columns = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent.trim());
  return Array.from(table.querySelectorAll('tbody tr')).map(row =>
    Object.fromEntries(Array.from(row.children).map((cell, i) => [columns[i], cell.textContent.trim()])));
}"""
PASSWORD = "pw-for-the-journey"  # noqa: S105 (a test account)


@pytest.fixture
def demo(django_user_model):
    call_command("load_demo", stdout=io.StringIO())
    for username, group in [("clinician", "Clinicians"), ("partner", "Partner viewers")]:
        user = django_user_model.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()
        assert user.groups.filter(pk=Group.objects.get(name=group).pk).exists()


def sign_in(page, live_server, username="clinician"):
    sign_in_in_browser(page, live_server.url, User.objects.get(username=username), PASSWORD)


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


def family_asks(chromium, live_server, device, person):
    """A family member sends a request about `person` through the public form; returns its code."""
    with watched_page(chromium, live_server.url, **DEVICES[device]) as page:
        page.goto(f"{live_server.url}/request-follow-up/")
        page.get_by_label("Family member").check()
        page.get_by_label("Your name").fill("Dana Example")
        page.get_by_label("Phone").fill("248 555 0177")
        page.get_by_label("First name or initials").fill(f"{person.first_name} {person.last_name}")
        page.get_by_label("Where does the person live?").select_option(label="Bloomfield Township")
        page.get_by_label("What happened").fill("My cousin was taken home by the police after a bad night.")
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send the request").click()
        page.wait_for_url("**/received/**")
        return page.locator(".reference").inner_text()


def opened_this_month(page, live_server, community):
    page.goto(f"{live_server.url}/admin/reports/monthly-activity/")
    rows = page.evaluate(REPORT_ROWS)
    label = f"{timezone.localtime():%B %Y}"  # the report's months are Detroit's, as the referral's is
    mine = [row for row in rows if community in row.values() and label in "".join(row.values())]
    return int(mine[0]["Referrals opened"]) if mine else 0


def test_a_clinicians_day_on_the_demo(browser_page, live_server, chromium, device, demo, screenshot):
    page = browser_page
    known = Person.objects.order_by("pk").first()
    reference = family_asks(chromium, live_server, device, known)
    sign_in(page, live_server)
    screenshot(page, "dashboard")
    assert_accessible(page, impacts=SERIOUS)
    before = opened_this_month(page, live_server, "Bloomfield Township")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name=re.compile(r"^\d+$")).first.click()  # New follow-up requests: N
    page.get_by_role("link", name=reference).first.click()
    screenshot(page, "request")
    page.get_by_role("link", name="Triage").click()
    page.get_by_label(re.compile(f"{known.reference} — {known.first_name} {known.last_name}")).check()
    page.get_by_label("Presenting concern").select_option(label="Emotional distress, anxiety or depression")
    screenshot(page, "triage")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))
    referral = Referral.objects.get(origin_request__reference=reference)
    assert referral.person == known and referral.reference in page.content()

    already = referral.resources.count()
    link_service(page, referral, "crisis line", "Referred")
    link_service(page, referral, "food pantry", "Connected")
    assert referral.resources.count() == already + 2

    for outcome in ("Left a message", "Reached"):
        page.get_by_role("link", name="Log contact").click()
        page.get_by_role("button", name=outcome).click()
        page.wait_for_url(re.compile(r".*/casework/referrals/inspect/\d+/$"))
    assert FollowUpContact.objects.filter(referral=referral).count() == 2
    screenshot(page, "referral")
    assert_accessible(page, impacts=SERIOUS)

    page.get_by_role("link", name="Print handout").click()
    page.get_by_role("heading", level=1).wait_for()
    handout = page.content()
    for link in referral.resources.select_related("resource"):
        assert link.resource.title in handout
    assert known.last_name not in handout and "988" in handout
    page.emulate_media(media="print")
    screenshot(page, "handout")
    assert_accessible(page)
    page.emulate_media(media="screen")
    assert len(page.pdf()) > 1000

    assert opened_this_month(page, live_server, "Bloomfield Township") == before + 1
    screenshot(page, "report")
    assert_accessible(page, impacts=SERIOUS)

    page.goto(f"{live_server.url}/admin/casework/referrals/edit/{referral.pk}/")
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
    screenshot(page, "history")
    assert_accessible(page, impacts=SERIOUS)


def test_a_partner_sees_only_their_communitys_counts(browser_page, live_server, demo, screenshot):
    page = browser_page
    sign_in(page, live_server, "partner")
    page.goto(f"{live_server.url}/admin/reports/monthly-activity/")
    rows = page.evaluate(REPORT_ROWS)
    assert rows and {row["Community"] for row in rows} == {"Birmingham"}
    assert "fewer than 5" in page.content()  # small counts hidden
    screenshot(page, "report")
    assert_accessible(page, impacts=SERIOUS)

    referral = Referral.objects.filter(community__name="Birmingham").first()
    response = page.goto(f"{live_server.url}/admin/casework/referrals/inspect/{referral.pk}/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Not available to your account").is_visible()
    assert referral.reference not in page.content()
    screenshot(page, "refused")

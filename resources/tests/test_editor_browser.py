"""A directory editor's change in a real Chromium on a phone and a desktop: edit a resource in Wagtail's
page editor, publish it, and see the change on the public page at once."""

import re

import pytest

from resources.factories import ResourcePageFactory, ServiceLocationFactory
from resources.models import Category

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]
PASSWORD = "pw-for-the-journey"  # noqa: S105 (a test account)
NEW_SUMMARY = "Walk-in counseling on weekdays; evening groups from January."


@pytest.fixture
def resource():
    return ResourcePageFactory(
        title="Example Clinic",
        summary="Counseling.",
        categories=[Category.objects.get(slug="counseling")],
        locations=[ServiceLocationFactory.build()],
    )


def test_an_editor_publishes_a_change_residents_see_at_once(
    browser_page, live_server, editor, resource, screenshot
):
    editor.set_password(PASSWORD)
    editor.save()
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{resource.pk}/edit/")
    page.get_by_role("textbox", name=re.compile("^Summary")).fill(NEW_SUMMARY)
    screenshot(page, "editing")
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    assert "has been published" in page.get_by_role("status").first.inner_text()
    screenshot(page, "published")

    page.goto(f"{live_server.url}{resource.url}")
    assert page.locator(".lead").inner_text() == NEW_SUMMARY
    screenshot(page, "public")

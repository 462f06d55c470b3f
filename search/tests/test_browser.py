"""The search page in a real Chromium: accessible in every state, results before filters on a phone,
and a filter applied without losing one's place."""

import pytest

from portal.tests.browser import DEVICES, assert_accessible, watched_page
from resources.factories import ResourcePageFactory, ServiceLocationFactory
from resources.models import Category, Language
from search import indexing

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


@pytest.fixture
def indexed():
    for number, (title, language) in enumerate([("Counseling Center", "es"), ("Family Counseling", "ar")]):
        ResourcePageFactory(
            title=f"{title} {number}",
            summary="Counseling for adults and families.",
            categories=[Category.objects.get(slug="counseling")],
            languages=[Language.objects.get(code=language)],
            locations=[ServiceLocationFactory.build()],
        )
    ResourcePageFactory(title="Crisis Line", summary="Call any time.", is_crisis=True, is_24_7=True)
    indexing.rebuild()


@pytest.mark.parametrize(
    "query",
    [
        "q=counselor+who+speaks+arabic",  # results, a suggested filter
        "q=i+want+to+kill+myself",  # the crisis panel
        "q=zzyzx+qwerty&language=ar&open_now=on",  # nothing found: crisis lines, categories, removals
        "q=counseling&language=es&language=ar",  # filters open, chosen values
    ],
)
def test_search_pages_have_no_wcag_aa_violations(browser_page, live_server, indexed, query):
    browser_page.goto(f"{live_server.url}/search/?{query}")
    assert_accessible(browser_page)


def test_on_a_phone_results_come_first_and_a_filter_keeps_the_persons_place(chromium, live_server, indexed):
    with watched_page(chromium, live_server.url, **DEVICES["phone"]) as page:
        on_a_phone(page, live_server)


def on_a_phone(page, live_server):
    page.goto(f"{live_server.url}/search/?q=counseling")
    results_top = page.locator("#results").bounding_box()["y"]
    filters = page.locator("details.filters-panel")
    assert filters.bounding_box()["y"] > results_top
    assert not filters.evaluate("element => element.open")
    assert page.get_by_text("Filters", exact=True).is_visible()

    page.locator("details.filters-panel > summary").tap()
    page.get_by_label("Spanish").tap()
    page.get_by_role("button", name="Apply filters").tap()
    page.wait_for_url("**language=es**")
    assert page.url.endswith("#results")
    assert page.locator("details.filters-panel > summary").inner_text() == "Filters (1 chosen)"
    assert page.evaluate("window.scrollY") > 0  # the page opened at the results, not at its top
    assert page.locator(".card h3").all_inner_texts() == ["Counseling Center 0"]

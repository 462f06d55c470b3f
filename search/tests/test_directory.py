"""/resources/, the directory listing: answered by the search service, like /search/ without words."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources.factories import (
    PageViewRestrictionFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
    rich_resource_page,
)
from resources.models import Category, Community, Language
from search import indexing

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter():
    return ResourcePageFactory(
        title="Safe House",
        summary="Shelter for survivors.",
        service_areas=[Community.objects.get(slug="waterford-township")],
        locations=[
            ServiceLocationFactory.build(
                address_1="742 Secret Lane", city="Waterford Township", is_confidential=True
            )
        ],
        phones=[ServicePhoneFactory.build(number="248-555-0111", description="Intake")],
    )


@pytest.fixture
def clinic():
    return ResourcePageFactory(
        title="Counseling Clinic",
        summary="Talk therapy for adults.",
        is_free=True,
        categories=[Category.objects.get(slug="counseling")],
        languages=[Language.objects.get(code="es")],
        service_areas=[Community.objects.get(slug="birmingham")],
        locations=[ServiceLocationFactory.build(city="Birmingham", postal_code="48009")],
        phones=[ServicePhoneFactory.build(number="248-555-0120")],
    )


@pytest.fixture
def listed(clinic, shelter):
    indexing.rebuild()
    return clinic, shelter


def listing(client, query=""):
    return client.get(f"/resources/?{query}").content.decode()


def titles(client, query=""):
    html = listing(client, query)
    return {title for title in ("Counseling Clinic", "Safe House") if title in html}


def test_directory_lists_resources_with_what_a_person_needs_to_act(client, listed):
    html = listing(client)
    assert titles(client) == {"Counseling Clinic", "Safe House"}
    assert 'href="tel:+12485550120"' in html and "Birmingham" in html and "Free" in html
    assert "Spanish" in html  # languages
    assert "742 Secret Lane" not in html and "Waterford Township" in html


def test_directory_filters_are_the_search_filters(client, listed):
    assert titles(client, "category=counseling") == {"Counseling Clinic"}
    assert titles(client, "category=counseling-individual-counseling") == set()
    assert titles(client, "language=es") == {"Counseling Clinic"}
    assert titles(client, "community=birmingham") == {"Counseling Clinic"}
    assert titles(client, "cost=free") == {"Counseling Clinic"}
    assert titles(client, "q=somewhere safe to stay") == {"Safe House"}
    assert titles(client, "q=talk to someone") == {"Counseling Clinic"}


def test_a_category_tile_lists_its_subcategories_too(client):
    ResourcePageFactory(title="Mobile Team", categories=[Category.objects.get(slug="crisis-mobile-crisis")])
    indexing.rebuild()
    home = client.get("/").content.decode()
    assert 'href="/resources/?category=crisis"' in home
    assert "Mobile Team" in listing(client, "category=crisis")


def test_directory_paginates(client, settings):
    for number in range(25):
        ResourcePageFactory(title=f"Service {number:02d}")
    indexing.rebuild()
    html = listing(client, "cost=&page=2")
    assert "Page 2 of 2" in html and "Service 20" in html and "Service 00" not in html


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_restricted_resource_is_not_listed(client, clinic, shelter, kind):
    PageViewRestrictionFactory(page=clinic, restriction_type=kind)
    indexing.rebuild()
    html = listing(client)
    assert "Counseling Clinic" not in html and clinic.url not in html
    assert "Safe House" in html


def test_restricted_directory_asks_first_and_lists_only_public_resources(client, directory, listed):
    """The listing answers from the search index, which holds public resources only: a directory
    behind a password lists nothing after the password either."""
    clinic, _shelter = listed
    restriction = PageViewRestrictionFactory(page=directory, restriction_type=PageViewRestriction.PASSWORD)
    indexing.rebuild()
    asked = listing(client)
    assert "Safe House" not in asked and 'name="password"' in asked
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, directory.pk]),
        {"password": "letmein", "return_url": "/resources/"},
    )
    html = listing(client)
    assert "Safe House" not in html and "Counseling Clinic" not in html and "0 resources" in html


@pytest.mark.parametrize(
    "query",
    [
        "category=no-such-thing",
        "language=xx",
        "cost=priceless",
        "page=abc",
        "page=999",
        "page=-1",
        "q=" + "x" * 500,
        "q=%00",
        "q=%27%22%3C%3E()*:*",
        "open_now=maybe",
        "community=%E2%9C%93",
    ],
)
def test_bad_filter_input_gives_a_normal_page(client, listed, query):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 200
    assert "911" in response.content.decode()


def test_bad_filter_value_is_reported_and_kept_visible(client, listed):
    html = listing(client, "category=no-such-thing&language=es")
    assert 'class="errorlist"' in html
    assert "Counseling Clinic" in html and "Safe House" not in html  # the valid language filter applies


def rich_resource(number):
    return rich_resource_page(f"Resource {number:03d}")


def queries_for(client, url):
    client.get(url)  # warm the per-process copies (site root, search index, labels), as a server has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    # Site, home page and the directory page with its restriction flag are 3 of these; the index
    # state is read once per request by each per-process copy that depends on it (search tables,
    # labels, and the vocabulary when there are words). Filter values are checked against the labels.
    [
        ("/resources/", 7),
        ("/resources/?category=crisis&language=sq&open_now=on", 7),
        ("/resources/?category=crisis&language=sq&community=birmingham&delivery=in-person&open_now=on", 7),
        ("/search/?q=food+tonight", 7),
    ],
)
def test_listing_pages_use_a_fixed_number_of_queries(client, url, expected, monkeypatch, settings):
    settings.PAGE_CACHE = False  # the queries of rendering it (the page cache: home/tests)
    tuesday_noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: tuesday_noon)
    for number in range(3):
        rich_resource(number)
    indexing.rebuild()
    few = queries_for(client, url)
    for number in range(3, 40):
        rich_resource(number)
    indexing.rebuild()
    assert "Resource 002" in client.get(url).content.decode()
    assert few == queries_for(client, url) == expected

"""The public directory pages: what they show, what they hide, and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources.factories import (
    PageViewRestrictionFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
)
from resources.models import Category, Community, Language, PhoneType, ServiceSchedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter():
    return ResourcePageFactory(
        title="Safe House",
        summary="Shelter for survivors.",
        locations=[
            ServiceLocationFactory.build(
                address_1="742 Secret Lane",
                city="Waterford Township",
                latitude="42.663311",
                is_confidential=True,
            )
        ],
        phones=[ServicePhoneFactory.build(number="248-555-0111", description="Intake")],
    )


@pytest.fixture
def clinic():
    return ResourcePageFactory(
        title="Counseling Clinic",
        summary="Talk therapy for adults.",
        minimum_age=18,
        is_free=True,
        last_verified_on=datetime.date(2026, 10, 5),
        categories=[Category.objects.get(slug="counseling")],
        languages=[Language.objects.get(code="es")],
        service_areas=[Community.objects.get(slug="birmingham")],
        locations=[
            ServiceLocationFactory.build(address_1="200 Maple Road", city="Birmingham", postal_code="48009")
        ],
        phones=[
            ServicePhoneFactory.build(number="248-555-0120", description="Front desk"),
            ServicePhoneFactory.build(number="248-555-0121", type=PhoneType.TEXT),
        ],
        schedules=[
            ServiceSchedule(weekday=day, opens_at=datetime.time(9), closes_at=datetime.time(17))
            for day in range(5)
        ],
    )


def test_resource_page_shows_every_detail(client, clinic):
    html = client.get(clinic.url).content.decode()
    assert 'href="tel:+12485550120"' in html
    assert 'href="sms:+12485550121"' in html
    assert "200 Maple Road" in html and "Birmingham, MI 48009" in html
    assert "openstreetmap.org/directions" in html
    assert "Ages 18 and over" in html
    assert "Free" in html and "Spanish" in html and "Counseling and therapy" in html
    assert "Last verified on October 5, 2026" in html
    assert "9 a.m. – 5 p.m." in html


def test_open_now_badge_follows_the_clock(client, clinic, monkeypatch):
    tuesday_noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: tuesday_noon)
    assert "Open now" in client.get(clinic.url).content.decode()
    monkeypatch.setattr("resources.hours.now", lambda: tuesday_noon + datetime.timedelta(hours=6))
    assert "Closed now" in client.get(clinic.url).content.decode()


def test_confidential_location_shows_only_area_and_intake_phone(client, shelter):
    html = client.get(shelter.url).content.decode()
    assert "Confidential location in Waterford Township" in html
    assert "(248) 555-0111" in html
    for secret in ("742 Secret Lane", "42.663311", "openstreetmap"):
        assert secret not in html
    listing = client.get("/resources/").content.decode()
    assert "742 Secret Lane" not in listing and "Waterford Township" in listing


def test_unpublished_resource_is_not_public(client, clinic):
    clinic.unpublish()
    assert client.get(clinic.url).status_code == 404
    assert "Counseling Clinic" not in client.get("/resources/").content.decode()


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_restricted_resource_is_not_listed(client, clinic, shelter, kind):
    PageViewRestrictionFactory(page=clinic, restriction_type=kind)
    listing = client.get("/resources/").content.decode()
    assert "Counseling Clinic" not in listing and clinic.url not in listing
    assert "Safe House" in listing


def test_restricted_directory_lists_only_to_visitors_who_passed_its_restriction(
    client, directory, clinic, shelter
):
    restriction = PageViewRestrictionFactory(page=directory, restriction_type=PageViewRestriction.PASSWORD)
    PageViewRestrictionFactory(page=clinic, restriction_type=PageViewRestriction.LOGIN)
    asked = client.get("/resources/").content.decode()
    assert "Safe House" not in asked and 'name="password"' in asked

    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, directory.pk]),
        {"password": "letmein", "return_url": "/resources/"},
    )
    listing = client.get("/resources/").content.decode()
    assert "Safe House" in listing and "Counseling Clinic" not in listing


def test_directory_filters(client, clinic, shelter):
    def titles(query):
        html = client.get(f"/resources/?{query}").content.decode()
        return {title for title in ("Counseling Clinic", "Safe House") if title in html}

    assert titles("") == {"Counseling Clinic", "Safe House"}
    assert titles("category=counseling") == {"Counseling Clinic"}
    assert titles("category=counseling-individual-counseling") == set()
    assert titles("language=es") == {"Counseling Clinic"}
    assert titles("community=birmingham") == {"Counseling Clinic"}
    assert titles("cost=free") == {"Counseling Clinic"}
    assert titles("q=shelter") == {"Safe House"}


def test_parent_category_includes_its_subcategories(client):
    ResourcePageFactory(title="Mobile Team", categories=[Category.objects.get(slug="crisis-mobile-crisis")])
    assert "Mobile Team" in client.get("/resources/?category=crisis").content.decode()


def test_directory_paginates(client, settings):
    settings.RESOURCES_PER_PAGE = 2
    for number in range(5):
        ResourcePageFactory(title=f"Service {number}")
    html = client.get("/resources/?cost=&page=2").content.decode()
    assert "Page 2 of 3" in html and "Service 2" in html and "Service 0" not in html
    assert 'href="?cost=&amp;page=3"' in html


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
def test_bad_filter_input_gives_a_normal_page(client, clinic, query):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 200
    assert "911" in response.content.decode()


def test_bad_filter_value_is_reported_and_kept_visible(client, clinic):
    html = client.get("/resources/?category=no-such-thing&language=es").content.decode()
    assert 'class="errorlist"' in html
    assert "Counseling Clinic" in html  # the valid language filter still applies

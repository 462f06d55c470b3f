"""The public directory pages: what they show, what they hide, and bad input."""

import datetime

import pytest
from django.utils import timezone

from resources.factories import (
    CategoryFactory,
    CommunityFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
)
from resources.models import Category, Community, Language, PhoneType, Population, ServiceSchedule

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


def test_unpublished_resource_is_not_public(client, clinic):
    clinic.unpublish()
    assert client.get(clinic.url).status_code == 404


def test_a_page_lists_its_labels_in_each_lists_own_order(client):
    """The four label lists come from one union query; each keeps its model's order and names."""
    crisis = Category.objects.get(slug="crisis")
    subcategories = [
        CategoryFactory(name=name, parent=crisis, sort_order=order)
        for name, order in [("Zeta", 1), ("Alpha", 2)]
    ]
    communities = [
        Community.objects.get(slug="birmingham"),
        CommunityFactory(name="Aardvark Village", is_partner=False),
    ]
    page = ResourcePageFactory(
        title="Many Labels",
        categories=[*subcategories, Category.objects.get(slug="counseling")],
        languages=list(Language.objects.filter(code__in=["es", "ar", "en"])),
        populations=list(Population.objects.all()[:3]),
        service_areas=communities,
    )
    expected = {
        name: [str(item) for item in getattr(page, name).all()]
        for name in ("categories", "populations", "service_areas", "languages")
    }
    assert page.listed_under() == expected
    assert expected["service_areas"][0] == "Birmingham" and f"{crisis.name} › Zeta" in expected["categories"]
    html = client.get(page.url).content.decode()
    assert ", ".join(expected["categories"]) in html and ", ".join(expected["service_areas"]) in html

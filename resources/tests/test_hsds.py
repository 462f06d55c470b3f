"""What the portal publishes as HSDS 3.0 validates against the official compiled schemas."""

import datetime
import json

import pytest

from resources.factories import (
    OrganizationFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
    ServiceScheduleFactory,
)
from resources.hsds import serialize
from resources.models import Category, Community, Language
from resources.tests.hsds_schemas import schema_errors, validator

pytestmark = pytest.mark.django_db


def assert_valid(name, data):
    assert schema_errors(name, data) == []


@pytest.fixture
def service_page():
    return ResourcePageFactory(
        title="Family Counseling Center",
        alternate_name="FCC",
        summary="Counseling for parents and children.",
        description="<p>Counseling <b>for families</b>.</p>",
        organization=OrganizationFactory(website="https://example.org", email="info@example.org"),
        website="https://example.org/fcc",
        minimum_age=5,
        last_verified_on=datetime.date(2026, 10, 1),
        categories=list(Category.objects.filter(slug__in=["counseling-family-counseling", "food"])),
        languages=list(Language.objects.filter(code__in=["en", "ar"])),
        service_areas=list(Community.objects.filter(slug__in=["birmingham", "troy"])),
        phones=[ServicePhoneFactory.build(extension="12"), ServicePhoneFactory.build(type="text")],
        schedules=[
            ServiceScheduleFactory.build(weekday=1),
            ServiceScheduleFactory.build(weekday=5, open_24_hours=True, opens_at=None, closes_at=None),
        ],
        locations=[
            ServiceLocationFactory.build(name="Main office", accessibility="Step-free entrance"),
            ServiceLocationFactory.build(address_1="9 Hidden Way", is_confidential=True),
        ],
        publish=True,
    )


def test_a_full_service_conforms(service_page):
    data = serialize.service(service_page)
    assert_valid("service", data)
    assert data["id"] == str(service_page.uuid) and data["description"] == "Counseling for families."
    assert {term["taxonomy_term"]["code"] for term in data["attributes"]} == {
        "counseling-family-counseling",
        "food",
    }
    assert [s["byday"] for s in data["schedules"]] == ["TU", "SA"]
    assert data["phones"][0]["extension"] == 12


@pytest.mark.parametrize("extension", ["²", "１２", "ext. 12"])
def test_an_extension_in_other_than_ascii_digits_is_left_out(extension):
    page = ResourcePageFactory(phones=[ServicePhoneFactory.build(extension=extension)])
    data = serialize.service(page)
    assert "extension" not in data["phones"][0]
    assert_valid("service", data)


def test_confidential_locations_are_not_published(service_page):
    data = serialize.service(service_page)
    assert len(data["service_at_locations"]) == 1
    assert "Hidden" not in json.dumps(data)


def test_ids_are_stable_between_exports(service_page):
    assert serialize.service(service_page) == serialize.service(
        type(service_page).objects.get(pk=service_page.pk)
    )


def test_a_list_item_and_an_organization_conform(service_page):
    assert_valid("service_list", serialize.service(service_page, full=False))
    organization = serialize.organization(
        service_page.organization, services=[serialize.service(service_page)]
    )
    assert_valid("organization", organization)


def test_the_validator_can_fail(service_page):
    broken = {**serialize.service(service_page), "status": "open", "minimum_age": "five"}
    del broken["name"]
    assert len(list(validator("service").iter_errors(broken))) == 3

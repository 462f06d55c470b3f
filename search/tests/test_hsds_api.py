"""The HSDS API: official schemas, paging, filters, errors as JSON, constant queries per page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources.factories import (
    OrganizationFactory,
    PageViewRestrictionFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    directory_page,
)
from resources.hsds import serialize
from resources.models import Category, Community, Language
from resources.tests.hsds_schemas import schema_errors

pytestmark = pytest.mark.django_db
API = "/api/hsds"


@pytest.fixture
def agency():
    return OrganizationFactory(name="Oakland Family Services")


@pytest.fixture
def listed(agency):
    """Three published services and a draft."""

    def make(title, categories, **fields):
        return ResourcePageFactory(
            title=title,
            categories=list(Category.objects.filter(slug__in=categories)),
            languages=list(Language.objects.filter(code__in=["en", "es"])),
            service_areas=list(Community.objects.filter(slug="pontiac")),
            locations=[ServiceLocationFactory.build()],
            **fields,
        )

    return {
        "counseling": make("Counseling Center", ["counseling-family-counseling"], organization=agency),
        "food": make("Food Pantry", ["food"]),
        "crisis": make("Crisis Line", ["crisis-crisis-lines"], organization=agency),
        "draft": make("Draft Service", ["food"], live=False),
    }


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    return response, response.json()


def test_meta(client):
    response, meta = get(client, "/")
    assert response.status_code == 200 and meta["version"] == "3.0"
    assert meta["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    _, document = get(client, "/openapi.json")
    assert (
        document["servers"] == [{"url": "http://testserver/api/hsds"}]
        and "/services/{id}" in document["paths"]
    )


def test_service_list_pages_and_conforms(client, listed):
    response, page = get(client, "/services", per_page=2)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert {key: page[key] for key in ("total_items", "total_pages", "page_number", "size")} == {
        "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2,
    }  # fmt: skip
    assert page["first_page"] and not page["last_page"] and not page["empty"]
    # In the order the services were added, whatever their titles.
    assert [item["name"] for item in page["contents"]] == ["Counseling Center", "Food Pantry"]
    for item in page["contents"]:
        assert schema_errors("service_list", item) == []
    _, second = get(client, "/services", per_page=2, page=2)
    assert [item["name"] for item in second["contents"]] == ["Crisis Line"] and second["last_page"]
    _, past = get(client, "/services", page=9)
    assert past["contents"] == [] and not past["empty"]


def test_full_services_conform(client, listed):
    _, page = get(client, "/services", full="true")
    for item in page["contents"]:
        assert schema_errors("service", item) == []
        assert item["languages"] and item["service_at_locations"]


def test_one_service_conforms_and_drafts_are_not_found(client, listed):
    response, data = get(client, f"/services/{listed['food'].uuid}")
    assert response.status_code == 200 and schema_errors("service", data) == []
    assert data == serialize.service(listed["food"])
    for missing in (listed["draft"].uuid, "00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response, body = get(client, f"/services/{missing}")
        assert response.status_code == 404 and body["error"] == "not_found"


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_restricted_service_is_not_published(client, listed, agency, kind):
    crisis = listed["crisis"]
    location = crisis.locations.get()
    PageViewRestrictionFactory(page=crisis, restriction_type=kind)

    _, page = get(client, "/services", full="true")
    assert [item["name"] for item in page["contents"]] == ["Counseling Center", "Food Pantry"]
    assert page["total_items"] == 2
    response, body = get(client, f"/services/{crisis.uuid}")
    assert response.status_code == 404 and body["error"] == "not_found"
    _, organization = get(client, f"/organizations/{agency.uuid}")
    assert [service["name"] for service in organization["services"]] == ["Counseling Center"]
    _, places = get(client, "/service_at_locations", full="true")
    assert places["total_items"] == 2 and str(location.uuid) not in str(places)
    assert get(client, f"/service_at_locations/{location.uuid}")[0].status_code == 404


def test_nothing_under_a_restricted_directory_is_published(client, listed):
    from search import indexing

    PageViewRestrictionFactory(page=directory_page(), restriction_type=PageViewRestriction.LOGIN)
    indexing.rebuild()
    for path, params in [("/services", {}), ("/services", {"search": "food"}), ("/service_at_locations", {})]:
        response, page = get(client, path, **params)
        assert response.status_code == 200 and page["total_items"] == 0 and page["contents"] == []
    assert get(client, f"/services/{listed['food'].uuid}")[0].status_code == 404


def test_filters(client, listed, agency):
    def names(**params):
        return [item["name"] for item in get(client, "/services", **params)[1]["contents"]]

    crisis = Category.objects.get(slug="crisis")
    assert names(taxonomy_term_id=crisis.uuid) == ["Crisis Line"]  # a parent term finds its children
    assert names(organization_id=agency.uuid) == ["Counseling Center", "Crisis Line"]
    assert names(organization_id=agency.uuid, open_now="false") == ["Counseling Center", "Crisis Line"]
    assert names(taxonomy_id=serialize.TAXONOMY_ID) == names()
    assert names(taxonomy_id="11111111-1111-1111-1111-111111111111") == []
    type(listed["food"]).objects.filter(pk=listed["food"].pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=30)
    )
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert "Food Pantry" not in names(modified_after=yesterday)
    assert "Food Pantry" in names(modified_after="0001-01-01T00:00:00+00:00")  # the earliest moment


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "²"}, "page"),  # isdigit() passes it, int() refuses it
        ({"page": "１"}, "page"),
        ({"page": "1" * 5000}, "page"),  # beyond the digits int() reads
        ({"per_page": "1000"}, "per_page"),
        ({"per_page": "５"}, "per_page"),
        ({"age": "１２"}, "age"),
        ({"full": "maybe"}, "full"),
        ({"taxonomy_term_id": "food"}, "taxonomy_term_id"),
        ({"modified_after": "last week"}, "modified_after"),
        ({"modified_after": "0001-01-01T00:00:00+01:00"}, "modified_after"),  # before year 1 in UTC
        ({"modified_after": "9999-12-31T23:59:59-01:00"}, "modified_after"),  # after year 9999 in UTC
        ({"organization_id": "' OR 1=1 --"}, "organization_id"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, params, name):
    response, body = get(client, "/services", **params)
    assert response.status_code == 400 and body["parameter"] == name and body["message"]


def test_read_only_and_no_trailing_slash_redirects(client):
    assert client.post(f"{API}/services").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    response = strict.delete(f"{API}/services")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    assert client.get(f"{API}/services").status_code == 200


def test_organizations_and_taxonomy(client, listed, agency):
    _, page = get(client, "/organizations")
    assert all(schema_errors("organization_list", item) == [] for item in page["contents"])
    response, data = get(client, f"/organizations/{agency.uuid}")
    assert schema_errors("organization", data) == []
    assert sorted(service["name"] for service in data["services"]) == ["Counseling Center", "Crisis Line"]
    _, taxonomies = get(client, "/taxonomies")
    assert taxonomies["contents"] == [serialize.TAXONOMY]
    _, top = get(client, "/taxonomy_terms", top_only="true", per_page=200)
    assert {term["code"] for term in top["contents"]} >= {"crisis", "food"}
    assert all("parent_id" not in term for term in top["contents"])
    crisis = Category.objects.get(slug="crisis")
    _, children = get(client, "/taxonomy_terms", parent_id=crisis.uuid)
    assert children["contents"] and all(
        term["parent_id"] == str(crisis.uuid) for term in children["contents"]
    )


@pytest.mark.parametrize("full", ["false", "true"])
def test_queries_per_page_do_not_grow_with_the_page(client, listed, full, settings):
    settings.PAGE_CACHE = False  # the queries of answering (the page cache: home/tests)

    def queries(per_page):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"{API}/services", {"per_page": per_page, "full": full})
        return len(captured)

    assert queries(1) == queries(3)


@pytest.fixture
def indexed(listed):
    from search import indexing

    indexing.rebuild()
    return listed


def test_search_goes_through_the_search_service(client, indexed):
    def names(**params):
        response, body = get(client, "/services", **params)
        assert response.status_code == 200, body
        for item in body["contents"]:
            assert schema_errors("service_list", item) == []
        return [item["name"] for item in body["contents"]], body["total_items"]

    assert names(search="food") == (["Food Pantry"], 1)
    assert names(search="suicide")[0][0] == "Crisis Line"  # synonyms and crisis-first, as on /search/
    assert names(postcode="48342", proximity="16000")[1] == 3  # Pontiac: every service serves it
    assert names(postcode="49855")[1] == 0  # Marquette, far away and not served
    assert names(language="es", taxonomy_term_id=Category.objects.get(slug="food").uuid) == (
        ["Food Pantry"],
        1,
    )
    assert names(search="food", taxonomy_term_id="11111111-1111-1111-1111-111111111111") == ([], 0)
    assert names(search="food", taxonomy_id="11111111-1111-1111-1111-111111111111") == ([], 0)
    assert names(search="food", taxonomy_id=serialize.TAXONOMY_ID) == (["Food Pantry"], 1)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"postcode": "ABCDE"}, "postcode"),
        ({"postcode": "4834０"}, "postcode"),  # the ZIP library panicked on it
        ({"postcode": "４８３４２"}, "postcode"),
        ({"postcode": "48342", "proximity": "１"}, "proximity"),
        ({"postcode": "48342", "proximity": "１６０００"}, "proximity"),
        ({"postcode": "48342", "proximity": "near"}, "proximity"),
        ({"postcode": "48342", "proximity": "10"}, "proximity"),  # under a mile
        ({"language": "xx"}, "language"),
        ({"search": "food", "organization_id": "11111111-1111-1111-1111-111111111111"}, "organization_id"),
        ({"age": "-3"}, "age"),
    ],
)
def test_bad_search_parameters_are_a_400_naming_them(client, indexed, params, name):
    response, body = get(client, "/services", **params)
    assert response.status_code == 400 and body["parameter"] == name, body


def test_age_filter(client, listed):
    type(listed["food"]).objects.filter(pk=listed["food"].pk).update(minimum_age=18)
    names = [item["name"] for item in get(client, "/services", age="12")[1]["contents"]]
    assert "Food Pantry" not in names and "Crisis Line" in names


def test_service_at_locations_conform_and_leave_confidential_places_out(client, listed):
    listed["food"].locations.create(
        address_1="9 Hidden Way", city="Pontiac", postal_code="48342", is_confidential=True
    )
    _, page = get(client, "/service_at_locations", per_page=10)
    assert page["total_items"] == 3 and "Hidden" not in str(page)
    for item in page["contents"]:
        assert schema_errors("service_at_location_list", item) == []
    _, full = get(client, "/service_at_locations", full="true")
    assert all(schema_errors("service_at_location", item) == [] for item in full["contents"])
    location = listed["crisis"].locations.get()
    response, data = get(client, f"/service_at_locations/{location.uuid}")
    assert response.status_code == 200 and schema_errors("service_at_location", data) == []
    assert (
        data["service"]["name"] == "Crisis Line"
        and data["location"]["addresses"][0]["city"] == "Auburn Hills"
    )
    hidden = listed["food"].locations.get(is_confidential=True)
    assert get(client, f"/service_at_locations/{hidden.uuid}")[0].status_code == 404
    assert get(client, "/service_at_locations", search="food")[0].status_code == 400

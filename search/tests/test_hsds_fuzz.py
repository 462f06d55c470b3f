"""A schema-driven fuzz run of the HSDS API: Schemathesis generates requests from the OpenAPI
document the portal serves (valid and invalid parameters, unknown ids) against the real
application and database. No request may end in a server error, and every success must match the
document's response schemas. The document's `datetime` format is no standard one, so date-times
for it are drawn here, with any UTC offset and the first and last years among them."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from resources.factories import OrganizationFactory, ResourcePageFactory, ServiceLocationFactory
from resources.models import Category, Community, Language


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests here go straight to the WSGI application, whose request signals would close the
    test's database connection (and with it the test's transaction); Django's own test client
    disconnects them for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def directory_data(db):
    OrganizationFactory()
    ResourcePageFactory(
        title="Counseling Center",
        categories=list(Category.objects.filter(slug__in=["counseling", "crisis-crisis-lines"])),
        languages=list(Language.objects.filter(code="es")),
        service_areas=list(Community.objects.filter(slug="pontiac")),
        locations=[ServiceLocationFactory.build()],
    )


OFFSETS = st.timedeltas(
    min_value=-datetime.timedelta(hours=23, minutes=59), max_value=datetime.timedelta(hours=23, minutes=59)
)
MOMENTS = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.datetimes(timezones=st.builds(datetime.timezone, OFFSETS)).map(datetime.datetime.isoformat),
    st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01", "9999-12-31"]),
)
schemathesis.openapi.format("datetime", MOMENTS)

# Inputs that once answered 500: other scripts' digits, and moments outside years 1–9999 in UTC.
FOUND = [
    ("/services", {"postcode": "4834０"}),
    ("/services", {"postcode": "４８３２６"}),
    ("/services", {"page": "²"}),
    ("/services", {"per_page": "５"}),
    ("/services", {"proximity": "１６０００"}),
    ("/services", {"modified_after": "0001-01-01T00:00:00+01:00"}),
    ("/services", {"modified_after": "9999-12-31T23:59:59-01:00"}),
    ("/service_at_locations", {"modified_after": "0001-01-01T00:00:00+01:00"}),
    ("/service_at_locations", {"page": "²"}),
]

# Served without touching the database, so it can be read while tests are collected (the page cache,
# which reads the schedules once per generation, is off for that one request).
with override_settings(PAGE_CACHE=False):
    schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize(("path", "params"), FOUND)
def test_inputs_found_by_fuzzing_are_a_400_naming_the_parameter(client, path, params):
    response = client.get(f"/api/hsds{path}", params)
    assert response.status_code == 400 and response.json()["parameter"] == next(iter(params))

"""A schema-driven fuzz run of the HSDS API: Schemathesis generates requests from the OpenAPI
document the portal serves (valid and invalid parameters, unknown ids) against the real
application and database. No request may end in a server error, and every success must match the
document's response schemas."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
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


# Served without touching the database, so it can be read while tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert isinstance(response.json(), dict)

"""SQL queries per public page are fixed: they do not grow with the number of resources."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.factories import rich_resource_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered(settings):
    """These count the queries of rendering a page; the page cache's are in home/tests/test_page_cache.py."""
    settings.PAGE_CACHE = False


def rich_resource(number):
    return rich_resource_page(f"Resource {number:03d}")


def queries_for(client, url):
    client.get(url)  # warm the site-root cache, as a running server would be
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_page_uses_a_fixed_number_of_queries(client):
    rich_resource(0)
    few = queries_for(client, "/")
    for number in range(1, 30):
        rich_resource(number)
    assert few == queries_for(client, "/") == 7


def test_resource_page_uses_a_fixed_number_of_queries(client):
    first = rich_resource(0)
    few = queries_for(client, first.url)
    for number in range(1, 30):
        rich_resource(number)
    assert few == queries_for(client, first.url) == 8

"""Property-based tests of the public search parameters (/search/ as HTML and JSON, the directory
listing, the saved list, suggestions): whatever is asked, the answer is a page of results, never a
server error; a value the form refuses is named among the field errors and shown back as typed."""

import pytest
from django.test import override_settings
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.facets import FACETS

pytestmark = pytest.mark.django_db

# Values that once broke a parser or that parsers treat specially: other scripts' digits (which
# isdigit() passes and int() or the ZIP library mishandle), overflows, NUL, huge numbers.
TRICKY = [
    "", " ", "0", "-1", "1", "²", "１", "٣", "4834０", "４８３２６", "48326", "48326-1234", "00000",
    "42.6,-83.2", "91,181", "1e400", "nan", "inf", "-inf", "\x00", "9" * 5000, "1_000", "0x10",
    "2026-01-01", "true", "on", "relevance", "distance", "crisis", "es", "birmingham", "free",
]  # fmt: skip
VALUE = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
NAMES = ["q", "near", "radius", "open_now", "sort", "page", "saved", *(facet.name for facet in FACETS)]
PARAMS = st.dictionaries(st.sampled_from(NAMES), st.lists(VALUE, min_size=1, max_size=3), max_size=6)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Refused by the form and shown back as typed (a ZIP code with a fullwidth zero once reached the ZIP
# library, which panicked); a page number, which comes from a link, is refused with a message.
FOUND = [{"near": ["4834０"]}, {"near": ["４８３２６"]}, {"radius": ["５"], "near": ["48326"]}]


def shown_back(body, form, params):
    """Each text box refused is in the page as typed (escaped, as the template does), with its
    message; the page number is a link's, not typed, so only its message is shown. (Filter values
    come from checkboxes and links, and an unknown one is left out of the search.)"""
    for name in set(form.errors) & {"q", "near", "radius", "page"}:
        typed = params[name][-1]
        if name != "page" and typed.strip() and "\n" not in typed:
            assert escape(typed) in body, (name, typed)
        assert escape(form.errors[name][0]) in body, name


@override_settings(PAGE_CACHE=False)  # each search rendered, so its form can be read back
@FUZZ
@given(params=PARAMS)
@example(params={"near": ["4834０"]})
@example(params={"page": ["²"]})
@example(params={"radius": ["５"], "near": ["48326"], "page": ["9" * 5000]})
def test_search_page_never_fails(client, directory_data, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="tel:988"' in body  # the crisis numbers are on every answer
    shown_back(body, response.context["form"], params)


@FUZZ
@given(params=PARAMS)
@example(params={"near": ["4834０"], "page": ["²"]})
def test_search_json_names_the_refused_fields(client, directory_data, params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"total", "hits", "facets", "errors"}
    assert set(data["errors"]) <= set(NAMES)


@pytest.mark.parametrize("params", FOUND)
def test_inputs_found_so_far_are_field_errors_kept_as_typed(client, directory_data, params):
    response = client.get("/search/", params)
    refused = next(iter(params))
    assert response.status_code == 200 and refused in response.context["form"].errors
    assert f'value="{params[refused][0]}"' in response.content.decode()
    assert refused in client.get("/search/", {**params, "format": "json"}).json()["errors"]


@pytest.mark.parametrize("page", ["²", "１", "٣"])
def test_other_scripts_page_numbers_are_a_message(client, directory_data, page):
    response = client.get("/search/", {"q": "counseling", "page": page})
    assert response.status_code == 200 and "Page: Enter a whole number." in response.content.decode()
    assert response.context["query"].page == 1


@FUZZ
@given(params=PARAMS)
@example(params={"near": ["4834０"], "page": ["²"]})
def test_directory_listing_never_fails(client, directory, params):
    response = client.get(directory.url, params)
    assert response.status_code == 200


@FUZZ
@given(saved=VALUE, q=VALUE)
def test_saved_list_and_suggestions_never_fail(client, directory_data, saved, q):
    assert client.get("/search/list/", {"saved": saved}).status_code == 200
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200 and isinstance(response.json()["suggestions"], list)

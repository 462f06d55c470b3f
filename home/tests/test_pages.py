"""Every public page: crisis numbers, quick exit, accessible structure, nothing from other sites."""

import re

import pytest
from django.urls import path
from wagtail.models import PageViewRestriction

from home.models import CrisisLineSettings
from resources.factories import PageViewRestrictionFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

EXTERNAL_ASSET = re.compile(
    r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*(?:src|href)="(?:https?:)?//', re.I
)


@pytest.fixture
def public_urls():
    page = ResourcePageFactory(title="Example Service")
    return [
        "/", "/resources/", page.url, "/resources/?category=crisis", "/no-such-page/", "/browsing-safely/",
    ]  # fmt: skip


def test_home_page_has_search_tiles_and_follow_up(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html
    assert 'href="/resources/?category=crisis"' in html
    assert "After a crisis" in html


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_restricted_directory_is_not_linked(client, directory, kind):
    PageViewRestrictionFactory(page=directory, restriction_type=kind)
    html = client.get("/").content.decode()
    assert 'href="/resources/?category=crisis"' not in html
    assert "After a crisis" in html


def test_crisis_banner_follows_the_site_setting(client, home):
    setting = CrisisLineSettings.objects.get()
    setting.local_line_name = "Test county line"
    setting.local_line_number = "248-555-0177"
    setting.save()
    html = client.get("/").content.decode()
    assert "Test county line" in html and 'href="tel:248-555-0177"' in html


def test_every_public_page_carries_the_essentials(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        html = response.content.decode()
        assert 'href="tel:911"' in html, url
        assert 'href="tel:988"' in html and "call or text" in html.lower(), url
        assert "data-quick-exit" in html and "quick-exit.js" in html, url
        assert 'href="/browsing-safely/"' in html, url
        assert 'href="#main"' in html and 'id="main"' in html, url
        assert '<html lang="en">' in html and "<header" in html and "<footer" in html, url
        assert 'media="print"' in html, url


def test_public_pages_request_nothing_from_other_sites(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert not EXTERNAL_ASSET.search(response.content.decode()), url
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        assert response["Referrer-Policy"] == "same-origin"


def test_unknown_url_gets_a_404_with_crisis_numbers(client):
    response = client.get("/resources/nowhere/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'href="tel:988"' in response.content.decode()


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


def test_500_page_is_static_and_shows_crisis_numbers(client, settings, django_assert_num_queries):
    """Django's own 500 view (the portal sets no handler500) with the portal's template."""
    settings.ROOT_URLCONF = __name__
    settings.PAGE_CACHE = False  # (which reads the schedules once per generation) what is measured is the 500
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'href="tel:911"' in html and 'href="tel:988"' in html and "data-quick-exit" in html

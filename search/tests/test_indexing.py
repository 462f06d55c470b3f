"""The database index follows Wagtail's page actions."""

import pytest

from resources.factories import ResourcePageFactory, ServiceLocationFactory
from resources.models import Community
from search import indexing
from search.models import SearchEntry, SearchPoint

pytestmark = pytest.mark.django_db


def test_publish_unpublish_delete_follow(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(publish=True, title="Night Shelter", summary="Beds tonight.")
    assert SearchEntry.objects.filter(pk=page.pk, title="Night Shelter").exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Overnight Shelter"
        page.save_revision().publish()
    assert SearchEntry.objects.get(pk=page.pk).title == "Overnight Shelter"

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not SearchEntry.objects.filter(pk=page.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.delete()
    assert not SearchEntry.objects.exists()


def test_confidential_address_and_point_stay_out_of_the_index():
    page = ResourcePageFactory(
        summary="Shelter.",
        service_areas=[Community.objects.get(slug="waterford-township")],
        locations=[
            ServiceLocationFactory.build(
                address_1="9 Hidden Way", latitude="42.701234", longitude="-83.301234", is_confidential=True
            )
        ],
    )
    indexing.sync_page(page.pk)
    entry = SearchEntry.objects.get(pk=page.pk)
    assert "Hidden Way" not in entry.text
    points = list(SearchPoint.objects.filter(entry=entry).values_list("latitude", "longitude"))
    assert points == [(42.663, -83.39)]  # the community's public centre stands in


def test_rebuild_reports_progress():
    for number in range(3):
        ResourcePageFactory(title=f"Service {number}")
    seen = []
    assert indexing.rebuild(progress=lambda done, total: seen.append((done, total)), chunk_size=2) == 3
    assert seen == [(2, 3), (3, 3)]
    assert SearchEntry.objects.count() == 3

"""The database index follows Wagtail's page actions."""

import pytest
from django.db import transaction
from wagtail.models import Site

from resources.factories import OrganizationFactory, ResourcePageFactory, ServiceLocationFactory
from resources.models import Category, Community, Language, ResourcePage
from search import indexing
from search.backends import snapshot
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.forms import SearchForm
from search.models import SearchEntry, SearchPoint
from search.records import RecordReader

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


def titles_found(text):
    results = DatabaseBackend().search(SearchForm({"q": text}).to_query())
    return [hit.title for hit in results.hits]


def test_database_search_answers_from_the_latest_publish(django_capture_on_commit_callbacks):
    """Each search checks the index token, so this process's in-memory copy never lags behind."""
    assert titles_found("shelter") == []
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(publish=True, title="Night Shelter", summary="Beds tonight.")
    assert titles_found("shelter") == ["Night Shelter"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles_found("shelter") == []


def test_a_rolled_back_index_write_never_looks_current():
    page = ResourcePageFactory(title="Night Shelter", summary="Beds tonight.")
    before = snapshot.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        indexing.sync_pages([page.pk])
        assert snapshot.current().size == before.size + 1
        raise RuntimeError("the publish failed after indexing")
    assert snapshot.current().size == before.size
    assert titles_found("shelter") == []


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
    indexing.sync_pages([page.pk])
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


def test_pages_published_in_one_transaction_are_synced_by_one_task(
    django_capture_on_commit_callbacks, sync_tasks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        night = ResourcePageFactory(publish=True, title="Night Shelter", summary="Beds tonight.")
        day = ResourcePageFactory(publish=True, title="Day Shelter", summary="A warm room.")
    assert sync_tasks == [sorted([night.pk, day.pk])]
    assert sorted(titles_found("shelter")) == ["Day Shelter", "Night Shelter"]


def test_a_rolled_back_publish_does_not_stop_later_syncs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            ResourcePageFactory(publish=True, title="Night Shelter", summary="Beds tonight.")
            raise RuntimeError("the import of this record failed")
        ResourcePageFactory(publish=True, title="Day Shelter", summary="A warm room.")
    assert titles_found("shelter") == ["Day Shelter"]


@pytest.fixture(params=["database", "elasticsearch"])
def searched(request, directory_data):
    """Searches on one backend, through the same query parsing as /search/."""
    backend = DatabaseBackend()
    if request.param == "elasticsearch":
        request.getfixturevalue("es_directory")
        backend = ElasticsearchBackend()
    return lambda **params: backend.search(SearchForm(params).to_query())


def test_a_renamed_category_slug_keeps_finding_its_resources(searched, django_capture_on_commit_callbacks):
    food = Category.objects.get(slug="food")
    with django_capture_on_commit_callbacks(execute=True):
        food.slug, food.name = "food-help", "Food help"
        food.save()
    results = searched(category=["food-help"])
    assert [hit.title for hit in results.hits] == ["Food Pantry"]
    assert ("food-help", "Food help", 1) in [
        (v.value, v.label, v.count) for v in searched().facets["category"]
    ]


def test_a_renamed_parent_category_reindexes_the_resources_of_its_children(
    searched, django_capture_on_commit_callbacks
):
    counseling = Category.objects.get(slug="counseling")
    with django_capture_on_commit_callbacks(execute=True):
        counseling.slug = "talking-help"
        counseling.save()
    found = {hit.title for hit in searched(category=["talking-help"]).hits}
    assert found == {"Family Counseling Center", "Statewide Counseling Line"}  # one of them via a child


def test_a_renamed_organization_is_found_by_its_new_name(searched, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(name="Zanzibarian Trust")
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(publish=True, title="Drop-in Help", organization=organization)
    assert [hit.title for hit in searched(q="zanzibarian").hits] == ["Drop-in Help"]
    with django_capture_on_commit_callbacks(execute=True):
        organization.name = "Brightwater Alliance"
        organization.save()
    assert [hit.title for hit in searched(q="brightwater").hits] == ["Drop-in Help"]
    assert searched(q="zanzibarian").total == 0


def test_a_deleted_language_leaves_the_index(searched, django_capture_on_commit_callbacks):
    arabic = Language.objects.get(code="ar")
    assert searched(language=["ar"]).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        arabic.delete()
    assert "ar" not in {value.value for value in searched().facets["language"]}


def test_a_search_begun_before_a_write_does_not_push_the_latest_copy_out(directory_data, monkeypatch):
    # Copies from earlier tests belong to states their rolled-back transactions left behind.
    monkeypatch.setattr(snapshot, "_latest", None)
    monkeypatch.setattr(snapshot, "_earlier", None)
    before = snapshot.current()
    indexing.sync_pages([directory_data["food"].pk])
    latest = snapshot.current()
    assert latest.version == before.version + 1
    state = (before.token, before.version)
    with monkeypatch.context() as older_transaction:
        older_transaction.setattr(snapshot.SearchIndexState, "current", lambda: state)
        assert snapshot.current().is_for(*state)
    assert snapshot.current() is latest


def test_a_caught_up_copy_orders_titles_as_a_fresh_one(directory_data, monkeypatch):
    monkeypatch.setattr(snapshot, "_latest", None)
    monkeypatch.setattr(snapshot, "_earlier", None)
    before = snapshot.current()
    assert before.title_order is not None  # worked out, so the catch-up carries it over
    page = directory_data["food"]
    page.title = "aardvark Pantry"  # first, whatever the case
    page.save_revision().publish()
    added = ResourcePageFactory(publish=True, title="Zebra Services")
    indexing.sync_pages([page.pk, added.pk, directory_data["shelter"].pk])
    caught_up = snapshot.current()
    assert caught_up is not before and caught_up._by_title is not None
    fresh = snapshot.Snapshot.load(caught_up.token, caught_up.version)
    assert caught_up.title_order.tolist() == fresh.title_order.tolist()
    first = caught_up.ids[caught_up.title_order.argmin()]
    assert first == page.pk


def test_record_urls_are_wagtails_on_one_site_and_on_two(home, directory):
    """The reader applies Wagtail's URL rule itself (search/records.py says why): this fails if the
    rule changes under it."""
    page = ResourcePageFactory(title="Night Shelter")
    assert RecordReader().read([page.pk])[0].url == page.get_url() == "/resources/night-shelter/"
    Site.objects.create(hostname="other.example", root_page=home, port=443)
    page = ResourcePage.objects.get(pk=page.pk)
    assert (
        RecordReader().read([page.pk])[0].url == page.get_url() == "http://localhost/resources/night-shelter/"
    )
    Site.objects.create(hostname="help.example", root_page=directory, port=443)
    page = ResourcePage.objects.get(pk=page.pk)
    assert RecordReader().read([page.pk])[0].url == page.get_url() == "https://help.example/night-shelter/"

"""A page an editor restricts (password, sign-in or groups, on the page or on the directory above it)
is not public: both search indexes and the saved list leave it out, and follow the restriction as
it is added and removed."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from resources.factories import PageViewRestrictionFactory, directory_page
from search import elastic, indexing, signals
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.forms import SearchForm

pytestmark = pytest.mark.django_db

KINDS = [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
EVERYTHING = {
    "Crisis Line",
    "Family Counseling Center",
    "Food Pantry",
    "Safe Shelter",
    "Recovery Clinic",
    "Statewide Counseling Line",
}


def restrict(page, kind):
    groups = [Group.objects.get(name="Clinicians")] if kind == PageViewRestriction.GROUPS else []
    return PageViewRestrictionFactory(page=page, restriction_type=kind, groups=groups)


def titles(backend, **params):
    return {hit.title for hit in backend.search(SearchForm(params).to_query()).hits}


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, directory_data):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
        return ElasticsearchBackend()
    return DatabaseBackend()


def rebuild_indexes():
    indexing.rebuild()
    if elastic.is_configured():
        elastic.rebuild()


@pytest.mark.parametrize("kind", KINDS)
def test_a_rebuild_leaves_restricted_pages_out(backend, directory_data, kind):
    restrict(directory_data["food"], kind)
    rebuild_indexes()
    assert titles(backend) == EVERYTHING - {"Food Pantry"}
    assert titles(backend, q="groceries") == set()


def test_a_rebuild_leaves_out_everything_under_a_restricted_directory(backend):
    restrict(directory_page(), PageViewRestriction.LOGIN)
    rebuild_indexes()
    assert titles(backend) == set()


def both_indexes(**params):
    return titles(DatabaseBackend(), **params), titles(ElasticsearchBackend(), **params)


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_restricting_a_page_then_lifting_it_syncs_both_indexes(
    es_directory, django_capture_on_commit_callbacks, kind
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(es_directory["food"], kind)
    assert both_indexes() == (EVERYTHING - {"Food Pantry"},) * 2
    assert both_indexes(q="groceries") == (set(), set())

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert both_indexes(q="groceries") == ({"Food Pantry"},) * 2


def test_restricting_the_directory_syncs_every_resource_under_it(
    es_directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(directory_page(), PageViewRestriction.PASSWORD)
    assert both_indexes() == (set(), set())

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert both_indexes() == (EVERYTHING,) * 2


def test_the_admin_privacy_setting_is_followed(
    client, admin_user, directory_data, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:set_privacy", args=[directory_data["food"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"restriction_type": "password", "password": "letmein"})
    assert response.status_code == 200
    assert titles(DatabaseBackend(), q="groceries") == set()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"restriction_type": "none"})
    assert titles(DatabaseBackend(), q="groceries") == {"Food Pantry"}


def test_pages_under_one_restriction_are_synced_by_one_task(
    directory_data, django_capture_on_commit_callbacks, sync_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        restrict(directory_page(), PageViewRestriction.LOGIN)
    assert sync_tasks == [sorted(page.pk for page in directory_data.values())]


def test_a_restriction_over_many_pages_is_synced_in_batches(
    directory_data, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(signals, "SYNC_BATCH", 4)
    synced, sync_pages = [], indexing.sync_pages

    def recording(page_ids):
        synced.append(page_ids)
        return sync_pages(page_ids)

    monkeypatch.setattr(indexing, "sync_pages", recording)
    with django_capture_on_commit_callbacks(execute=True):
        restrict(directory_page(), PageViewRestriction.LOGIN)
    assert [len(page_ids) for page_ids in synced] == [4, 2]
    assert titles(DatabaseBackend()) == set()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("on", ["page", "directory"])
def test_the_saved_list_leaves_restricted_pages_out(client, directory_data, kind, on):
    food, crisis = directory_data["food"], directory_data["crisis"]
    address = food.locations.get().address_1
    saved = f"{crisis.uuid},{food.uuid}"
    assert "Food Pantry" in client.get(f"/search/list/?saved={saved}").content.decode()

    restrict(food if on == "page" else directory_page(), kind)
    html = client.get(f"/search/list/?saved={saved}").content.decode()
    assert "Food Pantry" not in html and address not in html
    assert "Some resources in this list are no longer listed." in html
    assert ("Crisis Line" in html) == (on == "page")

"""The import's bulk writer (`resources.bulk_pages`) writes what Wagtail's own API writes.

It places pages in the tree and writes their rows, revisions and log entries itself, for speed.
These tests hold it to Wagtail's public path (`add_child`, `save_revision`, `publish`, as the
admin's create view calls them): the same page fields, inline rows, relations, revision content and
log entries, field by field; tree steps equal to those `add_child` gives; and a tree that
treebeard's own check finds sound.
"""

import datetime

import pytest
from django.db.models import F
from wagtail.models import Page, PageLogEntry

from resources.bulk_pages import NewPages, new_page, step_number, tree_problems, tree_step
from resources.factories import ResourcePageFactory, directory_page
from resources.models import (
    Category,
    Community,
    Language,
    Population,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)

pytestmark = pytest.mark.django_db

# What differs between any two pages, however written: identity, place in the tree, timestamps.
OWN = {
    "id", "pk", "page_ptr", "page_ptr_id", "path", "slug", "url_path", "uuid", "translation_key",
    "latest_revision", "latest_revision_id", "live_revision", "live_revision_id", "page", "page_id",
    "first_published_at", "last_published_at", "latest_revision_created_at", "sort_order",
}  # fmt: skip


def service(slug):
    """An unsaved service as the importer builds it: every field and relation set in memory."""
    page = new_page(
        title="Night Shelter",
        slug=slug,
        summary="Beds for tonight, for adults.",
        description="<p>Call before 6 pm.</p>",
        is_free=True,
        minimum_age=18,
        last_verified_on=datetime.date(2026, 11, 2),
    )
    page.phones = [ServicePhone(number="248-555-0150", description="Intake")]
    page.schedules = [
        ServiceSchedule(weekday=day, opens_at=datetime.time(18), closes_at=datetime.time(8))
        for day in range(7)
    ]
    page.locations = [ServiceLocation(address_1="12 Oak Street", city="Pontiac", postal_code="48342")]
    page.categories = list(Category.objects.filter(slug__in=["housing", "food"]))
    page.languages = list(Language.objects.filter(code__in=["en", "es"]))
    page.service_areas = list(Community.objects.filter(slug="birmingham"))
    page.populations = list(Population.objects.all()[:1])
    return page


def through_wagtail(page, publish, user):
    """Wagtail's own path for a new page, as its admin's create view takes it."""
    page.owner, page.live = user, publish
    directory_page().add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return ResourcePage.objects.get(pk=page.pk)


def in_bulk(page, publish, user):
    writer = NewPages(directory_page(), publish, user)
    writer.add(page)
    writer.write()
    return ResourcePage.objects.get(pk=page.pk)


def without_own(data):
    """Content with every identity, tree place and timestamp taken out, at any depth."""
    if isinstance(data, dict):
        return {key: without_own(value) for key, value in data.items() if key not in OWN}
    if isinstance(data, list):
        return [without_own(value) for value in data]
    return data


def stored(page):
    """Everything stored for a page: its fields, inline rows, relations, revisions and log entries."""
    fields = {field.attname: getattr(page, field.attname) for field in ResourcePage._meta.concrete_fields}
    rows = {
        name: [without_own(row) for row in getattr(page, name).values()]
        for name in ("phones", "schedules", "locations")
    }
    relations = {
        name: sorted(getattr(page, name).values_list("pk", flat=True))
        for name in ("categories", "languages", "service_areas", "populations")
    }
    revisions = [
        (without_own(revision.content), revision.user_id, revision.object_str, revision.approved_go_live_at)
        for revision in page.revisions.order_by("pk")
    ]
    log = sorted(
        (*entry[:-1], entry[-1] is None)
        for entry in PageLogEntry.objects.filter(page=page).values_list(
            "action", "user_id", "label", "content_changed", "content_type_id", "data", "revision_id"
        )
    )
    timestamps = {name: getattr(page, name) is None for name in ("first_published_at", "last_published_at")}
    return {
        "fields": without_own(fields),
        "published at": timestamps,
        "rows": rows,
        "relations": relations,
        "revisions": revisions,
        "log": log,
        "revision is the latest": page.latest_revision_id == page.revisions.order_by("pk").last().pk,
        "revision is live": page.live_revision_id is not None
        and page.live_revision_id == page.latest_revision_id,
    }


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "published"])
def test_a_bulk_written_page_is_stored_as_wagtails_api_stores_it(publish, django_user_model):
    user = django_user_model.objects.create_superuser(username="importer", password="pw-for-tests")
    wagtails = through_wagtail(service("night-shelter-a"), publish, user)
    bulk = in_bulk(service("night-shelter-b"), publish, user)
    assert stored(bulk) == stored(wagtails)
    assert bulk.depth == wagtails.depth and bulk.url_path == "/home/resources/night-shelter-b/"
    assert tree_problems(directory_page()) == {}


def test_tree_steps_are_the_ones_add_child_gives():
    added = [ResourcePageFactory(title=f"Service {number}") for number in range(40)]  # steps 0001 … 0014
    assert [page.path[-Page.steplen :] for page in added] == [tree_step(number) for number in range(1, 41)]
    last = len(Page.alphabet) ** Page.steplen - 1
    assert tree_step(last) == "ZZZZ" and step_number("ZZZZ") == last
    assert all(step_number(tree_step(number)) == number for number in range(0, 5000, 37))


def test_bulk_pages_continue_after_the_last_child(django_user_model):
    ResourcePageFactory(title="First")
    bulk = in_bulk(service("night-shelter"), True, None)
    assert step_number(bulk.path[-Page.steplen :]) == 2
    assert directory_page().numchild == 2 and tree_problems(directory_page()) == {}


def test_the_tree_check_finds_a_wrong_count_of_children():
    ResourcePageFactory(title="First")
    Page.objects.filter(pk=directory_page().pk).update(numchild=F("numchild") + 3)
    assert tree_problems(directory_page()) == {"count of children": [directory_page().pk]}

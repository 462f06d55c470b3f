"""The anonymous page cache (home/page_cache.py): public pages come from the cache, and every change a
resident could see makes the next request render afresh; signed-in people, the form and the admin
are never cached; browsers may revalidate pages but are told not to keep search results."""

import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from home.models import CrisisLineSettings
from home.page_cache import HIT_HEADER
from portal.tests.threads import in_thread
from resources.factories import OrganizationFactory, ResourcePageFactory, ServiceScheduleFactory
from resources.models import Category, Community, ResourceIndexPage, ResourcePage
from resources.tests.test_hsds_import import EXAMPLES, FULL_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource():
    return ResourcePageFactory(
        title="Example Clinic",
        summary="Counseling for adults.",
        organization=OrganizationFactory(name="Lakeside Health"),
        categories=[Category.objects.get(slug="counseling")],
        service_areas=[Community.objects.get(slug="birmingham")],
    )


def cache_state(client, url, **headers):
    response = client.get(url, **headers)
    return response.status_code, response.get(HIT_HEADER)


def test_a_public_page_is_rendered_once_then_answered_from_the_cache(resource, django_assert_num_queries):
    client = Client()
    assert cache_state(client, resource.url) == (200, "miss")
    with django_assert_num_queries(0):
        assert cache_state(client, resource.url) == (200, "hit")


@pytest.mark.parametrize("url", ["/", "/resources/", "/search/?q=counseling", "/browsing-safely/"])
def test_every_public_page_type_is_kept(resource, url):
    client = Client()
    assert cache_state(client, url) == (200, "miss")
    assert cache_state(client, url) == (200, "hit")


def test_a_page_is_kept_only_until_a_service_opens_or_closes(monkeypatch):
    clinic = ResourcePageFactory(
        title="Weekday Clinic",
        schedules=[ServiceScheduleFactory.build(weekday=1, closes_at=datetime.time(17))],
    )
    client, tuesday = Client(), timezone.make_aware(datetime.datetime(2026, 12, 1))

    def at(hour, minute):
        monkeypatch.setattr("resources.hours.now", lambda: tuesday.replace(hour=hour, minute=minute))
        response = client.get(clinic.url)
        return response[HIT_HEADER], "Open now" in response.content.decode()

    assert at(16, 58) == ("miss", True)
    assert at(16, 59) == ("hit", True)
    assert at(17, 0) == ("miss", False)  # it closed: a new stretch of the week
    assert at(23, 30) == ("hit", False)

    # New hours: each process reads the moments again under the new generation.
    clinic = ResourcePage.objects.get(pk=clinic.pk)
    clinic.schedules = [ServiceScheduleFactory.build(weekday=1, closes_at=datetime.time(18))]
    clinic.save_revision().publish()
    assert at(17, 30) == ("miss", True)
    assert at(17, 59) == ("hit", True)
    assert at(18, 0) == ("miss", False)


def test_a_search_asked_in_another_order_is_the_same_page(resource):
    client = Client()
    client.get("/search/?q=counseling&language=es&cost=free")
    assert cache_state(client, "/search/?cost=free&q=counseling&language=es") == (200, "hit")


def test_search_results_are_kept_here_but_not_by_the_browser(resource):
    client = Client()
    client.get("/search/?q=counseling")
    response = client.get("/search/?q=counseling")
    assert response[HIT_HEADER] == "hit" and "no-store" in response["Cache-Control"]


def test_pages_carry_validators_and_a_revalidation_is_a_304(resource):
    client = Client()
    first = client.get(resource.url)
    assert first["ETag"] and first["Last-Modified"] and "Cookie" in first["Vary"]
    again = client.get(resource.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("url", ["/request-follow-up/", "/admin/login/", "/missing-page/"])
def test_the_form_the_admin_and_errors_are_never_kept(url):
    client = Client()
    client.get(url)
    assert client.get(url).get(HIT_HEADER) != "hit"


def test_a_signed_in_person_is_never_answered_from_the_cache(resource, client, editor):
    Client().get(resource.url)  # kept for anonymous visitors
    client.force_login(editor)
    assert cache_state(client, resource.url) == (200, None)


# Each change a resident could see: (what to do, which page, what it must now say or answer).


def publish_a_change(resource):
    resource.summary = "Walk-in counseling on weekdays."
    resource.save_revision().publish()
    return resource.url, "Walk-in counseling on weekdays."


def unpublish(resource):
    url = resource.url
    resource.unpublish()
    return url, 404


def move(resource):
    old = resource.url
    parent = ResourceIndexPage.objects.get()
    other = parent.add_child(instance=ResourcePageFactory.build(title="Older listing", slug="older"))
    resource.move(other, pos="last-child")
    return old, 301  # Wagtail's automatic redirect to the new address


def delete(resource):
    url = resource.url
    resource.delete()
    return url, 404


def rename_the_organization(resource):
    resource.organization.name = "Lakeside Behavioral Health"
    resource.organization.save()
    return resource.url, "Lakeside Behavioral Health"


def rename_a_category(resource):
    category = Category.objects.get(slug="counseling")
    category.name = "Talking therapies"
    category.save()
    return resource.url, "Talking therapies"


def rename_a_community(resource):
    community = Community.objects.get(slug="birmingham")
    community.name = "City of Birmingham"
    community.save()
    return resource.url, "City of Birmingham"


def change_the_crisis_lines(resource):
    settings = CrisisLineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.local_line_number = "248-555-0199"
    settings.save()
    return resource.url, "248-555-0199"


def import_hsds(resource):
    call_command("import_hsds", str(EXAMPLES / "service_full.json"), "--publish", stdout=io.StringIO())
    title = ResourcePage.objects.get(uuid=FULL_ID).title
    return "/resources/", title


CHANGES = [
    publish_a_change,
    unpublish,
    move,
    delete,
    rename_the_organization,
    rename_a_category,
    rename_a_community,
    change_the_crisis_lines,
    import_hsds,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_every_change_residents_could_see_is_served_at_once(
    resource, change, django_capture_on_commit_callbacks
):
    client = Client()
    for url in (resource.url, "/resources/", "/", "/search/?q=counseling"):
        client.get(url)
        assert cache_state(client, url)[1] == "hit"

    with django_capture_on_commit_callbacks(execute=True):  # as when the change's transaction commits
        url, expected = change(ResourcePage.objects.get(pk=resource.pk))

    response = client.get(url)
    assert response.get(HIT_HEADER) == "miss"
    if isinstance(expected, int):
        assert response.status_code == expected
    else:
        assert expected in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_reader_is_served_a_version_older_than_the_last_change_before_it_asked(database_file):
    """A writer changes the crisis line's number N times while readers ask for the home page: a request
    that starts after change n was committed never shows a number from before n. Each change's
    transaction goes on a while after the save announced it (as a publish that also writes its
    revision, log and search rows does): a page rendered then, from the data as it was, must not be
    the one served afterwards. The setting, rather than a resource, because publishing a resource
    also writes the search tables once committed, which would forget the page a second time anyway."""
    versions = 12
    committed = [0]  # the last change whose transaction has committed
    seen, errors, done = [], [], threading.Event()

    def write():
        lines = CrisisLineSettings.for_site(Site.objects.get(is_default_site=True))
        for version in range(1, versions + 1):
            with transaction.atomic():
                lines.local_line_number = f"248-555-{version:04d}"
                lines.save()
                time.sleep(0.05)  # the rest of the transaction
            committed[0] = version
        done.set()

    def read():
        client = Client()
        while not done.is_set():
            before = committed[0]
            body = client.get("/").content.decode()
            shown = next((v for v in range(versions, 0, -1) if f"248-555-{v:04d}" in body), 0)
            seen.append((before, shown))

    threads = [in_thread(write, errors)] + [in_thread(read, errors) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(seen) > versions
    assert [(before, shown) for before, shown in seen if shown < before] == []
    assert f"248-555-{versions:04d}" in Client().get("/").content.decode()

"""`import_hsds` and `export_hsds`: the official examples, drafts and publishing, idempotence, bad
input reported record by record, and the round trip export → import into an empty site → export."""

import copy
import csv
import datetime
import gc
import io
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import Package
from wagtail.models import Page, PageLogEntry, PageViewRestriction

from resources.factories import (
    OrganizationFactory,
    PageViewRestrictionFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
    ServiceScheduleFactory,
    directory_page,
)
from resources.models import Category, Community, Language, Organization, ResourcePage
from resources.tests.hsds_schemas import schema_errors

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).parent / "hsds"
FULL_ID = "ac148810-d857-441c-9679-408f346de14b"
FULL_ORGANIZATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_hsds", str(path), *args, stdout=out)
    return out.getvalue()


def failed_import(path, *args):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_hsds", str(path), *args, stdout=out)
    return out.getvalue(), str(error.value)


def write_json(tmp_path, data, name="records.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def full_example():
    return json.loads((EXAMPLES / "service_full.json").read_text())


def another_service(name):
    """The full example as a different service: its own id and its own phone and schedule ids."""
    data = full_example()
    data.update(id=str(uuid.uuid4()), name=name)
    for item in data["phones"] + data["schedules"]:
        item["id"] = str(uuid.uuid4())
    return data


# The official examples ------------------------------------------------------------------------


def test_the_official_full_example_imports_and_is_served_valid(client):
    output = run_import(EXAMPLES / "service_full.json", "--publish")

    assert "services: created 1" in output
    # Its one location (in "MyCity, MYSTATE") has no US address: kept as it came, not on the page.
    kept = "service_at_locations[0].location.addresses[0]: location not shown on the page"
    assert kept in output and "it needs a valid state_province, postal_code" in output
    response = client.get(f"/api/hsds/services/{FULL_ID}")
    assert response.status_code == 200
    data = response.json()
    assert schema_errors("service", data) == []
    assert (data["name"], data["minimum_age"], data["maximum_age"]) == ("Community Counselling", 12, 100)
    assert data["organization"]["id"] == FULL_ORGANIZATION_ID
    # Its schedule is for weeks 41 and 42 only, until 2005: not every week, so kept as it came.
    assert data["schedules"] == full_example()["schedules"]
    assert [language["code"] for language in data["languages"]] == ["ur"]
    assert [a["taxonomy_term"]["name"] for a in data["attributes"]] == ["name"]
    assert [phone["number"] for phone in data["phones"]] == ["+44 1234 234567"]  # as the example has it
    page_html = client.get(ResourcePage.objects.get(uuid=FULL_ID).url).content.decode()
    assert 'href="tel:+441234234567"' in page_html and "+44 1234 234567" in page_html


def test_every_problem_names_the_record_and_field():
    output = run_import(EXAMPLES / "service_full.json")
    record = f"service {FULL_ID} (Community Counselling)"
    for field in [
        "service_at_locations[0].location.addresses[0].postal_code",
        "service_at_locations[0].location.addresses[0].state_province",
        "service_areas[0].name",
    ]:
        assert f"{record}: {field}:" in output
    assert "phones[0].number" not in output  # +44 1234 234567: a number abroad is kept


def test_the_tabular_example_imports():
    output = run_import(EXAMPLES / "csv", "--publish")

    assert "services: created 1" in output and "organizations: created 1" in output
    assert "service_at_locations[0].location.addresses[0].postal_code: 'ABC 1234' left out" in output
    # Its one attribute row links to an id that is in none of its tables.
    assert "attributes.csv: rows that name no record in the package, not imported: 1" in output
    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert page.live and page.organization.uuid == uuid.UUID(FULL_ORGANIZATION_ID)
    assert not page.schedules.exists()  # weeks 41 and 42 only: kept as it came
    assert [schedule["byweekno"] for schedule in page.hsds_extra["schedules"]] == ["41,42"]
    assert list(page.languages.values_list("code", flat=True)) == ["ur"]
    assert Category.objects.get(uuid="3f7b145d-84af-42d7-8fae-eaca714b02b2").name == "name"


def test_an_organization_record_brings_its_services(tmp_path):
    organization = json.loads((EXAMPLES / "organization_full.json").read_text())
    nameless = {"id": str(uuid.uuid4()), "status": "active"}
    organization["services"].append(nameless)

    output, error = failed_import(write_json(tmp_path, organization))

    assert "organizations: created 1" in output and "services: created 1" in output
    assert "services[1].name: a service needs a name" in output and "1 records were not imported" in error
    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert page.organization.name == "Example Organization Inc."


# Drafts, publishing, idempotence -----------------------------------------------------------------


def test_imports_are_drafts_for_review_unless_published(client):
    run_import(EXAMPLES / "service_full.json")

    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert not page.live and page.revisions.count() == 1
    assert client.get(f"/api/hsds/services/{FULL_ID}").status_code == 404


def test_importing_the_same_file_again_changes_nothing():
    run_import(EXAMPLES / "service_full.json", "--publish")
    again = run_import(EXAMPLES / "service_full.json", "--publish")

    assert "services: unchanged 1" in again and "organizations" not in again.split("problems")[0]
    assert ResourcePage.objects.get(uuid=FULL_ID).revisions.count() == 1
    assert Organization.objects.count() == 1


def test_a_change_to_a_published_service_waits_as_a_draft(tmp_path):
    run_import(EXAMPLES / "service_full.json", "--publish")
    changed = full_example()
    changed["name"] = "Community Counselling Service"
    changed["schedules"][0] = {
        "id": changed["schedules"][0]["id"],
        "byday": "MO",
        "opens_at": "10:00",
        "closes_at": "18:00",
    }

    output = run_import(write_json(tmp_path, changed))

    assert "services: updated 1" in output
    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert page.title == "Community Counselling" and page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Community Counselling Service"
    assert [row.get_weekday_display() for row in draft.schedules.all()] == ["Monday"]


# Bad input ---------------------------------------------------------------------------------


def test_bad_records_are_reported_and_the_good_ones_imported(tmp_path):
    nameless = str(uuid.uuid4())
    records = [full_example(), {"id": "not-a-uuid", "name": "X", "status": "active"},
               {"id": nameless, "status": "active"}, "just a string"]  # fmt: skip

    output, error = failed_import(write_json(tmp_path, records), "--publish")

    assert "3 records were not imported" in error
    assert "service not-a-uuid (X): id: 'not-a-uuid' is not a UUID; not imported" in output
    assert f"service {nameless}: name: a service needs a name; not imported" in output
    assert "record 4: (record): not an HSDS service, organization or taxonomy term" in output
    assert list(ResourcePage.objects.values_list("uuid", flat=True)) == [uuid.UUID(FULL_ID)]


def test_a_record_is_stored_whole_or_not_at_all(tmp_path):
    first = full_example()
    first["phones"][0]["number"] = "248-555-0100"
    second = copy.deepcopy(first)
    second["id"] = str(uuid.uuid4())
    second["organization"] = {"id": str(uuid.uuid4()), "name": "Second agency", "description": "Demo."}
    # The second record reuses the first one's phone id, which the database refuses.

    output, error = failed_import(write_json(tmp_path, [first, second]))

    assert "1 records were not imported" in error and "not stored" in output
    assert not ResourcePage.objects.filter(uuid=second["id"]).exists()
    assert not Organization.objects.filter(name="Second agency").exists()
    assert ResourcePage.objects.get(uuid=FULL_ID).phones.get().number == "(248) 555-0100"


@pytest.mark.parametrize("extension", ["NaN", "Infinity", "1e400"])
def test_an_extension_that_is_not_a_finite_number_is_reported_and_left_out(tmp_path, extension):
    data = full_example()
    data["phones"][0].update(number="248-555-0100", extension=4242)
    path = tmp_path / "records.json"
    # Not JSON numbers, but Python's JSON reader accepts them.
    path.write_text(json.dumps(data).replace("4242", extension))

    output = run_import(path)

    assert f"phones[0].extension: {float(extension)!r} left out: not a number." in output
    assert ResourcePage.objects.get(uuid=FULL_ID).phones.get().extension == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "is not JSON"), (b"\xff\xfe\x00", "is not JSON")],
)
def test_a_malformed_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)

    with pytest.raises(CommandError, match=message):
        call_command("import_hsds", str(path), stdout=io.StringIO())
    assert not ResourcePage.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_hsds", str(tmp_path / "missing.json"), stdout=io.StringIO())


# Export and the round trip --------------------------------------------------------------------


@pytest.fixture
def published_directory(directory):
    """A small directory using every part the exchange carries, plus what it must leave out."""
    agency = OrganizationFactory(
        name="Oakland Family Services", website="https://example.org", email="a@example.org"
    )
    OrganizationFactory(name="Agency without services")
    categories = Category.objects.filter(slug__in=["crisis-crisis-lines", "counseling", "food"])
    ResourcePageFactory(
        title="Crisis Line",
        organization=agency,
        summary="Call any time.",
        description="<p>Call any time.</p><p>Text too.</p>",
        is_24_7=True,
        is_free=True,
        accepts_insurance=True,
        categories=list(categories[:1]),
        languages=list(Language.objects.filter(code__in=["en", "es"])),
        service_areas=list(Community.objects.filter(slug__in=["auburn-hills", "birmingham"])),
        phones=[
            ServicePhoneFactory.build(extension="12", description="Intake"),
            ServicePhoneFactory.build(type="text"),
        ],
        publish=True,
    )
    ResourcePageFactory(
        title="Family Counseling",
        organization=agency,
        minimum_age=5,
        maximum_age=17,
        eligibility="Children and teens.",
        last_verified_on=datetime.date(2026, 10, 1),
        has_sliding_scale=True,
        categories=list(categories[1:]),
        schedules=[
            ServiceScheduleFactory.build(weekday=0),
            ServiceScheduleFactory.build(weekday=4, opens_at=datetime.time(20), closes_at=datetime.time(0)),
            ServiceScheduleFactory.build(weekday=5, open_24_hours=True, opens_at=None, closes_at=None),
        ],
        locations=[
            ServiceLocationFactory.build(name="Main office", accessibility="Step-free entrance"),
            ServiceLocationFactory.build(address_1="9 Hidden Way", is_confidential=True),
        ],
        publish=True,
    )
    ResourcePageFactory(title="Minimal Pantry", summary="Food every Friday.", description="", publish=True)
    ResourcePageFactory(title="Unpublished", live=False)


def exported(directory):
    """Every exported file's data, without the time each record was last published here."""
    files = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".json":
            files[path.name] = strip_published_time(json.loads(path.read_text()))
        else:
            with open(path, newline="") as source:
                files[path.name] = [strip_published_time(row) for row in csv.DictReader(source)]
    return files


def strip_published_time(data):
    if isinstance(data, list):
        return [strip_published_time(item) for item in data]
    if isinstance(data, dict):
        return {key: strip_published_time(value) for key, value in data.items() if key != "last_modified"}
    return data


def empty_the_directory():
    ResourcePage.objects.all().delete()
    Organization.objects.all().delete()


@pytest.mark.parametrize("source", ["datapackage.json", "services.json"])
def test_export_then_import_into_an_empty_site_then_export_gives_the_same_data(
    published_directory, tmp_path, source
):
    call_command("export_hsds", str(tmp_path / "first"), stdout=io.StringIO())
    empty_the_directory()

    run_import(tmp_path / "first" / source, "--publish")
    call_command("export_hsds", str(tmp_path / "second"), stdout=io.StringIO())

    first, second = exported(tmp_path / "first"), exported(tmp_path / "second")
    if source == "services.json":  # Organizations without services travel in the package only.
        first = {name: data for name, data in first.items() if "organization" not in name}
        second = {name: data for name, data in second.items() if "organization" not in name}
    assert len(first["services.json"]) == 3
    assert first == second


def test_the_export_is_public_data_only(published_directory, tmp_path):
    call_command("export_hsds", str(tmp_path), stdout=io.StringIO())

    services = json.loads((tmp_path / "services.json").read_text())
    assert [service["name"] for service in services] == ["Crisis Line", "Family Counseling", "Minimal Pantry"]
    assert "Hidden" not in (tmp_path / "locations.csv").read_text() + (tmp_path / "services.json").read_text()
    assert all(schema_errors("service", service) == [] for service in services)


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_the_export_leaves_restricted_services_out(published_directory, tmp_path, kind):
    counseling = ResourcePage.objects.get(title="Family Counseling")
    PageViewRestrictionFactory(page=counseling, restriction_type=kind)
    call_command("export_hsds", str(tmp_path / "one"), stdout=io.StringIO())
    services = json.loads((tmp_path / "one" / "services.json").read_text())
    assert [service["name"] for service in services] == ["Crisis Line", "Minimal Pantry"]
    assert "Main office" not in (tmp_path / "one" / "locations.csv").read_text()

    PageViewRestrictionFactory(page=directory_page(), restriction_type=kind)
    call_command("export_hsds", str(tmp_path / "none"), stdout=io.StringIO())
    assert json.loads((tmp_path / "none" / "services.json").read_text()) == []


def test_the_export_is_a_valid_data_package(published_directory, tmp_path):
    call_command("export_hsds", str(tmp_path), stdout=io.StringIO())

    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert {task.name for task in report.tasks} >= {"service", "phone", "schedule", "location", "attribute"}


def test_export_queries_do_not_grow_with_the_directory(published_directory, tmp_path):
    def queries():
        with CaptureQueriesContext(connection) as context:
            call_command("export_hsds", str(tmp_path), stdout=io.StringIO())
        return len(context)

    before = queries()
    for number in range(5):
        ResourcePageFactory(title=f"More {number}", phones=[ServicePhoneFactory.build()], publish=True)
    assert queries() == before


# Pages written in batches are ordinary Wagtail pages --------------------------------------------


def test_imported_pages_are_whole_wagtail_pages(client, editor, tmp_path):
    records = [full_example(), *(another_service(f"Service {number}") for number in range(3))]
    run_import(write_json(tmp_path, records), "--publish")

    assert Page.find_problems() == ([], [], [], [], [])
    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert client.get(page.url).status_code == 200
    assert page.live_revision == page.latest_revision and page.live_revision.as_object().title == page.title
    actions = PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    assert sorted(actions) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]  # as the admin's
    client.force_login(editor)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{page.get_parent().pk}/").status_code == 200
    assert ResourcePageFactory(title="Added by an editor", publish=True).path > page.path


def test_imported_and_published_services_are_searchable(client, tmp_path, django_capture_on_commit_callbacks):
    records = [another_service(f"Counselling {number}") for number in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_json(tmp_path, records), "--publish")

    hits = client.get("/search/", {"q": "counselling", "format": "json"}).json()["hits"]
    assert sorted(hit["title"] for hit in hits) == ["Counselling 0", "Counselling 1", "Counselling 2"]


def test_an_import_that_leaves_the_tree_inconsistent_fails_naming_the_pages(tmp_path):
    """Treebeard's own check runs after every import (new pages are placed by the bulk writer)."""
    directory = directory_page()
    Page.objects.filter(pk=directory.pk).update(numchild=7)  # as a broken writer would leave it
    _out, message = failed_import(write_json(tmp_path, another_service("Night Shelter")))
    assert f"count of children: pages [{directory.pk}]" in message and "fixtree" in message


def test_the_import_gives_the_garbage_collector_back_as_it_found_it(tmp_path):
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    run_import(write_json(tmp_path, another_service("Night Shelter")))
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before

"""An import loses nothing it could keep: what the directory has no place for (contacts, a program,
funding, non-weekly hours, virtual locations, a location's own phones and hours …) is kept as it came,
given back by the API and `export_hsds` in both forms, and shown to residents where it helps them."""

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from resources.hsds.tables import typed
from resources.models import Organization, ResourcePage
from resources.tests.hsds_schemas import schema_errors
from resources.tests.test_editing import field_errors
from resources.tests.test_hsds_import import (
    EXAMPLES,
    FULL_ID,
    FULL_ORGANIZATION_ID,
    exported,
    full_example,
    run_import,
    write_json,
)

pytestmark = pytest.mark.django_db
# The fields of the official full example the directory has no field of its own for.
KEPT_SERVICE_FIELDS = [
    "interpretation_services",
    "fees",
    "accreditations",
    "assurer_email",
    "licenses",
    "alert",
    "funding",
    "program",
    "required_documents",
    "contacts",
]
KEPT_ORGANIZATION_FIELDS = [
    "alternate_name",
    "tax_status",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
    "funding",
    "contacts",
    "phones",
    "locations",
    "programs",
    "organization_identifiers",
]
ONLINE = {
    "id": "5b0f1c52-3f0e-4c47-9a43-0d9f8f0c2a11",
    "description": "Sessions by video call.",
    "location": {
        "id": "7d2b8f0e-1c3a-4e5b-8f6d-2a9c0b1e3d44",
        "location_type": "virtual",
        "name": "Video sessions",
        "url": "https://video.example.org/counselling",
    },
}
MONTHLY = {
    "id": "c4e2a7b1-9d3f-4a6e-8b5c-1f0d2e3a4b55",
    "freq": "MONTHLY",
    "bymonthday": "1",
    "opens_at": "09:00",
    "closes_at": "12:00",
    "description": "Walk-in clinic on the first day of each month, 9 a.m. to noon.",
}
IN_WORDS = {"id": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a66", "description": "Evenings by appointment."}


def in_michigan(service):
    """The full example with its one location at a US address, so it is a location of the page."""
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    address.update(city="Birmingham", state_province="MI", postal_code="48009")
    return service


def api(client, path):
    response = client.get(f"/api/hsds/{path}")
    assert response.status_code == 200
    return response.json()


def export(directory):
    call_command("export_hsds", str(directory), stdout=io.StringIO())
    return exported(directory)


def empty_the_directory():
    ResourcePage.objects.all().delete()
    Organization.objects.all().delete()


# The API gives back what was kept ------------------------------------------------------------------


def test_the_full_examples_fields_without_a_place_here_come_back_as_they_came(client):
    run_import(EXAMPLES / "service_full.json", "--publish")

    data = api(client, f"services/{FULL_ID}")
    original = full_example()
    assert schema_errors("service", data) == []
    assert {name: data[name] for name in KEPT_SERVICE_FIELDS} == {
        name: original[name] for name in KEPT_SERVICE_FIELDS
    }
    # Its location has no US address: not on the page, but given back whole.
    assert data["service_at_locations"] == original["service_at_locations"]
    # A cost option other than the three flags residents filter by.
    assert data["cost_options"] == original["cost_options"]
    assert "metadata" not in data  # another system's change log is not kept


def test_the_organization_examples_fields_come_back_as_they_came(client):
    run_import(EXAMPLES / "organization_full.json", "--publish")

    data = api(client, f"organizations/{FULL_ORGANIZATION_ID}")
    original = json.loads((EXAMPLES / "organization_full.json").read_text())
    assert schema_errors("organization", data) == []
    assert {name: data[name] for name in KEPT_ORGANIZATION_FIELDS} == {
        name: original[name] for name in KEPT_ORGANIZATION_FIELDS
    }


def test_a_virtual_location_and_non_weekly_hours_are_kept_and_shown(client, tmp_path):
    service = full_example()
    service["service_at_locations"].append(ONLINE)
    service["schedules"] += [MONTHLY, IN_WORDS]

    output = run_import(write_json(tmp_path, service), "--publish")

    assert "schedules[" not in output and "service_at_locations[1]" not in output  # nothing left out
    data = api(client, f"services/{FULL_ID}")
    assert schema_errors("service", data) == []
    assert ONLINE in data["service_at_locations"]
    assert data["schedules"] == service["schedules"]  # the example's own is for weeks 41 and 42 only
    page = client.get(ResourcePage.objects.get(uuid=FULL_ID).url).content.decode()
    assert 'href="https://video.example.org/counselling"' in page and "Video sessions" in page
    assert MONTHLY["description"] in page and IN_WORDS["description"] in page


def test_a_locations_own_phones_hours_and_contacts_are_kept_and_shown(client, tmp_path):
    service = in_michigan(full_example())
    location = service["service_at_locations"][0]["location"]
    location["phones"][0]["number"] = "248-555-0142"

    run_import(write_json(tmp_path, service), "--publish")

    page = ResourcePage.objects.get(uuid=FULL_ID)
    row = page.locations.get()
    assert (row.city, row.hsds_extra["location"]["phones"]) == ("Birmingham", location["phones"])
    served = api(client, f"services/{FULL_ID}")["service_at_locations"][0]
    for name in ("phones", "schedules", "contacts", "languages", "transportation", "url"):
        assert served["location"][name] == location[name], name
    link = service["service_at_locations"][0]
    assert [served[name] for name in ("description", "contacts", "phones")] == [
        link[name] for name in ("description", "contacts", "phones")
    ]
    alone = api(client, f"service_at_locations/{served['id']}")
    assert alone.pop("service")["id"] == FULL_ID and alone == served
    html = client.get(page.url).content.decode()
    assert 'href="tel:+12485550142"' in html and "(248) 555-0142" in html
    assert f"Hours here: {location['schedules'][0]['description']}" in html


def test_a_locations_phone_that_the_service_lists_is_shown_once(client, tmp_path):
    run_import(write_json(tmp_path, in_michigan(full_example())), "--publish")

    html = client.get(ResourcePage.objects.get(uuid=FULL_ID).url).content.decode()

    assert html.count('href="tel:+441234234567"') == 1  # the example lists it for the location too


def test_what_residents_can_use_is_shown_on_the_page(client):
    run_import(EXAMPLES / "service_full.json", "--publish")
    original = full_example()

    html = client.get(ResourcePage.objects.get(uuid=FULL_ID).url).content.decode()

    assert "Following COVID-19 we have moved most of our counselling sessions" in html  # the alert
    assert "What to bring" in html and "Any official identification document" in html
    assert original["interpretation_services"] in html
    assert "Ann Persona" not in html  # a staff member's name stays in the data, off the page


def test_an_unsafe_link_or_a_bad_number_is_not_shown(client, tmp_path):
    service = in_michigan(full_example())
    online = copy.deepcopy(ONLINE)
    online["location"]["url"] = "javascript:alert(1)"
    service["service_at_locations"].append(online)
    service["service_at_locations"][0]["location"]["phones"][0]["number"] = "not a number"

    run_import(write_json(tmp_path, service), "--publish")

    html = client.get(ResourcePage.objects.get(uuid=FULL_ID).url).content.decode()
    assert "javascript:" not in html and "not a number" not in html


def test_a_schedule_for_every_other_week_is_kept_in_words_not_shown_as_every_week(client, tmp_path):
    service = full_example()
    every_week = {"id": "0a7c3e21-4b5d-4f6a-9e8b-7c6d5e4f3a21", "freq": "WEEKLY", "byday": "MO",
                  "opens_at": "09:00", "closes_at": "17:00"}  # fmt: skip
    other_week = {**every_week, "id": "1b8d4f32-5c6e-4a7b-8f9c-8d7e6f5a4b32", "byday": "TU", "interval": 2,
                  "description": "Every other Tuesday, 9 a.m. to 5 p.m."}  # fmt: skip
    service["schedules"] = [every_week, other_week]

    run_import(write_json(tmp_path, service), "--publish")

    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert [row.get_weekday_display() for row in page.schedules.all()] == ["Monday"]
    assert page.hsds_extra["schedules"] == [other_week]
    html = client.get(page.url).content.decode()
    assert "Every other Tuesday, 9 a.m. to 5 p.m." in html


# Bad, empty and unchanged kept fields -------------------------------------------------------------


def test_a_kept_field_that_breaks_the_standard_is_reported_and_left_out(client, tmp_path):
    service = full_example()
    service["funding"] = "most of it from the county"
    good_contact = {"id": "9c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "name": "Front desk"}
    service["contacts"][0]["email"] = "reception at example"
    service["contacts"].append(good_contact)

    output = run_import(write_json(tmp_path, service), "--publish")

    record = f"service {FULL_ID} (Community Counselling)"
    assert f"{record}: funding: left out: 'most of it from the county' is not of type 'array'" in output
    assert f"{record}: contacts[0].email: left out:" in output
    data = api(client, f"services/{FULL_ID}")
    assert "funding" not in data and data["contacts"] == [good_contact]  # one bad contact, not all
    assert data["program"] == service["program"]  # the rest of the record is kept


def test_what_json_in_the_database_cannot_hold_is_reported_not_a_lost_record(client, tmp_path):
    """Python's JSON reader accepts NaN; PostgreSQL and SQLite refuse it in JSON, and NUL in text."""
    service = full_example()
    service["cost_options"][0]["amount"] = float("nan")
    service["contacts"][0]["title"] = "Reception\x00Manager"
    path = tmp_path / "records.json"
    path.write_text(json.dumps(service))  # NaN, as another system's file may have it

    output = run_import(path, "--publish")

    assert "services: created 1" in output
    assert "cost_options[0]: left out: NaN and Infinity are not numbers in JSON" in output
    assert "contacts[0]: left out: it contains a NUL character" in output
    data = api(client, f"services/{FULL_ID}")
    assert "contacts" not in data and data["program"] == service["program"]


def test_another_systems_change_log_is_not_kept_at_any_depth(client, tmp_path):
    service = full_example()
    log = [
        {
            "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            "resource_id": FULL_ID,
            "resource_type": "contact",
            "last_action_date": "2024-01-01",
            "last_action_type": "update",
            "field_name": "name",
            "previous_value": "A. Persona",
            "replacement_value": "Ann Persona",
            "updated_by": "Jo Admin",
        }
    ]
    service["metadata"] = log
    service["contacts"][0]["metadata"] = log

    run_import(write_json(tmp_path, service), "--publish")

    data = api(client, f"services/{FULL_ID}")
    assert "Jo Admin" not in json.dumps(data) and data["contacts"][0]["name"] == "Ann Persona"


def test_an_empty_field_clears_what_was_kept_and_an_absent_one_leaves_it(client, tmp_path):
    run_import(EXAMPLES / "service_full.json", "--publish")
    service = full_example()
    service["funding"] = []
    del service["contacts"]

    output = run_import(write_json(tmp_path, service), "--publish")

    assert "services: updated 1" in output
    data = api(client, f"services/{FULL_ID}")
    assert "funding" not in data and data["contacts"] == full_example()["contacts"]


def test_an_editors_save_keeps_what_an_import_kept(client, editor, tmp_path):
    run_import(write_json(tmp_path, in_michigan(full_example())), "--publish")
    page = ResourcePage.objects.get(uuid=FULL_ID)
    kept, row = page.hsds_extra, page.locations.get()
    phone, fields = page.phones.get(), ["address_1", "city", "state", "postal_code"]
    form = nested_form_data(
        {
            "title": "Community Counselling (MyCity)",
            "slug": page.slug,
            "summary": page.summary,
            "description": rich_text(page.description),
            "status": "active",
            "phones": inline_formset(
                [{"id": phone.pk, "number": "248-555-0133", "type": "voice"}], initial=1
            ),
            "locations": inline_formset([{"id": row.pk, **{f: getattr(row, f) for f in fields}}], initial=1),
            "schedules": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    form["categories"] = list(page.categories.values_list("pk", flat=True))
    client.force_login(editor)

    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), form)

    assert response.status_code == 302, field_errors(response)
    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert page.title == "Community Counselling (MyCity)" and page.hsds_extra == kept
    assert page.locations.get().hsds_extra == row.hsds_extra != {}


# Both forms of the export give it back -------------------------------------------------------------


def test_a_package_without_a_table_leaves_what_a_location_kept_from_it(client, tmp_path):
    run_import(write_json(tmp_path, in_michigan(full_example())), "--publish")
    export(tmp_path / "package")
    (tmp_path / "package" / "phones.csv").unlink()

    run_import(tmp_path / "package" / "datapackage.json", "--publish")

    location = ResourcePage.objects.get(uuid=FULL_ID).locations.get()
    assert (
        location.hsds_extra["location"]["phones"]
        == full_example()["service_at_locations"][0]["location"]["phones"]
    )


def test_the_directorys_own_location_is_the_row_an_organizations_copy_does_not_replace(tmp_path):
    """The official organization lists the service's location as it was (in MyCity); the
    directory's own row (moved to Birmingham, MI) is the one in the tables."""
    run_import(EXAMPLES / "organization_full.json", "--publish")
    run_import(write_json(tmp_path, in_michigan(full_example())), "--publish")

    rows = export(tmp_path / "package")["locations.csv"]

    assert [row["id"] for row in rows] == ["3a19ff88-4620-4d17-9830-ac1d859eb5d5"]
    addresses = export(tmp_path / "package")["addresses.csv"]
    assert {address["city"] for address in addresses} == {"Birmingham"}


def test_a_locations_attributes_stay_its_own_through_the_tables(client, tmp_path):
    """Here a service-at-location shares its location's id; an attribute names its record's table."""
    service = in_michigan(full_example())
    attribute = {
        "id": "3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a",
        "taxonomy_term_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
        "link_type": "accessibility",
        "value": "ramp",
    }
    service["service_at_locations"][0]["location"]["attributes"] = [attribute]
    run_import(write_json(tmp_path, service), "--publish")
    export(tmp_path / "package")
    empty_the_directory()

    run_import(tmp_path / "package" / "datapackage.json", "--publish")

    served = api(client, f"services/{FULL_ID}")["service_at_locations"][0]
    assert [item["id"] for item in served["location"]["attributes"]] == [attribute["id"]]
    assert "attributes" not in served


def test_the_official_examples_round_trip_through_the_json_export(tmp_path):
    """Imported from the official examples, exported, imported into an empty site, exported: the
    same data, kept parts included."""
    service = full_example()
    service["service_at_locations"].append(ONLINE)
    service["schedules"] += [MONTHLY, IN_WORDS]
    run_import(EXAMPLES / "organization_full.json", "--publish")  # it lists the full example too
    run_import(write_json(tmp_path, [service]), "--publish")
    first = export(tmp_path / "first")
    empty_the_directory()

    run_import(tmp_path / "first" / "services.json", "--publish")
    run_import(tmp_path / "first" / "organizations.json", "--publish")

    assert export(tmp_path / "second") == first
    served = first["services.json"][0]
    assert ONLINE in served["service_at_locations"] and MONTHLY in served["schedules"]
    assert all(name in served for name in KEPT_SERVICE_FIELDS)


@pytest.mark.parametrize("source", ["csv", "service_full.json"])
def test_the_official_examples_round_trip_through_the_tabular_export(tmp_path, source):
    """The tabular form holds the kept parts in the standard's own tables (contacts, funding,
    programs …, a location's phones and hours). One row can be listed under several records (the
    example's one phone is the service's, its location's and its contact's), so the first trip
    through the tables settles it as one row; from then on the round trip gives the same data."""
    run_import(EXAMPLES / source, "--publish")
    export(tmp_path / "first")
    empty_the_directory()
    run_import(tmp_path / "first" / "datapackage.json", "--publish")
    second = export(tmp_path / "second")
    empty_the_directory()

    run_import(tmp_path / "second" / "datapackage.json", "--publish")

    assert export(tmp_path / "third") == second
    served = second["services.json"][0]
    assert all(name in served for name in KEPT_SERVICE_FIELDS)
    assert served["contacts"][0]["name"] == "Ann Persona" and served["program"]["name"]
    assert [row["name"] for row in second["contacts.csv"]] == ["Ann Persona"]
    report = Package(str(tmp_path / "third" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_the_tabular_examples_kept_tables_are_read():
    run_import(EXAMPLES / "csv", "--publish")

    page = ResourcePage.objects.get(uuid=FULL_ID)
    assert [document["uri"] for document in page.hsds_extra["required_documents"]] == ["http://example.com"]
    assert page.hsds_extra["program"]["name"] == "Community Mental Health Support"
    contact = page.hsds_extra["contacts"][0]
    assert (contact["name"], contact["phones"][0]["extension"]) == ("Ann Persona", 100)
    organization = Organization.objects.get(uuid=FULL_ORGANIZATION_ID)
    assert organization.hsds_extra["year_incorporated"] == 2011  # a number, as the standard types it


@pytest.mark.parametrize(
    ("table", "column", "text", "value"),
    [
        ("phone", "extension", "100", 100),
        ("location", "latitude", "42.5471", 42.5471),
        ("location", "latitude", "north", "north"),  # left for the import to report
        ("cost_option", "amount", "nan", "nan"),
        ("address", "postal_code", "48009", "48009"),  # text by the standard
        ("schedule", "count", "3", 3),
    ],
)
def test_tabular_cells_read_as_the_standard_types_them(table, column, text, value):
    assert typed(table, column, text) == value and type(typed(table, column, text)) is type(value)


def test_an_invalid_organization_field_is_reported_and_the_rest_kept(tmp_path):
    organization = json.loads((EXAMPLES / "organization_full.json").read_text())
    organization["year_incorporated"] = "long ago"
    organization["services"] = []

    output = run_import(write_json(tmp_path, organization))

    assert "year_incorporated: left out: 'long ago' is not of type 'number'" in output
    kept = Organization.objects.get(uuid=FULL_ORGANIZATION_ID).hsds_extra
    assert "year_incorporated" not in kept and kept["tax_status"] == organization["tax_status"]

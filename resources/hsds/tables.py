"""HSDS's tabular form: a Frictionless data package of CSV files, one per table, joined by ids.

Both directions go through the nested JSON records of `resources.hsds.serialize`, so the importer reads one
shape only. Columns and field types come from the standard's own table schemas (`schema/`).
"""

import csv
import functools
import json
from collections import defaultdict
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# The tables the directory exchanges, in the order the standard lists them.
TABLES = [
    "organization",
    "service",
    "service_at_location",
    "location",
    "address",
    "accessibility",
    "phone",
    "schedule",
    "service_area",
    "language",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
]
# Service lists kept in their own table, joined back by `service_id` (attributes by `link_id`).
SERVICE_LISTS = {
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "languages": "language",
    "cost_options": "cost_option",
    "attributes": "attribute",
}
REFERENCES = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "taxonomy_term_id": "taxonomy_term",
    "parent_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "link_id": "service",
}
FIELD_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}


@functools.cache
def table_schema(table):
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text())


def columns(table):
    """The table's scalar fields, in the standard's order (lists and nested objects are other tables)."""
    properties = table_schema(table)["properties"]
    return [name for name, spec in properties.items() if spec.get("type") in FIELD_TYPES]


def file_name(table):
    return table_schema(table)["path"]


# Export --------------------------------------------------------------------------------------


def rows_from_records(services, organizations, terms, taxonomies):
    """{table: [row]} for full service records and the directory's organizations and terms."""
    tables = defaultdict(list)
    tables["organization"] = list(organizations)
    tables["taxonomy"] = list(taxonomies)
    tables["taxonomy_term"] = list(terms)
    for service in services:
        tables["service"].append(service)
        for key, table in SERVICE_LISTS.items():
            tables[table].extend(service.get(key, []))
        for link in service.get("service_at_locations", []):
            tables["service_at_location"].append(link)
            location = link["location"]
            tables["location"].append(location)
            tables["address"].extend(location.get("addresses", []))
            tables["accessibility"].extend(
                {**item, "location_id": location["id"]} for item in location.get("accessibility", [])
            )
    return tables


def write_package(directory, tables, name, title):
    """Write one CSV per table and a `datapackage.json` describing them."""
    directory = Path(directory)
    resources = []
    for table in TABLES:
        names = columns(table)
        with open(directory / file_name(table), "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows({key: cell(row.get(key)) for key in names} for row in tables.get(table, []))
        resources.append(resource_descriptor(table, names))
    package = {
        "name": name,
        "title": title,
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")


def cell(value):
    return "" if value is None else value


def resource_descriptor(table, names):
    schema = table_schema(table)
    required = set(schema.get("required", []))
    fields = []
    for name in names:
        spec = schema["properties"][name]
        described = {
            "name": name,
            "type": FIELD_TYPES[spec["type"]],
            "description": spec.get("description", ""),
        }
        if spec.get("format") in ("uuid", "email", "uri"):
            described["format"] = spec["format"]
        constraints = {"required": name in required}
        if name == "id":
            constraints["unique"] = True
        described["constraints"] = constraints
        fields.append(described)
    foreign_keys = [
        {"fields": name, "reference": {"resource": "" if target == table else target, "fields": "id"}}
        for name, target in REFERENCES.items()
        if name in names and target in TABLES
    ]
    return {
        "name": table,
        "path": file_name(table),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": foreign_keys},
    }


# Import --------------------------------------------------------------------------------------


def read_package(directory):
    """The package's records as (kind, nested HSDS JSON): taxonomy terms, organizations, services.

    Files are found by the descriptor's paths when it has them, else by the standard's names, so a
    package whose `datapackage.json` is missing or broken still reads.
    """
    directory = Path(directory)
    paths = {table: directory / file_name(table) for table in TABLES}
    paths.update(described_paths(directory))
    tables = {table: read_csv(path) for table, path in paths.items() if path.is_file()}
    return [
        *(("taxonomy term", row) for row in tables.get("taxonomy_term", [])),
        *(("organization", row) for row in tables.get("organization", [])),
        *(("service", record) for record in nested_services(tables)),
    ]


def described_paths(directory):
    try:
        package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for resource in package.get("resources", []) if isinstance(package, dict) else []:
        if (
            isinstance(resource, dict)
            and resource.get("name") in TABLES
            and isinstance(resource.get("path"), str)
        ):
            path = (directory / resource["path"]).resolve()
            if path.is_relative_to(directory.resolve()):
                found[resource["name"]] = path
    return found


def read_csv(path):
    """Rows as dicts; an empty cell is a field with no value."""
    with open(path, newline="", encoding="utf-8-sig") as source:
        return [
            {key: value for key, value in row.items() if key and value not in ("", None)}
            for row in csv.DictReader(source)
        ]


def nested_services(tables):
    by_service = {table: group(tables.get(table, []), "service_id") for table in SERVICE_LISTS.values()}
    by_service["attribute"] = group(tables.get("attribute", []), "link_id")
    locations = {row.get("id"): row for row in tables.get("location", [])}
    addresses = group(tables.get("address", []), "location_id")
    accessibility = group(tables.get("accessibility", []), "location_id")
    links = group(tables.get("service_at_location", []), "service_id")
    services = []
    for row in tables.get("service", []):
        service = dict(row)
        for key, table in SERVICE_LISTS.items():
            if table in tables:
                service[key] = by_service[table].get(row.get("id"), [])
        if "service_at_location" not in tables:
            services.append(service)
            continue
        service["service_at_locations"] = [
            {
                **link,
                "location": {
                    **locations.get(link.get("location_id"), {"id": link.get("location_id")}),
                    "addresses": addresses.get(link.get("location_id"), []),
                    "accessibility": accessibility.get(link.get("location_id"), []),
                },
            }
            for link in links.get(row.get("id"), [])
        ]
        services.append(service)
    return services


def group(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.get(key)].append(row)
    return grouped

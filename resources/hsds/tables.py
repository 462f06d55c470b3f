"""HSDS's tabular form: a Frictionless data package of CSV files, one per table, joined by ids.

Both directions go through the nested JSON records of `resources.hsds.serialize`, so the importer reads one
shape only, and one rule (`nesting`) lays records out as rows and puts them back. Columns and field
types come from the standard's own table schemas (`schema/`).
"""

import csv
import functools
import json
import math
import re
from collections import defaultdict
from pathlib import Path

from resources.hsds import nesting

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# The tables the directory exchanges, in the order the standard lists them (all but metadata).
TABLES = [
    "organization",
    "program",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "address",
    "schedule",
    "funding",
    "service_area",
    "required_document",
    "language",
    "accessibility",
    "taxonomy_term",
    "cost_option",
    "organization_identifier",
    "taxonomy",
]
REFERENCES = {
    "organization_id": "organization",
    "program_id": "program",
    "service_id": "service",
    "service_at_location_id": "service_at_location",
    "location_id": "location",
    "contact_id": "contact",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "parent_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "link_id": None,  # an attribute's: any record, named by `link_entity`
}
FIELD_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}
INTEGER = re.compile(r"-?[0-9]+")


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
    rows = defaultdict(dict)
    # Services before organizations: where an organization's kept copy of a location is also a
    # service's location, the directory's own row is the one written.
    for table, records in [
        ("taxonomy", taxonomies),
        ("taxonomy_term", terms),
        ("service", services),
        ("organization", organizations),
    ]:
        for record in records:
            nesting.flatten(record, table, rows)
    without_dangling_references(rows)
    return {table: list(by_id.values()) for table, by_id in rows.items()}


def without_dangling_references(rows):
    """A package's references must resolve within it. A part kept as another system sent it may
    name a record that is not in this export (the contact's organization there): the CSV row leaves
    that id out; the JSON files keep it."""
    for by_id in rows.values():
        for row in by_id.values():
            for column, target in REFERENCES.items():
                if target and column in row and row[column] not in rows.get(target, {}):
                    del row[column]


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
    if isinstance(value, bool):
        return "true" if value else "false"
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
        if name in names and target
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
    """The package's records as (kind, nested HSDS JSON): taxonomy terms, organizations, services;
    and {table: number of rows} that name no record read, for the import to report.

    Files are found by the descriptor's paths when it has them, else by the standard's names, so a
    package whose `datapackage.json` is missing or broken still reads.
    """
    directory = Path(directory)
    paths = {table: directory / file_name(table) for table in TABLES}
    paths.update(described_paths(directory))
    tables = {table: read_csv(path, table) for table, path in paths.items() if path.is_file()}
    nester = nesting.Nester(tables)
    records = [
        *(("taxonomy term", row) for row in tables.get("taxonomy_term", [])),
        *(("organization", nester.nested(row, "organization")) for row in tables.get("organization", [])),
        *(("service", nester.nested(row, "service")) for row in tables.get("service", [])),
    ]
    return records, nester.unplaced()


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


def read_csv(path, table):
    """Rows as dicts, numbers and true/false as the table's schema types them; an empty cell is a
    field with no value."""
    with open(path, newline="", encoding="utf-8-sig") as source:
        return [
            {key: typed(table, key, value) for key, value in row.items() if key and value not in ("", None)}
            for row in csv.DictReader(source)
        ]


def typed(table, column, text):
    """A cell as its column's JSON type; text that is not one stays text, for the import to report."""
    kind = table_schema(table)["properties"].get(column, {}).get("type")
    if not isinstance(text, str):
        return text
    if kind in ("number", "integer") and INTEGER.fullmatch(text.strip()):
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    if kind == "boolean" and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    return text

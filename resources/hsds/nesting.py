"""How HSDS records nest, read from the standard's compiled schemas (`schema/compiled/`): the one rule
that lays a nested JSON record out as the tabular form's rows, joined by ids, and puts rows back
together.

An item of a nested list names its parent in the column `{parent table}_id` (an attribute in
`link_id`, with the parent's table in `link_entity`: a service-at-location shares its location's id
here); a nested record is named by its parent's column `{its table}_id` (a service-at-location's
`location_id`). Organizations, services, taxonomy terms and taxonomies are records of their own in
both forms: inside another record they travel by that id only. `metadata` (another system's change
log) is not exchanged.

A row names one parent of each kind: a kept contact that two services list names the first of them
in the tables (the JSON form keeps it under both).
"""

import functools
from collections import defaultdict

from resources.hsds.kept import CHANGE_LOG, record_schema

OWN_RECORDS = {"organization", "service", "taxonomy_term", "taxonomy"}


@functools.cache
def structure():
    """{table: {property: (child table, is_list)}} for every record the standard nests."""
    found = defaultdict(dict)

    def walk(schema, table):
        for name, spec in schema.get("properties", {}).items():
            items = spec.get("items") if spec.get("type") == "array" else None
            child = items if isinstance(items, dict) and items.get("type") == "object" else spec
            if child.get("type") != "object" or name == CHANGE_LOG or name in found[table]:
                continue
            found[table][name] = (child["name"], items is not None)
            walk(child, child["name"])

    for kind in ("service", "organization", "service_at_location"):
        walk(record_schema(kind), kind)
    return dict(found)


def parent_column(child, parent):
    """The column of a nested list's item that names its parent."""
    return "link_id" if child == "attribute" else f"{parent}_id"


def naming_parent(child, parent, parent_id):
    """{column: value} by which a nested list's item names its parent."""
    if child == "attribute":
        return {"link_id": parent_id, "link_entity": parent}
    return {parent_column(child, parent): parent_id}


@functools.cache
def parent_columns(table):
    """The columns by which a row of `table` names the records it is listed under."""
    if table in OWN_RECORDS:
        return frozenset()
    return frozenset(
        parent_column(table, parent)
        for parent, nested in structure().items()
        for child, is_list in nested.values()
        if child == table and is_list
    )


def flatten(record, table, rows, parent=None):
    """Add `record` and what is nested in it to `rows` ({table: {id: row}}). A row listed under
    several parents (one phone of a service, its location and a contact) is one row naming each;
    its values and what is nested in it are the first listing's (the directory's own rows are laid
    out before the copies an organization keeps). A row names only the parents it is listed under
    here (`parent`: {column: value}): one kept as another system sent it may name records of that
    system."""
    if record["id"] in rows[table]:
        for name, value in (parent or {}).items():
            rows[table][record["id"]].setdefault(name, value)
        return
    row = rows[table][record["id"]] = {}
    skipped = parent_columns(table)
    for name, value in record.items():
        if not isinstance(value, (list, dict)) and name not in skipped:
            row[name] = value
    row.update(parent or {})
    for name, (child, is_list) in structure().get(table, {}).items():
        value = record.get(name)
        if child in OWN_RECORDS:
            continue
        if is_list and isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("id"):
                    flatten(item, child, rows, naming_parent(child, table, record["id"]))
        elif isinstance(value, dict) and value.get("id"):
            row.setdefault(f"{child}_id", value["id"])
            flatten(value, child, rows)


class Nester:
    """Rows of the tabular form ({table: [row]}) back into nested records."""

    def __init__(self, tables):
        self.tables = tables
        self.by_id = {table: {row.get("id"): row for row in rows} for table, rows in tables.items()}
        self.groups = {}
        self.placed = set()

    def children(self, table, parent, parent_id):
        """The rows of `table` listed under the `parent` record with that id: grouped by the column
        naming the parent, then matched on any other it names (an attribute's `link_entity`), where
        a row gives one."""
        naming = naming_parent(table, parent, parent_id)
        column = parent_column(table, parent)
        if (table, column) not in self.groups:
            grouped = defaultdict(list)
            for row in self.tables[table]:
                grouped[row.get(column)].append(row)
            self.groups[table, column] = grouped
        rows = self.groups[table, column].get(parent_id, [])
        return [row for row in rows if all(row.get(name, value) == value for name, value in naming.items())]

    def nested(self, row, table):
        """`row` with its nested lists and records, from the tables the package has (a list whose
        table is missing is left out, so an import leaves it as it was)."""
        self.placed.add((table, row.get("id")))
        record = dict(row)
        for name, (child, is_list) in structure().get(table, {}).items():
            if child in OWN_RECORDS or child not in self.tables:
                continue
            if is_list:
                rows = self.children(child, table, row.get("id"))
                record[name] = [self.nested(item, child) for item in rows]
            elif row.get(f"{child}_id"):
                child_id = row[f"{child}_id"]
                record[name] = self.nested(self.by_id[child].get(child_id, {"id": child_id}), child)
        return record

    def unplaced(self):
        """{table: number of rows} listed under no record read, which an import would miss."""
        counts = defaultdict(int)
        for table, rows in self.tables.items():
            if table not in OWN_RECORDS:
                for row in rows:
                    counts[table] += (table, row.get("id")) not in self.placed
        return {table: count for table, count in counts.items() if count}

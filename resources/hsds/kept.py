"""What an HSDS record holds that the directory has no place for, kept as it came.

Contacts, a program, funding, required documents, non-weekly schedules, virtual locations, a
location's own phones and hours …: every field of the standard that the importer does not read into
the directory's own fields is checked against the standard's compiled JSON Schema
(`schema/compiled/`) and kept on the record's row (`hsds_extra`) when valid, so that the API and
`export_hsds` give it back; an invalid one is reported and left out. An empty value ([] or "")
clears what an earlier import kept, as it would an own field.

Never kept: `metadata` (another system's change log, naming who changed what; the directory keeps its
own history), at any depth, and a record's `last_modified` (an export gives the page's own publish
time). A list is checked item by item, so one bad contact leaves the others in.
"""

import functools
import json
from pathlib import Path

import jsonschema

COMPILED = Path(__file__).resolve().parent / "schema" / "compiled"
CHANGE_LOG = "metadata"
NEVER_KEPT = {CHANGE_LOG, "last_modified"}
# Characters of JSON one kept field may take: the official full example's largest (its locations)
# takes about 6,000.
LIMIT = 50_000


@functools.cache
def record_schema(kind):
    """The standard's schema of a service, organization, service_at_location or location record."""
    if kind == "location":
        return record_schema("service_at_location")["properties"]["location"]
    return json.loads((COMPILED / f"{kind}.json").read_text(encoding="utf-8"))


@functools.cache
def validator(kind, name, item=False):
    """A validator of the field `name` of a `kind` record (of one item of it when `item`)."""
    spec = record_schema(kind)["properties"][name]
    return jsonschema.Draft202012Validator(
        spec["items"] if item else spec, format_checker=jsonschema.FormatChecker()
    )


def without_change_log(value):
    """`value` without `metadata` at any depth."""
    if isinstance(value, dict):
        return {key: without_change_log(item) for key, item in value.items() if key != CHANGE_LOG}
    if isinstance(value, list):
        return [without_change_log(item) for item in value]
    return value


def has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    return isinstance(value, list) and any(has_nul(item) for item in value)


def problem_with(kind, name, value, item=False):
    """Why `value` cannot be kept as the field (or one item of it), as (path below it, message); None
    when it can. Python's JSON reader accepts NaN and Infinity, and strings may hold NUL: neither can
    be stored as JSON in the database, so neither is kept."""
    try:
        text = json.dumps(value, allow_nan=False)
    except ValueError:
        return "", "left out: NaN and Infinity are not numbers in JSON"
    if has_nul(value):
        return "", "left out: it contains a NUL character"
    if len(text) > LIMIT:
        return "", f"left out: more than {LIMIT:,} characters"
    error = jsonschema.exceptions.best_match(validator(kind, name, item).iter_errors(value))
    if error is None:
        return None
    below = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    return below, f"left out: {error.message}"


def unread_fields(importer, kind, record, read, label, path):
    """{field: value} of the standard's fields in `record` that are not in `read`, each valid one
    (bad ones are reported); an empty one maps to None, which clears what was kept."""
    kept = {}
    for name, spec in record_schema(kind)["properties"].items():
        if name in read or name in NEVER_KEPT or name not in record:
            continue
        value = without_change_log(record[name])
        if value in (None, "", [], {}):
            kept[name] = None
        elif spec.get("type") == "array" and isinstance(value, list):
            items = (
                keep_item(importer, kind, name, item, label, f"{path}{name}[{n}]")
                for n, item in enumerate(value)
            )
            kept[name] = [item for item in items if item is not None]
        elif problem := problem_with(kind, name, value):
            importer.problem(label, f"{path}{name}{problem[0]}", problem[1])
        else:
            kept[name] = value
    return kept


def keep_item(importer, kind, name, item, label, path):
    """`item` as kept when it is a valid item of the list field `name`, else None (reported)."""
    item = without_change_log(item)
    problem = problem_with(kind, name, item, item=True)
    if problem:
        importer.problem(label, f"{path.rstrip('.')}{problem[0]}", problem[1])
        return None
    return item


def merged(kept, changes):
    """What a row keeps after an import: `changes` over what it kept, emptied fields dropped (with
    nothing kept before, just the fields that have a value)."""
    return {name: value for name, value in {**kept, **changes}.items() if value not in (None, [], {})}


def with_kept(data, kept, full=True):
    """A record out (`data`) with the fields kept from an import. A list the directory also fills
    (schedules, locations, cost options, addresses) gets the kept items after its own. Without
    `full`, lists and nested records are left to the full record, as the directory's own are."""
    for name, value in kept.items():
        if not full and isinstance(value, (list, dict)):
            continue
        data[name] = data.get(name, []) + value if isinstance(value, list) else value
    return data

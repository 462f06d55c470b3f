"""What an HSDS record holds that the directory has no place for, kept as it came.

Contacts, a program, funding, required documents, non-weekly schedules, virtual locations, a
location's own phones and hours …: every field of the standard that the importer does not read into
the directory's own fields is checked against the standard's compiled JSON Schema
(`schema/compiled/`) and kept on the record's row (`hsds_extra`) when valid, so that the API and
`export_hsds` give it back; an invalid one is reported and left out. An empty value ([] or "")
clears what an earlier import kept, as it would an own field.

Never kept: `metadata` (another system's change log, naming who changed what; the directory keeps its
own history) and `last_modified` (an export gives the page's own publish time).
"""

import functools
import json
from pathlib import Path

import jsonschema

COMPILED = Path(__file__).resolve().parent / "schema" / "compiled"
NEVER_KEPT = {"metadata", "last_modified"}
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


def problem_with(kind, name, value, item=False):
    """Why `value` cannot be kept as the field (or one item of it), as (path below it, message); None
    when it can."""
    if len(json.dumps(value)) > LIMIT:
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
    for name in record_schema(kind)["properties"]:
        if name in read or name in NEVER_KEPT or name not in record:
            continue
        value = record[name]
        if value in (None, "", [], {}):
            kept[name] = None
            continue
        problem = problem_with(kind, name, value)
        if problem:
            importer.problem(label, f"{path}{name}{problem[0]}", problem[1])
        else:
            kept[name] = value
    return kept


def keep_item(importer, kind, name, item, label, path):
    """True when `item` is a valid item of the list field `name` (else it is reported)."""
    problem = problem_with(kind, name, item, item=True)
    if problem:
        importer.problem(label, f"{path.rstrip('.')}{problem[0]}", problem[1])
    return problem is None


def merged(kept, changes):
    """What a row keeps after an import: `changes` over what it kept, emptied fields dropped."""
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

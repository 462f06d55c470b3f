"""The official HSDS 3.0 JSON Schemas as validators: a record's compiled schema is the one the
importer checks kept fields with (resources/hsds/schema/compiled); the lists' are test data in
./hsds (see their NOTICEs)."""

import json
from functools import cache
from pathlib import Path

import jsonschema

from resources.hsds.kept import COMPILED

SCHEMAS = Path(__file__).parent / "hsds"


@cache
def validator(name):
    path = COMPILED / f"{name}.json"
    schema = json.loads((path if path.exists() else SCHEMAS / f"{name}.json").read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(name, data):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]

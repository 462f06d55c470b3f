"""What an import reads and what it reports: the kinds of HSDS record, and every problem found."""

from collections import Counter
from dataclasses import dataclass, field

from resources.hsds.values import shortened


class RecordRejected(Exception):
    """The record cannot be stored at all; the problems say why."""


@dataclass
class Problem:
    record: str
    field: str
    message: str

    def __str__(self):
        return f"{self.record}: {self.field}: {self.message}"


@dataclass
class Report:
    """What an import did: records per kind and outcome, and every problem found."""

    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    tree_problems: dict = field(default_factory=dict)  # treebeard's check after the import

    def summary(self):
        lines = [f"{kind}: {outcome} {n}" for (kind, outcome), n in sorted(self.counts.items())]
        return "\n".join(lines) or "Nothing to import."

    @property
    def failed(self):
        return sum(n for (_, outcome), n in self.counts.items() if outcome == "rejected")


def kind_of(record):
    """Which HSDS record this is, by the fields only that kind has."""
    if not isinstance(record, dict):
        return None
    if "status" in record or "service_at_locations" in record or "organization_id" in record:
        return "service"
    if {"taxonomy_id", "code", "parent_id", "term_uri"} & record.keys():
        return "taxonomy term"
    if "name" in record and ("services" in record or "website" in record or "legal_status" in record):
        return "organization"
    if {"id", "name", "description"} <= record.keys() and not {"location_type", "version"} & record.keys():
        return "organization"
    return None


def records_in(data):
    """(kind, record) for the records of a JSON document: one record, a list of them, or an HSDS
    page (`contents`). Kinds are told apart by the fields only that kind has."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    return [(kind_of(record), record) for record in (data if isinstance(data, list) else [data])]


def plural(kind):
    return {"service": "services", "organization": "organizations", "taxonomy term": "taxonomy terms"}.get(
        kind, "unknown"
    )


def in_dependency_order(items):
    """(number, kind, record) for (kind, record) items, numbered as in the file: terms first (top
    level before subterms), then organizations, then services, so that references resolve."""
    order = {"taxonomy term": 0, "organization": 1, "service": 2}
    numbered = [(number, kind, record) for number, (kind, record) in enumerate(items, start=1)]

    def rank(item):
        _, kind, record = item
        return order.get(kind, 3), kind == "taxonomy term" and bool(record.get("parent_id"))

    return sorted(numbered, key=rank)


def record_label(kind, record, number):
    """How a report names a record: its kind and id (or place in the file), and its name."""
    name = record.get("name") if isinstance(record.get("name"), str) else ""
    return f"{kind} {record.get('id', f'#{number}')}" + (f" ({shortened(name, 40)})" if name else "")

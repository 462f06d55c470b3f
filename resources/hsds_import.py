"""Reading Open Referral HSDS 3.0 records into the directory, by id.

Three kinds of record are read: taxonomy terms (categories), organizations and services (resource
pages with their phones, opening hours, locations, languages, service areas, categories and cost).
Each record is one transaction: a record that cannot be stored leaves nothing behind, and the rest
still go in. A bad optional field is left out and reported; a bad required field drops the item it
belongs to (a phone, a location), or the whole record when it is the record's own id or name.

Services become drafts (a new page, or a new revision of an existing one) unless `publish` is set,
so an editor reviews imported data before residents see it. A record that would change nothing
saves nothing, so importing the same file twice leaves one revision.
"""

import datetime
import decimal
import html
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import DecimalField
from django.utils.text import slugify

from resources import hsds
from resources.bulk_pages import NewPages, hold_in_memory, new_page, relation_names
from resources.import_lookups import KnownRows
from resources.models import (
    COSTS,
    Category,
    Community,
    Language,
    Organization,
    PhoneType,
    ResourceIndexPage,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)
from resources.validators import format_phone

SERVICE_FIELDS = {
    "name": "title",
    "alternate_name": "alternate_name",
    "url": "website",
    "email": "email",
    "status": "status",
    "application_process": "application_process",
    "fees_description": "fees_description",
    "wait_time": "wait_time",
    "eligibility_description": "eligibility",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "assured_date": "last_verified_on",
}
ORGANIZATION_FIELDS = {"name": "name", "description": "description", "website": "website", "email": "email"}
PHONE_FIELDS = {"number": "number", "extension": "extension", "type": "type", "description": "description"}
LOCATION_FIELDS = {"name": "name", "latitude": "latitude", "longitude": "longitude"}
ADDRESS_FIELDS = {
    "address_1": "address_1",
    "address_2": "address_2",
    "city": "city",
    "state_province": "state",
    "postal_code": "postal_code",
}
# HSDS phone types this directory folds into its own: a mobile number is dialled like any other.
PHONE_TYPES = {"cell": PhoneType.VOICE}
COST_KEYS = {label.lower(): key for key, label in hsds.COST_OPTIONS.items()}
SIX_PLACES = decimal.Decimal("0.000001")
BATCH = 500
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


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


def plain_to_rich_text(text):
    """Plain text (paragraphs split by blank lines) as the rich text the page editor writes."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "")]
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def shortened(text, limit):
    """At most `limit` characters, with an ellipsis when cut (Truncator's rule, a tenth of its cost)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_sentence(text, limit=300):
    sentence = SENTENCE_END.split(" ".join((text or "").split()), maxsplit=1)[0]
    return shortened(sentence, limit)


class Importer:
    """Imports records into the directory under its index page. One instance per import run."""

    def __init__(self, publish=False, user=None):
        self.publish = publish
        self.user = user
        self.report = Report()
        self.index = ResourceIndexPage.objects.first()
        if self.index is None:
            raise LookupError("There is no directory page (Resources) to import services into.")
        self.slugs = set(ResourcePage.objects.child_of(self.index).values_list("slug", flat=True))
        # Terms matched by code keep this site's id; later records may still name them by the file's.
        self.term_ids = {}
        self.new_pages = NewPages(self.index, publish, user)
        self.known = KnownRows()
        self.existing = {}
        # Organizations embedded in service records, as imported: 10,000 services of 100 agencies
        # repeat each one a hundred times.
        self.organizations_seen = {}

    # Entry points ---------------------------------------------------------------------------

    def run(self, items, progress=None):
        """Import (kind, record) items: terms first, then organizations, then services, so that
        references resolve. Records go in batches, each one transaction; when a batch cannot be
        written, its records are imported again one per transaction, so only the bad one fails."""
        order = {"taxonomy term": 0, "organization": 1, "service": 2}
        numbered = [(number, kind, record) for number, (kind, record) in enumerate(items, start=1)]
        numbered.sort(
            key=lambda item: (
                order.get(item[1], 3),
                item[1] == "taxonomy term" and bool(item[2].get("parent_id")),
            )
        )
        for start in range(0, len(numbered), BATCH):
            batch = numbered[start : start + BATCH]
            if not self.import_batch(batch):
                for item in batch:
                    self.import_batch([item])
            if progress:
                progress(len(batch))
        return self.report

    def import_batch(self, batch):
        """True when the batch was stored (or its one record reported); False to retry one by one."""
        saved = self.checkpoint()
        try:
            with transaction.atomic():
                self.existing = self.existing_pages(batch)
                for number, kind, record in batch:
                    self.import_record(kind, record, number)
                written = self.new_pages.write()
        except DatabaseError as error:
            self.restore(saved)
            if len(batch) > 1:
                return False
            number, kind, record = batch[0]
            self.problem(self.label(kind, record, number), "(record)", f"not stored: {describe(error)}")
            self.report.counts[plural(kind), "rejected"] += 1
            return True
        self.known.add_pages(written)
        return True

    def existing_pages(self, batch):
        """{uuid: page} for the batch's services that exist, with every relation in two queries a
        relation for the whole batch, not a few a record."""
        ids = [uuid.UUID(str(r["id"])) for kind, r in ((i[1], i[2]) for i in batch)
               if kind == "service" and isinstance(r, dict) and is_uuid(r.get("id"))]  # fmt: skip
        wanted = [page_id for page_id in ids if page_id in self.known.page_ids]
        if not wanted:
            return {}
        pages = ResourcePage.objects.filter(uuid__in=wanted).prefetch_related(*relation_names(ResourcePage))
        return {page.uuid: page for page in pages}

    def checkpoint(self):
        return Counter(self.report.counts), len(self.report.problems), set(self.slugs), dict(self.term_ids)

    def restore(self, saved):
        counts, problems, self.slugs, self.term_ids = saved
        self.report.counts = counts
        del self.report.problems[problems:]
        self.new_pages = NewPages(self.index, self.publish, self.user)
        self.known.reload()
        self.organizations_seen = {}

    def import_record(self, kind, record, number=1):
        if kind is None or not isinstance(record, dict):
            self.problem(f"record {number}", "(record)", "not an HSDS service, organization or taxonomy term")
            self.report.counts["unknown", "rejected"] += 1
            return
        label = self.label(kind, record, number)
        importer = {
            "service": self.import_service,
            "organization": self.import_organization,
            "taxonomy term": self.import_term,
        }[kind]
        # A record is refused (RecordRejected, or a ValidationError from full_clean) before it
        # writes anything, so no savepoint is needed per record; a database error aborts the whole
        # batch, which `run` then imports again one record per transaction.
        try:
            outcome = importer(record, label)
        except RecordRejected:
            outcome = "rejected"
        except ValidationError as error:
            self.problem(label, "(record)", f"not stored: {describe(error)}")
            outcome = "rejected"
        self.report.counts[plural(kind), outcome] += 1

    # Records --------------------------------------------------------------------------------

    def import_term(self, record, label, path=""):
        term_id = self.record_id(record, label, path)
        code = record.get("code") or ""
        category = self.find_term(term_id) or self.known.category_codes.get(code)
        before = field_values(category)
        created = category is None
        category = category or Category(uuid=term_id)
        values = self.cleaned(Category, {"name": "name", "description": "description"}, record, label, path)
        if "name" not in values and created:
            self.reject(label, f"{path}name", "a taxonomy term needs a name")
        for name, value in values.items():
            setattr(category, name, value)
        if category.description == category.name:
            category.description = ""
        if created:
            category.slug = self.free_category_slug(code or category.name)
        parent_id = record.get("parent_id")
        category.parent = self.parent_category(parent_id, category, label, f"{path}parent_id")
        outcome = self.save_if_changed(category, before)
        self.term_ids[str(term_id)] = category
        return outcome

    def find_term(self, term_id):
        """A category by the file's id: this site's own, or the one a term in the file matched by code."""
        if not is_uuid(term_id):
            return None
        return self.known.category(term_id) or self.term_ids.get(str(uuid.UUID(str(term_id))))

    def import_organization(self, record, label, path=""):
        org_id = self.record_id(record, label, path)
        organization = self.known.organization(org_id)
        before = field_values(organization)
        created = organization is None
        organization = organization or Organization(uuid=org_id)
        values = self.cleaned(Organization, ORGANIZATION_FIELDS, record, label, path)
        if "name" not in values and created:
            self.reject(label, f"{path}name", "an organization needs a name")
        for name, value in values.items():
            setattr(organization, name, value)
        outcome = self.save_if_changed(organization, before)
        if not path:
            self.import_services_of(organization, record.get("services"), label)
        return outcome

    def import_services_of(self, organization, services, label):
        """The services an organization record lists, each on its own: one refused is reported
        and leaves the organization and the others in place."""
        for index, service in enumerate(services if isinstance(services, list) else []):
            if not isinstance(service, dict):
                continue
            record = {**service, "organization_id": str(organization.uuid)}
            record.pop("organization", None)
            try:
                outcome = self.import_service(record, label, f"services[{index}].")
            except RecordRejected:
                outcome = "rejected"
            self.report.counts["services", outcome] += 1

    def import_service(self, record, label, path=""):
        service_id = self.record_id(record, label, path)
        existing = self.existing.pop(service_id, None)
        if existing is None and service_id in self.known.page_ids:  # a service twice in one batch
            existing = ResourcePage.objects.get(uuid=service_id)
        page = new_page(uuid=service_id)
        if existing:
            # A page without a draft is its own latest revision, read with the batch's prefetch.
            page = hold_in_memory(existing.get_latest_revision_as_object())
        before = page.serializable_data() if existing else None
        values = self.cleaned(ResourcePage, SERVICE_FIELDS, record, label, path)
        if "title" not in values and not existing:
            self.reject(label, f"{path}name", "a service needs a name")
        for name, value in values.items():
            setattr(page, name, value)
        if (
            page.minimum_age is not None
            and page.maximum_age is not None
            and page.minimum_age > page.maximum_age
        ):
            self.problem(label, f"{path}maximum_age", "is below the minimum age; both ages left out")
            page.minimum_age = page.maximum_age = None
        self.apply_description(page, record)
        page.organization = self.organization_of(record, label, path) or page.organization
        ServiceParts(self, page, label, path).apply(record)
        if existing and page.serializable_data() == before:
            return "unchanged"
        self.save_page(page, created=existing is None)
        return "created" if existing is None else "updated"

    # Services: fields ---------------------------------------------------------------------

    def apply_description(self, page, record):
        text = record.get("description")
        if not isinstance(text, str) or not text.strip():
            page.summary = page.summary or shortened(page.title, 300)
            return
        if text.strip() == (hsds.plain_text(page.description) or page.summary):
            return
        page.description = plain_to_rich_text(text)
        page.summary = first_sentence(text)

    def organization_of(self, record, label, path):
        embedded = record.get("organization")
        if isinstance(embedded, dict) and self.organizations_seen.get(embedded.get("id")) == embedded:
            return self.known.organization(embedded.get("id"))  # the same as a record before this one
        if isinstance(embedded, dict):
            try:
                self.import_organization(embedded, label, f"{path}organization.")
            except RecordRejected:
                return None
            except ValidationError as error:
                self.problem(label, f"{path}organization", f"not stored: {describe(error)}")
                return None
            self.organizations_seen[embedded.get("id")] = embedded
            return self.known.organization(embedded.get("id"))
        raw = record.get("organization_id")
        if not raw:
            return None
        found = self.known.organization(raw)
        if found is None:
            self.problem(
                label, f"{path}organization_id", f"no organization {raw} in the file or the directory"
            )
        return found

    def save_page(self, page, created):
        """A new page waits for its batch; a change to an existing one is a new revision, as an
        editor's save is (and a publish when asked)."""
        if created:
            page.slug = self.free_page_slug(page.title)
            self.new_pages.add(page)
            return
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)

    # Reference rows (created as needed) ------------------------------------------------------

    def parent_category(self, parent_id, category, label, path):
        if not parent_id:
            return None
        parent = self.find_term(parent_id)
        if parent is None or parent.parent_id or parent.pk == category.pk:
            reason = (
                "is not a known top-level term"
                if parent is None or parent.parent_id
                else "is the term itself"
            )
            self.problem(label, path, f"{parent_id} {reason}; imported as a top-level term")
            return None
        if category.pk and category.children.exists():
            self.problem(label, path, "this term has its own subterms, so it stays top-level")
            return None
        return parent

    def category(self, attribute, label, path):
        term = attribute.get("taxonomy_term")
        term_id = attribute.get("taxonomy_term_id") or (term or {}).get("id")
        found = self.find_term(term_id)
        if found is None and isinstance(term, dict):
            try:
                self.import_term(term, label, f"{path}taxonomy_term.")
            except RecordRejected:
                return None
            except ValidationError as error:
                self.problem(label, f"{path}taxonomy_term", f"not stored: {describe(error)}")
                return None
            found = self.find_term(term.get("id"))
        if found is None:
            self.problem(
                label, f"{path}taxonomy_term_id", f"no taxonomy term {term_id} in the file or the directory"
            )
        return found

    def language(self, item, label, path):
        code = str(item.get("code") or "").strip().lower()
        name = str(item.get("name") or "").strip()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            self.problem(label, f"{path}code", f"{code!r} is not an ISO 639 language code")
            return None
        language = self.known.languages.get(code)
        if language is None:
            language = Language.objects.create(code=code, name=(name or code)[:60])
            self.known.remember(language)
        return language

    def community(self, item, label, path):
        name = " ".join(str(item.get("name") or "").split())
        if not name or len(name) > 80:
            self.problem(label, f"{path}name", "a service area needs a place name of at most 80 characters")
            return None
        community = self.known.communities.get(name.lower())
        if community is None:
            community = Community.objects.create(name=name, slug=self.free_slug(Community, name))
            self.known.remember(community)
        return community

    # Helpers -----------------------------------------------------------------------------------

    def label(self, kind, record, number):
        name = record.get("name") if isinstance(record.get("name"), str) else ""
        return f"{kind} {record.get('id', f'#{number}')}" + (f" ({shortened(name, 40)})" if name else "")

    def record_id(self, record, label, path):
        raw = record.get("id")
        if not is_uuid(raw):
            self.reject(label, f"{path}id", f"{raw!r} is not a UUID")
        return uuid.UUID(str(raw))

    def cleaned(self, model, fields, record, label, path):
        """{model field: value} for the HSDS fields present and valid; each bad one is reported."""
        values = {}
        for key, name in fields.items():
            if key not in record:
                continue
            try:
                values[name] = clean_value(model, name, record[key])
            except ValidationError as error:
                self.problem(label, f"{path}{key}", f"{shown(record[key])} left out: {describe(error)}")
        return values

    def save_if_changed(self, instance, before):
        """Save a category or organization unless its fields are as they were (`before`, None if new)."""
        if before is not None and field_values(instance) == before:
            return "unchanged"
        try:
            instance.full_clean()
        except ValidationError:
            if before is not None:
                instance.refresh_from_db()  # the cached row must stay as stored
            raise
        instance.save()
        self.known.remember(instance)
        return "created" if before is None else "updated"

    def free_page_slug(self, title):
        base = slugify(title)[:200] or "service"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def free_category_slug(self, text):
        return self.free_slug(Category, text)

    def free_slug(self, model, text):
        base = slugify(text)[:70] or "item"
        taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def problem(self, record, path, message):
        self.report.problems.append(Problem(record, path, message))

    def reject(self, record, path, message):
        self.problem(record, path, message + "; not imported")
        raise RecordRejected


class ServiceParts:
    """A service's lists (phones, hours, locations …) onto a page, keeping the ids of the rows it has."""

    def __init__(self, importer, page, label, path):
        self.importer = importer
        self.page = page
        self.label = label
        self.path = path
        self.service_id = str(page.uuid)

    def apply(self, record):
        if "phones" in record:
            self.page.phones = self.rows("phones", self.page.phones.all(), record["phones"], self.phone)
        if "schedules" in record:
            self.apply_schedules(record["schedules"])
        if "service_at_locations" in record:
            self.apply_locations(record["service_at_locations"])
        if "languages" in record:
            self.page.languages = self.refs(record["languages"], "languages", self.importer.language)
        if "service_areas" in record:
            self.page.service_areas = self.refs(
                record["service_areas"], "service_areas", self.importer.community
            )
        if "attributes" in record:
            self.page.categories = self.refs(record["attributes"], "attributes", self.importer.category)
        if "cost_options" in record:
            self.apply_costs(record["cost_options"])

    # Lists of rows owned by the page ------------------------------------------------------

    def rows(self, key, current, items, build):
        """Rows for `items`, reusing the page's row with the same id; items that fail are reported."""
        by_id = {str(row.uuid): row for row in current}
        rows = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            path = f"{self.path}{key}[{index}]."
            if not isinstance(item, dict) or not is_uuid(item.get("id")):
                self.importer.problem(self.label, f"{path}id", "an item needs a UUID id; left out")
                continue
            for row_id, values in build(item, path):
                row = by_id.get(row_id) or current_model(key)(uuid=row_id)
                for name, value in values.items():
                    setattr(row, name, value)
                rows.append(row)
        return rows

    def refs(self, items, key, find):
        found = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                row = find(item, self.label, f"{self.path}{key}[{index}].")
                if row is not None and row not in found:
                    found.append(row)
        return found

    def phone(self, item, path):
        item = {**item, "type": PHONE_TYPES.get(item.get("type"), item.get("type"))}
        if isinstance(item.get("extension"), (int, float)):
            item["extension"] = str(int(item["extension"]))
        try:
            number = clean_value(ServicePhone, "number", item.get("number"))
        except ValidationError as error:
            self.importer.problem(
                self.label, f"{path}number", f"{shown(item.get('number'))}: {describe(error)} Phone left out."
            )
            return []
        values = self.importer.cleaned(
            ServicePhone, PHONE_FIELDS, {**item, "number": number}, self.label, path
        )
        values["number"] = format_phone(values["number"])
        return [(str(item["id"]), {"extension": "", "type": PhoneType.VOICE, "description": "", **values})]

    # Opening hours -------------------------------------------------------------------------

    def apply_schedules(self, items):
        rows = self.rows("schedules", self.page.schedules.all(), items, self.openings)
        all_day = {row.weekday for row in rows if row.open_24_hours}
        self.page.is_24_7 = len(all_day) == 7
        self.page.schedules = [] if self.page.is_24_7 else sorted(rows, key=opening_order)

    def openings(self, item, path):
        """One row per weekday of a weekly HSDS schedule; other kinds of schedule are reported."""
        if (item.get("freq") or "WEEKLY").upper() != "WEEKLY":
            self.importer.problem(
                self.label, f"{path}freq", "only weekly opening hours are imported; left out"
            )
            return []
        days = [day.strip().upper() for day in str(item.get("byday") or "").split(",") if day.strip()]
        if not days or any(day not in hsds.WEEKDAYS for day in days):
            self.importer.problem(
                self.label, f"{path}byday", f"{shown(item.get('byday'))} is not a list of weekdays; left out"
            )
            return []
        try:
            opens = clean_value(ServiceSchedule, "opens_at", item.get("opens_at"))
            closes = clean_value(ServiceSchedule, "closes_at", item.get("closes_at"))
        except ValidationError as error:
            self.importer.problem(self.label, f"{path}opens_at", f"opening hours left out: {describe(error)}")
            return []
        all_day = opens is not None and opens == closes and opens.hour == opens.minute == 0
        values = {
            "open_24_hours": all_day,
            "opens_at": None if all_day else opens,
            "closes_at": None if all_day else closes,
        }
        probe = ServiceSchedule(weekday=0, **values)
        try:
            probe.clean()
        except ValidationError as error:
            self.importer.problem(
                self.label, f"{path}closes_at", f"opening hours left out: {describe(error)}"
            )
            return []
        single = len(days) == 1
        return [
            (
                str(item["id"]) if single else hsds.derived_id(item["id"], "day", day),
                {**values, "weekday": hsds.WEEKDAYS.index(day)},
            )
            for day in days
        ]

    # Locations -------------------------------------------------------------------------------

    def apply_locations(self, items):
        confidential = [row for row in self.page.locations.all() if row.is_confidential]
        public = [row for row in self.page.locations.all() if not row.is_confidential]
        self.page.locations = self.rows("service_at_locations", public, items, self.location) + confidential

    def location(self, link, path):
        """The location of a service-at-location item (HSDS nests it under `location`)."""
        item, path = link.get("location"), f"{path}location."
        if not isinstance(item, dict) or not is_uuid(item.get("id")):
            self.importer.problem(self.label, f"{path}id", "a location with a UUID id is needed; left out")
            return []
        if item.get("location_type", "physical") != "physical":
            self.importer.problem(
                self.label, f"{path}location_type", "only physical locations are imported; left out"
            )
            return []
        addresses = [a for a in item.get("addresses") or [] if isinstance(a, dict)]
        address = next(
            (a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {}
        )
        index = addresses.index(address) if address in addresses else 0
        values = self.importer.cleaned(ServiceLocation, LOCATION_FIELDS, item, self.label, path)
        if ("latitude" in values) != ("longitude" in values) or values.get("latitude") is None:
            values.pop("latitude", None), values.pop("longitude", None)
        address = {**address, "state_province": str(address.get("state_province") or "").upper()}
        address_values = self.importer.cleaned(
            ServiceLocation, ADDRESS_FIELDS, address, self.label, f"{path}addresses[{index}]."
        )
        missing = [
            key for key, name in ADDRESS_FIELDS.items() if key != "address_2" and name not in address_values
        ]
        if missing:
            self.importer.problem(
                self.label, f"{path}addresses", f"location left out: it needs a valid {', '.join(missing)}"
            )
            return []
        access = "; ".join(
            a["description"]
            for a in item.get("accessibility") or []
            if isinstance(a, dict) and a.get("description")
        )
        row_id = self.own_location_id(str(item["id"]))
        return [
            (
                row_id,
                {
                    "name": "",
                    "latitude": None,
                    "longitude": None,
                    "address_2": "",
                    **values,
                    **address_values,
                    "accessibility": access[:250],
                },
            )
        ]

    def own_location_id(self, location_id):
        """HSDS lets services share a location; here each page has its own, so a shared one gets a
        derived id for every other service."""
        owner = self.importer.known.location_owner(location_id)
        if owner is None or str(owner) == self.service_id:
            return location_id
        return hsds.derived_id(location_id, "service", self.service_id)

    # Cost --------------------------------------------------------------------------------------

    def apply_costs(self, items):
        flags = dict.fromkeys(COSTS, False)
        for index, item in enumerate(items if isinstance(items, list) else []):
            option = str((item or {}).get("option") or "").strip().lower() if isinstance(item, dict) else ""
            key = COST_KEYS.get(option)
            if key is None and isinstance(item, dict) and is_zero(item.get("amount")):
                key = "free"
            if key is None:
                path = f"{self.path}cost_options[{index}].option"
                self.importer.problem(
                    self.label,
                    path,
                    f"{shown(option)} left out: only free, sliding-scale and insurance are recorded",
                )
                continue
            flags[key] = True
        for key, value in flags.items():
            setattr(self.page, COSTS[key], value)


def field_values(row):
    return None if row is None else [getattr(row, field.attname) for field in row._meta.concrete_fields]


def plural(kind):
    return {"service": "services", "organization": "organizations", "taxonomy term": "taxonomy terms"}.get(
        kind, "unknown"
    )


def opening_order(row):
    return row.weekday, row.opens_at or datetime.time(0)


def current_model(key):
    return {"phones": ServicePhone, "schedules": ServiceSchedule, "service_at_locations": ServiceLocation}[
        key
    ]


def clean_value(model, name, raw):
    """`raw` as the model field's value, validated by the field itself (type, length, choices, validators)."""
    model_field = model._meta.get_field(name)
    if isinstance(raw, (list, dict)):
        raise ValidationError("expected a single value, not a list or object")
    if raw is None or raw == "":
        raw = None if model_field.null else ""
    elif isinstance(model_field, DecimalField):
        raw = six_places(raw)
    elif isinstance(raw, str):
        raw = raw.strip()
    return model_field.clean(raw, None)


def six_places(raw):
    """Coordinates from other systems often carry more decimals than the 6 (10 cm) kept here."""
    try:
        return decimal.Decimal(str(raw).strip()).quantize(SIX_PLACES)
    except (decimal.InvalidOperation, ValueError):
        return raw


def is_zero(amount):
    try:
        return float(amount) == 0
    except (TypeError, ValueError):
        return False


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return value is not None


def shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def describe(error):
    if hasattr(error, "message_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if hasattr(error, "messages"):
        return " ".join(error.messages)
    return str(error).splitlines()[0]

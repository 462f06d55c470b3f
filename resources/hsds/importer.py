"""Reading Open Referral HSDS 3.0 records into the directory, by id.

Three kinds of record are read: taxonomy terms (categories), organizations and services (resource
pages with their phones, opening hours, locations, languages, service areas, categories and cost).
Each record is stored whole or not at all, and the rest still go in: records are written in
batches, one transaction each, and a batch that fails is imported again one record per
transaction. A bad optional field is left out and reported; a bad required field drops the item it
belongs to (a phone, a location), or the whole record when it is the record's own id or name.
What the directory has no field for is kept as it came (`kept`), for the API and exports to give back.

Services become drafts (a new page, or a new revision of an existing one) unless `publish` is set,
so an editor reviews imported data before residents see it. A record that would change nothing
saves nothing, so importing the same file twice leaves one revision.

Each kind of record has its importer (`terms`, `organizations`, `services`); this module runs
them: the batches and their transactions, the report, and the checks every kind shares.
"""

import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from resources.bulk_pages import NewPages, relation_names, tree_problems
from resources.hsds.lookups import KnownRows
from resources.hsds.organizations import OrganizationImporter
from resources.hsds.reading import Problem, RecordRejected, Report, in_dependency_order, plural, record_label
from resources.hsds.services import ServiceImporter
from resources.hsds.terms import TermImporter
from resources.hsds.values import clean_value, describe, field_values, is_uuid, shown
from resources.models import ResourceIndexPage, ResourcePage

BATCH = 500


class Importer:
    """Imports records into the directory under its index page. One instance per import run."""

    def __init__(self, publish=False, user=None, writer=NewPages):
        """`writer` writes the new pages of each batch: the bulk writer, or for comparison Wagtail's
        page API (`bench/page_api.py`)."""
        self.publish = publish
        self.user = user
        self.writer = writer
        self.pages_written = 0
        self.report = Report()
        self.index = ResourceIndexPage.objects.first()
        if self.index is None:
            raise LookupError("There is no directory page (Resources) to import services into.")
        self.slugs = set(ResourcePage.objects.child_of(self.index).values_list("slug", flat=True))
        self.new_pages = writer(self.index, publish, user)
        self.known = KnownRows()
        self.existing = {}
        self.terms = TermImporter(self)
        self.organizations = OrganizationImporter(self)
        self.services = ServiceImporter(self)

    # Entry points ---------------------------------------------------------------------------

    def run(self, items, progress=None, checking_tree=None):
        """Import (kind, record) items: terms first, then organizations, then services, so that
        references resolve. Records go in batches, each one transaction; when a batch cannot be
        written, its records are imported again one per transaction, so only the bad one fails.
        `progress(n)` follows the records; `checking_tree()` is called before the tree check."""
        numbered = in_dependency_order(items)
        for start in range(0, len(numbered), BATCH):
            batch = numbered[start : start + BATCH]
            if not self.import_batch(batch):
                for item in batch:
                    self.import_batch([item])
            if progress:
                progress(len(batch))
        # New pages are placed in the tree by the writer (`resources.bulk_pages`), not by treebeard:
        # after any import that wrote some, check the tree with treebeard's own check (two queries
        # a page: 15 s after 11,000 pages, 32 s after 21,000; an import that only updates skips it).
        if self.pages_written:
            if checking_tree:
                checking_tree()
            self.report.tree_problems = tree_problems(self.index)
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
            self.problem(record_label(kind, record, number), "(record)", f"not stored: {describe(error)}")
            self.report.counts[plural(kind), "rejected"] += 1
            return True
        self.known.add_pages(written)
        self.pages_written += len(written)
        return True

    def existing_pages(self, batch):
        """{uuid: page} for the batch's services that exist, with every relation in two queries a
        relation for the whole batch, not a few a record."""
        services = [record for _, kind, record in batch if kind == "service" and is_uuid(record.get("id"))]
        wanted = [uuid.UUID(str(record["id"])) for record in services]
        wanted = [page_id for page_id in wanted if page_id in self.known.page_ids]
        if not wanted:
            return {}
        pages = ResourcePage.objects.filter(uuid__in=wanted).prefetch_related(*relation_names(ResourcePage))
        return {page.uuid: page for page in pages}

    def checkpoint(self):
        terms = dict(self.terms.by_file_id)
        return Counter(self.report.counts), len(self.report.problems), set(self.slugs), terms

    def restore(self, saved):
        counts, problems, self.slugs, self.terms.by_file_id = saved
        self.report.counts = counts
        del self.report.problems[problems:]
        self.new_pages = self.writer(self.index, self.publish, self.user)
        self.known.reload()
        self.organizations.seen = {}

    def import_record(self, kind, record, number=1):
        if kind is None or not isinstance(record, dict):
            self.problem(f"record {number}", "(record)", "not an HSDS service, organization or taxonomy term")
            self.report.counts["unknown", "rejected"] += 1
            return
        label = record_label(kind, record, number)
        importer = {
            "service": self.services,
            "organization": self.organizations,
            "taxonomy term": self.terms,
        }[kind].import_record
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

    # Helpers -----------------------------------------------------------------------------------

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

    def nested(self, importer, record, label, path):
        """A record inside another (an organization in a service, a term in an attribute): if it is
        refused, that is reported and the outer record goes on without it. True when stored."""
        try:
            importer(record, label, path)
        except RecordRejected:
            return False
        except ValidationError as error:
            self.problem(label, path.rstrip("."), f"not stored: {describe(error)}")
            return False
        return True

    def problem(self, record, path, message):
        self.report.problems.append(Problem(record, path, message))

    def reject(self, record, path, message):
        self.problem(record, path, message + "; not imported")
        raise RecordRejected

"""Reading Open Referral HSDS 3.0 records into the directory, by id.

Three kinds of record are read: taxonomy terms (categories), organizations and services (resource
pages with their phones, opening hours, locations, languages, service areas, categories and cost).
Each record is stored whole or not at all, and the rest still go in: records are written in
batches, one transaction each, and a batch that fails is imported again one record per
transaction. A bad optional field is left out and reported; a bad required field drops the item it
belongs to (a phone, a location), or the whole record when it is the record's own id or name.

Services become drafts (a new page, or a new revision of an existing one) unless `publish` is set,
so an editor reviews imported data before residents see it. A record that would change nothing
saves nothing, so importing the same file twice leaves one revision.
"""

import re
import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from resources.bulk_pages import NewPages, hold_in_memory, new_page, relation_names, tree_problems
from resources.hsds import serialize
from resources.hsds.lookups import KnownRows, first_free, free_slug
from resources.hsds.reading import Problem, RecordRejected, Report, in_dependency_order, plural, record_label
from resources.hsds.service_parts import ServiceParts
from resources.hsds.values import (
    clean_value,
    describe,
    field_values,
    first_sentence,
    is_uuid,
    plain_to_rich_text,
    shortened,
    shown,
)
from resources.models import Category, Organization, ResourceIndexPage, ResourcePage

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
        # Terms matched by code keep this site's id; later records may still name them by the file's.
        self.term_ids = {}
        self.new_pages = writer(self.index, publish, user)
        self.known = KnownRows()
        self.existing = {}
        # Organizations embedded in service records, as imported: 10,000 services of 100 agencies
        # repeat each one a hundred times.
        self.organizations_seen = {}

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
        # a page: 20 to 30 s for 20,000 pages; an import that only updates pages skips it).
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
        return Counter(self.report.counts), len(self.report.problems), set(self.slugs), dict(self.term_ids)

    def restore(self, saved):
        counts, problems, self.slugs, self.term_ids = saved
        self.report.counts = counts
        del self.report.problems[problems:]
        self.new_pages = self.writer(self.index, self.publish, self.user)
        self.known.reload()
        self.organizations_seen = {}

    def import_record(self, kind, record, number=1):
        if kind is None or not isinstance(record, dict):
            self.problem(f"record {number}", "(record)", "not an HSDS service, organization or taxonomy term")
            self.report.counts["unknown", "rejected"] += 1
            return
        label = record_label(kind, record, number)
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
            category.slug = free_slug(Category, code or category.name)
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
        if existing:
            # A page without a draft is its own latest revision, read with the batch's prefetch.
            page = hold_in_memory(existing.get_latest_revision_as_object())
        else:
            page = new_page(uuid=service_id)
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
        if text.strip() == (serialize.plain_text(page.description) or page.summary):
            return
        page.description = plain_to_rich_text(text)
        page.summary = first_sentence(text)

    def organization_of(self, record, label, path):
        embedded = record.get("organization")
        if isinstance(embedded, dict) and self.organizations_seen.get(embedded.get("id")) == embedded:
            return self.known.organization(embedded.get("id"))  # the same as a record before this one
        if isinstance(embedded, dict):
            if not self.nested(self.import_organization, embedded, label, f"{path}organization."):
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
            if not self.nested(self.import_term, term, label, f"{path}taxonomy_term."):
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
        return self.known.language(code, name)

    def community(self, item, label, path):
        name = " ".join(str(item.get("name") or "").split())
        if not name or len(name) > 80:
            self.problem(label, f"{path}name", "a service area needs a place name of at most 80 characters")
            return None
        return self.known.community(name)

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

    def free_page_slug(self, title):
        slug = first_free(slugify(title)[:200] or "service", self.slugs)
        self.slugs.add(slug)
        return slug

    def problem(self, record, path, message):
        self.report.problems.append(Problem(record, path, message))

    def reject(self, record, path, message):
        self.problem(record, path, message + "; not imported")
        raise RecordRejected

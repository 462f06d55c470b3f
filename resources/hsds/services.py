"""HSDS services into resource pages: new pages wait for their batch's writer; a change to an
existing page is a new revision, as an editor's save is (and a publish when asked). A record that
would change nothing saves nothing."""

from django.utils.text import slugify

from resources.bulk_pages import hold_in_memory, new_page
from resources.hsds import kept, serialize
from resources.hsds.lookups import first_free
from resources.hsds.service_parts import LISTS, ServiceParts
from resources.hsds.values import first_sentence, plain_to_rich_text, shortened
from resources.models import ResourcePage

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
# The fields of a service record read into the page's own; the standard's others are kept (`kept`).
READ = {*SERVICE_FIELDS, "id", "description", "organization", "organization_id", *LISTS}


class ServiceImporter:
    """Service records, on their own or listed by an organization, for one run."""

    def __init__(self, run):
        self.run = run

    def import_record(self, record, label, path=""):
        run = self.run
        service_id = run.record_id(record, label, path)
        existing = run.existing.pop(service_id, None)
        if existing is None and service_id in run.known.page_ids:  # a service twice in one batch
            existing = ResourcePage.objects.get(uuid=service_id)
        if existing:
            # A page without a draft is its own latest revision, read with the batch's prefetch.
            page = hold_in_memory(existing.get_latest_revision_as_object())
        else:
            page = new_page(uuid=service_id)
        before = page.serializable_data() if existing else None
        values = run.cleaned(ResourcePage, SERVICE_FIELDS, record, label, path)
        if "title" not in values and not existing:
            run.reject(label, f"{path}name", "a service needs a name")
        for name, value in values.items():
            setattr(page, name, value)
        if (
            page.minimum_age is not None
            and page.maximum_age is not None
            and page.minimum_age > page.maximum_age
        ):
            run.problem(label, f"{path}maximum_age", "is below the minimum age; both ages left out")
            page.minimum_age = page.maximum_age = None
        self.apply_description(page, record)
        page.organization = run.organizations.of_service(record, label, path) or page.organization
        parts = ServiceParts(run, page, label, path)
        parts.apply(record)
        unread = kept.unread_fields(run, "service", record, READ, label, path)
        page.hsds_extra = kept.merged(page.hsds_extra, {**unread, **parts.kept})
        if existing and page.serializable_data() == before:
            return "unchanged"
        self.save(page, created=existing is None)
        return "created" if existing is None else "updated"

    def apply_description(self, page, record):
        text = record.get("description")
        if not isinstance(text, str) or not text.strip():
            page.summary = page.summary or shortened(page.title, 300)
            return
        if text.strip() == (serialize.plain_text(page.description) or page.summary):
            return
        page.description = plain_to_rich_text(text)
        page.summary = first_sentence(text)

    def save(self, page, created):
        run = self.run
        if created:
            page.slug = self.free_slug(page.title)
            run.new_pages.add(page)
            return
        revision = page.save_revision(user=run.user, log_action=True)
        if run.publish:
            revision.publish(user=run.user)

    def free_slug(self, title):
        slug = first_free(slugify(title)[:200] or "service", self.run.slugs)
        self.run.slugs.add(slug)
        return slug

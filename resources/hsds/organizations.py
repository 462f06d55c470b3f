"""HSDS organizations into the directory's, with the services an organization record lists, and
the organization a service names or embeds."""

from resources.hsds import kept
from resources.hsds.reading import RecordRejected
from resources.hsds.values import field_values
from resources.models import Organization

ORGANIZATION_FIELDS = {"name": "name", "description": "description", "website": "website", "email": "email"}
# Read into the organization's own fields (or as its services); the standard's others are kept.
READ = {*ORGANIZATION_FIELDS, "id", "services"}


class OrganizationImporter:
    """Organization records, and the organizations services embed, for one run."""

    def __init__(self, run):
        self.run = run
        # Organizations embedded in service records, as imported: 10,000 services of 100 agencies
        # repeat each one a hundred times.
        self.seen = {}

    def import_record(self, record, label, path=""):
        run = self.run
        org_id = run.record_id(record, label, path)
        organization = run.known.organization(org_id)
        before = field_values(organization)
        created = organization is None
        organization = organization or Organization(uuid=org_id)
        values = run.cleaned(Organization, ORGANIZATION_FIELDS, record, label, path)
        if "name" not in values and created:
            run.reject(label, f"{path}name", "an organization needs a name")
        for name, value in values.items():
            setattr(organization, name, value)
        unread = kept.unread_fields(run, "organization", record, READ, label, path)
        organization.hsds_extra = kept.merged(organization.hsds_extra, unread)
        outcome = run.save_if_changed(organization, before)
        if not path:
            self.import_services(organization, record.get("services"), label)
        return outcome

    def import_services(self, organization, services, label):
        """The services an organization record lists, each on its own: one refused is reported
        and leaves the organization and the others in place."""
        for index, service in enumerate(services if isinstance(services, list) else []):
            if not isinstance(service, dict):
                continue
            record = {**service, "organization_id": str(organization.uuid)}
            record.pop("organization", None)
            try:
                outcome = self.run.services.import_record(record, label, f"services[{index}].")
            except RecordRejected:
                outcome = "rejected"
            self.run.report.counts["services", outcome] += 1

    def of_service(self, record, label, path):
        """The organization a service record embeds (imported once per run) or names by id."""
        run = self.run
        embedded = record.get("organization")
        if isinstance(embedded, dict) and self.seen.get(embedded.get("id")) == embedded:
            return run.known.organization(embedded.get("id"))  # the same as a record before this one
        if isinstance(embedded, dict):
            if not run.nested(self.import_record, embedded, label, f"{path}organization."):
                return None
            self.seen[embedded.get("id")] = embedded
            return run.known.organization(embedded.get("id"))
        raw = record.get("organization_id")
        if not raw:
            return None
        found = run.known.organization(raw)
        if found is None:
            run.problem(
                label, f"{path}organization_id", f"no organization {raw} in the file or the directory"
            )
        return found

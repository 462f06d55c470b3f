"""The directory's public data as HSDS 3.0 files: a tabular data package and the same in JSON.

Only what the public API shows: published services (confidential locations left out), the
organizations and the categories.
"""

import json
from pathlib import Path

from resources import hsds, hsds_tables
from resources.models import Category, Organization

PACKAGE_NAME = "core-portal-directory"
PACKAGE_TITLE = "CORE Portal directory of mental-health and social-service resources"
BATCH = 500


def export_directory(directory, progress=None):
    """Write the export into `directory` (created if missing); returns the number of services."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    services = []
    pages = hsds.published_services().prefetch_related(*hsds.FULL_PREFETCH)
    for page in pages.iterator(chunk_size=BATCH):
        services.append(hsds.service(page))
        if progress:
            progress()
    organizations = [hsds.organization(org) for org in Organization.objects.order_by("name", "pk")]
    terms = [hsds.taxonomy_term(term) for term in Category.objects.select_related("parent").order_by("pk")]
    documents = {
        "services.json": services,
        "organizations.json": organizations,
        "taxonomy_terms.json": terms,
        "taxonomies.json": [hsds.TAXONOMY],
    }
    for name, records in documents.items():
        (directory / name).write_text(
            json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    tables = hsds_tables.rows_from_records(services, organizations, terms, [hsds.TAXONOMY])
    hsds_tables.write_package(directory, tables, PACKAGE_NAME, PACKAGE_TITLE)
    return len(services)

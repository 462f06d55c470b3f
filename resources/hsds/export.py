"""The directory's public data as HSDS 3.0 files: a tabular data package and the same in JSON.

Only what the public API shows: published services (confidential locations left out), the
organizations and the categories.
"""

import json
from pathlib import Path

from resources.hsds import serialize, tables
from resources.models import Category, Organization

PACKAGE_NAME = "core-portal-directory"
PACKAGE_TITLE = "CORE Portal directory of mental-health and social-service resources"
BATCH = 500


def export_directory(directory, progress=None):
    """Write the export into `directory` (created if missing); returns the number of services."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    services = []
    pages = serialize.published_services().prefetch_related(*serialize.FULL_PREFETCH)
    for page in pages.iterator(chunk_size=BATCH):
        services.append(serialize.service(page))
        if progress:
            progress()
    organizations = [serialize.organization(org) for org in Organization.objects.order_by("name", "pk")]
    terms = [
        serialize.taxonomy_term(term) for term in Category.objects.select_related("parent").order_by("pk")
    ]
    documents = {
        "services.json": services,
        "organizations.json": organizations,
        "taxonomy_terms.json": terms,
        "taxonomies.json": [serialize.TAXONOMY],
    }
    for name, records in documents.items():
        (directory / name).write_text(
            json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    rows = tables.rows_from_records(services, organizations, terms, [serialize.TAXONOMY])
    tables.write_package(directory, rows, PACKAGE_NAME, PACKAGE_TITLE)
    return len(services)

"""The directory as Open Referral HSDS 3.0 JSON: public information only, with stable ids.

Records whose HSDS table has no model of its own here (a service's language, service area, or
taxonomy link) get ids derived from the ids they join (uuid5), so they stay the same on every export.
Confidential locations are left out: HSDS has no way to publish a place without its address.
What an import brought that the directory has no place for (`kept`) goes out again as it came.
"""

import re
import uuid

from django.db.models import Prefetch
from django.utils.html import strip_tags

from resources.hsds.kept import with_kept
from resources.models import COSTS, Category, ResourcePage

HSDS_VERSION = "3.0"
PROFILE = "https://openreferral.org/imports/hsds-3.0/"
TAXONOMY_ID = "0d1f39a2-3c7c-5a5b-9a64-5f0e7c1c2b10"
TAXONOMY = {
    "id": TAXONOMY_ID,
    "name": "CORE Portal categories",
    "description": "The kinds of help the CORE Portal directory lists, in two levels.",
    "version": "1",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A page's cost flags travel as HSDS cost options named by the flags' own labels.
COST_OPTIONS = {
    key: ResourcePage._meta.get_field(field).verbose_name.capitalize() for key, field in COSTS.items()
}
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)
# An extension is a number in HSDS; isdigit() would also pass ², which int() refuses.
EXTENSION = re.compile(r"[0-9]+")


# What a full service record reads, in one query per relation however many services are listed.
FULL_PREFETCH = [
    "phones",
    "schedules",
    "service_areas",
    "locations",
    "languages",
    Prefetch("categories", queryset=Category.objects.select_related("parent")),
]


def published_services():
    """Live services outside any private section of the site (a page an editor restricted, or one
    under it), in the order they were added, for paging and exports. A title changed while
    a consumer pages through does not move services between pages, and PostgreSQL walks the primary
    keys in order instead of sorting every title: 50 services at offset 9,950 of 20,000 took
    46 ms of SQL by title, 7 ms so."""
    return ResourcePage.objects.live().public().select_related("organization").order_by("pk")


def derived_id(owner_id, kind, key):
    """A stable id for a joining record, from the ids it joins."""
    return str(uuid.uuid5(uuid.UUID(str(owner_id)), f"{kind}:{key}"))


def present(data):
    """Leaves out optional fields that have no value (HSDS types do not allow null)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def plain_text(html):
    """Rich text as plain text for other systems: one paragraph per line pair, no markup."""
    text = strip_tags(BLOCK_END.sub("\n\n", html or ""))
    return "\n\n".join(part.strip() for part in text.split("\n\n") if part.strip())


def taxonomy_term(category):
    return present(
        {
            "id": str(category.uuid),
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "parent_id": str(category.parent.uuid) if category.parent_id else None,
            "taxonomy": TAXONOMY["name"],
            "taxonomy_id": TAXONOMY_ID,
        }
    )


def organization(org, services=None):
    data = {
        "id": str(org.uuid),
        "name": org.name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
    }
    if services is not None:
        data["services"] = services
    return with_kept({**present(data), "description": org.description}, org.hsds_extra)


def phone(row, service_id):
    extension = row.extension.strip()
    return present(
        {
            "id": str(row.uuid),
            "service_id": service_id,
            "number": row.display_number(),
            "extension": int(extension) if EXTENSION.fullmatch(extension) else None,
            "type": row.type,
            "description": row.description,
        }
    )


def round_the_clock(service_id):
    """A 24/7 service as seven all-day openings, with ids that stay the same on every export."""
    return [
        {
            "id": derived_id(service_id, "schedule", day),
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": day,
            "opens_at": "00:00",
            "closes_at": "00:00",
            "description": "Open 24 hours",
        }
        for day in WEEKDAYS
    ]


def cost_options(page, service_id):
    return [
        {"id": derived_id(service_id, "cost_option", key), "service_id": service_id, "option": label}
        for key, label in COST_OPTIONS.items()
        if getattr(page, COSTS[key])
    ]


def schedule(row, service_id):
    opens = "00:00" if row.open_24_hours else row.opens_at.strftime("%H:%M")
    closes = "00:00" if row.open_24_hours else row.closes_at.strftime("%H:%M")
    return {
        "id": str(row.uuid),
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": WEEKDAYS[row.weekday],
        "opens_at": opens,
        "closes_at": closes,
        "description": f"{row.get_weekday_display()}: {row.hours_label()} (America/Detroit)",
    }


def location(row):
    address = {
        "id": derived_id(row.uuid, "address", "physical"),
        "location_id": str(row.uuid),
        "address_1": row.address_1,
        "address_2": row.address_2,
        "city": row.city,
        "state_province": row.state,
        "postal_code": row.postal_code,
        "country": "US",
        "address_type": "physical",
    }
    data = present(
        {
            "id": str(row.uuid),
            "location_type": "physical",
            "name": row.name,
            "latitude": float(row.latitude) if row.latitude is not None else None,
            "longitude": float(row.longitude) if row.longitude is not None else None,
            "addresses": [present(address)],
            "accessibility": [
                {"id": derived_id(row.uuid, "accessibility", 1), "description": row.accessibility}
            ]
            if row.accessibility
            else None,
        }
    )
    return with_kept(data, row.hsds_extra.get("location", {}))


def service_at_location(row, service_id, full=True):
    """A location of one service. Each location here belongs to exactly one service, so the pair
    shares the location's id (unique within each HSDS table) and can be looked up by it."""
    data = {"id": str(row.uuid), "service_id": service_id, "location_id": str(row.uuid)}
    if full:
        data["location"] = location(row)
    return with_kept(data, row.hsds_extra.get("link", {}), full)


def service(page, full=True):
    """A service; `full` adds the related lists (phones, schedules, areas, locations, languages …)."""
    service_id = str(page.uuid)
    org = page.organization
    data = present(
        {
            "id": service_id,
            "organization_id": str(org.uuid) if org else None,
            "name": page.title,
            "alternate_name": page.alternate_name,
            "description": plain_text(page.description) or page.summary,
            "url": page.website,
            "email": page.email,
            "status": page.status,
            "application_process": page.application_process,
            "fees_description": page.fees_description,
            "wait_time": page.wait_time,
            "eligibility_description": page.eligibility,
            "minimum_age": page.minimum_age,
            "maximum_age": page.maximum_age,
            "assured_date": page.last_verified_on.isoformat() if page.last_verified_on else None,
            "last_modified": page.last_published_at.isoformat() if page.last_published_at else None,
            "organization": organization(org) if org else None,
        }
    )
    if full:
        data.update(related(page, service_id))
    return with_kept(data, page.hsds_extra, full)


def related(page, service_id):
    return {
        "phones": [phone(row, service_id) for row in page.phones.all()],
        "schedules": round_the_clock(service_id)
        if page.is_24_7
        else [schedule(row, service_id) for row in page.schedules.all()],
        "service_areas": [
            {
                "id": derived_id(service_id, "service_area", area.name),
                "service_id": service_id,
                "name": area.name,
            }
            for area in page.service_areas.all()
        ],
        "service_at_locations": [
            service_at_location(row, service_id) for row in page.locations.all() if not row.is_confidential
        ],
        "languages": [
            {
                "id": derived_id(service_id, "language", lang.code),
                "service_id": service_id,
                "name": lang.name,
                "code": lang.code,
            }
            for lang in page.languages.all()
        ],  # fmt: skip
        "attributes": [
            {
                "id": derived_id(service_id, "attribute", category.uuid),
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": str(category.uuid),
                "taxonomy_term": taxonomy_term(category),
            }
            for category in page.categories.all()
        ],
        "cost_options": cost_options(page, service_id),
    }

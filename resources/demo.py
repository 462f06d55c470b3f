"""Build the demonstration directory from `demo_data`. Idempotent: existing entries are left alone."""

import datetime
from decimal import Decimal

from django.db import transaction

from resources import demo_data
from resources.factories import ResourcePageFactory, directory_page
from resources.models import (
    COSTS,
    DELIVERY,
    Category,
    Community,
    Language,
    Organization,
    PhoneType,
    Population,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)

DEMO_NOTICE = "<p><b>Demonstration entry:</b> this is sample data, not a real service.</p>"
VERIFIED_ON = datetime.date(2026, 11, 1)
WEEKDAYS, EVERY_DAY = range(5), range(7)
HOURS = {
    "24/7": [],
    "none": [],
    "weekdays": [(day, 9, 17) for day in WEEKDAYS],
    "extended": [*((day, 8, 20) for day in range(4)), (4, 8, 17), (5, 9, 13)],
    "evenings": [(day, 17, 23) for day in EVERY_DAY],
    # Past midnight: Friday and Saturday nights run to 2 a.m. the next day.
    "overnight": [(4, 20, 0), (5, 0, 2), (5, 20, 0), (6, 0, 2)],
    "weekend": [(5, 10, 14)],
}


def load_demo_directory(progress=None):
    """Create the demo organizations and resource pages that do not exist yet; return how many were new."""
    organizations = {
        key: Organization.objects.get_or_create(name=name, defaults={"description": "Demonstration data."})[0]
        for key, name in demo_data.ORGANIZATIONS.items()
    }
    parent = directory_page()
    existing = set(ResourcePage.objects.values_list("title", flat=True))
    services = demo_data.services()
    created = 0
    for number, row in enumerate(services, start=1):
        if row["title"] not in existing:
            with transaction.atomic():
                create_demo_resource(number, row, organizations[row["organization"]], parent)
            created += 1
        if progress:
            progress(number, len(services))
    return created


def create_demo_resource(number, row, organization, parent):
    title, summary, hours = row["title"], row["summary"], row["hours"]
    categories, costs, delivery = row["categories"].split(), row["costs"].split(), row["delivery"].split()
    community = Community.objects.get(slug=row["community"])
    minimum_age, maximum_age = demo_data.AGES.get(title, (None, None))
    return ResourcePageFactory(
        parent=parent,
        publish=True,
        title=title,
        summary=summary,
        description=DEMO_NOTICE + f"<p>{summary}</p>",
        organization=organization,
        is_crisis="crisis" in categories,
        is_24_7=hours == "24/7",
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        fees_description="Nobody is turned away for inability to pay." if "sliding-scale" in costs else "",
        application_process="Call to get started, or walk in during opening hours.",
        last_verified_on=VERIFIED_ON,
        **{field: key in costs for key, field in COSTS.items()},
        **{field: key in delivery for key, field in DELIVERY.items()},
        categories=list(Category.objects.filter(slug__in=categories)),
        languages=list(Language.objects.filter(code__in=row["languages"].split())),
        populations=list(Population.objects.filter(slug__in=row["populations"].split())),
        service_areas=[community],
        locations=[demo_location(number, title, community)],
        phones=demo_phones(number, title),
        schedules=[
            ServiceSchedule(weekday=day, opens_at=datetime.time(start), closes_at=datetime.time(end))
            for day, start, end in HOURS[hours]
        ],
    )


def demo_location(number, title, community):
    """An invented address on a main road of the community, near its centre."""
    roads = demo_data.ROADS[community.slug]
    offset_lat = Decimal((number * 37) % 21 - 10) / 1000
    offset_lon = Decimal((number * 53) % 21 - 10) / 1000
    return ServiceLocation(
        address_1=f"{100 + number * 25} {roads[number % len(roads)]}",
        city=community.name,
        postal_code=community.zip_code_list()[0],
        latitude=community.latitude + offset_lat,
        longitude=community.longitude + offset_lon,
        accessibility="Step-free entrance and accessible parking.",
        is_confidential=title in demo_data.CONFIDENTIAL,
    )


def demo_phones(number, title):
    phones = [ServicePhone(number=f"(248) 555-01{number:02d}", description="Intake")]
    if title in demo_data.TEXT_LINES:
        phones.append(
            ServicePhone(
                number=f"(248) 555-01{number + 50:02d}", type=PhoneType.TEXT, description="Text line"
            )
        )
    return phones

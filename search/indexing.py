"""What a published resource contributes to search, and keeping the database index in step."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils.html import strip_tags

from resources import hours
from resources.models import ResourcePage
from search.cards import card
from search.models import SearchEntry, SearchFacet, SearchIndexState, SearchOpening, SearchPoint
from search.records import RecordReader


def entry_text(record):
    """All public words of a resource, for matching. Confidential addresses are left out."""
    parts = [
        record.title,
        record.alternate_name,
        record.summary,
        strip_tags(record.description),
        record.eligibility,
        record.application_process,
        record.organization,
        *(str(category) for category in record.categories),
        *(population.name for population in record.populations),
        *(community.name for community in record.service_areas),
        *(location.city for location in record.locations),
    ]
    return "\n".join(part for part in parts if part)


def facet_values(record):
    """{facet: [values]} of a resource; categories include their parents."""
    categories = record.categories
    return {
        "category": sorted({c.slug for c in categories} | {c.parent.slug for c in categories if c.parent_id}),
        "community": [community.slug for community in record.service_areas],
        "language": [language.code for language in record.languages],
        "population": [population.slug for population in record.populations],
        "cost": record.costs,
        "delivery": record.delivery,
    }


def public_points(record):
    """Where a resource is, for distance: its public locations, else its service areas' centres."""
    points = {
        (float(location.latitude), float(location.longitude))
        for location in record.locations
        if not location.is_confidential and location.latitude is not None
    }
    if not points:
        points = {
            (float(community.latitude), float(community.longitude))
            for community in record.service_areas
            if community.latitude is not None
        }
    return sorted(points)


def update_vectors(queryset):
    """PostgreSQL only: recompute the weighted tsvector the GIN index serves."""
    if connection.vendor == "postgresql":
        queryset.update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("text", weight="B", config="english")
        )


def sync_pages(page_ids):
    """Bring these pages' entries in line with what is published and public: write them, or remove
    them. Returns the records of the pages that are (the others are not in the index)."""
    page_ids = sorted(set(page_ids))
    with transaction.atomic():
        # The state row's lock, taken first, orders concurrent syncs: each then reads the pages as
        # committed after the one before it, so an older read can never overwrite a newer one.
        SearchIndexState.change(page_ids)
        records = list(RecordReader().read(page_ids))
        SearchEntry.objects.filter(pk__in=page_ids).delete()
        if records:
            write_entries(records)
            update_vectors(SearchEntry.objects.filter(pk__in=[record.pk for record in records]))
    return records


def entry_for(record):
    return SearchEntry(
        page_id=record.pk,
        uuid=record.uuid,
        title=record.title,
        summary=record.summary,
        url=record.url,
        text=entry_text(record),
        is_crisis=record.is_crisis,
        is_24_7=record.is_24_7,
        card=card(record),
    )


def write_entries(records):
    SearchEntry.objects.bulk_create(entry_for(record) for record in records)
    SearchFacet.objects.bulk_create(
        SearchFacet(entry_id=record.pk, facet=facet, value=value)
        for record in records
        for facet, values in facet_values(record).items()
        for value in values
    )
    SearchPoint.objects.bulk_create(
        SearchPoint(entry_id=record.pk, latitude=lat, longitude=lon)
        for record in records
        for lat, lon in public_points(record)
    )
    SearchOpening.objects.bulk_create(
        SearchOpening(entry_id=record.pk, starts=starts, ends=ends)
        for record in records
        for starts, ends in map(hours.week_minutes, record.schedules)
    )


def batches(chunk_size):
    """(records, done, total) for every published, public resource, a chunk at a time."""
    ids = list(ResourcePage.objects.live().public().order_by("pk").values_list("pk", flat=True))
    reader = RecordReader()
    for start in range(0, len(ids), chunk_size):
        yield reader.read(ids[start : start + chunk_size]), min(start + chunk_size, len(ids)), len(ids)


def rebuild(progress=None, chunk_size=500):
    """Rewrite the whole database index from the published pages; returns how many were indexed."""
    done = 0
    with transaction.atomic():
        SearchIndexState.change()
        SearchEntry.objects.all().delete()
        for records, done, total in batches(chunk_size):
            write_entries(records)
            if progress:
                progress(done, total)
        update_vectors(SearchEntry.objects.all())
    return done

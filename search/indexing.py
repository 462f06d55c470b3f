"""What a published resource contributes to search, and keeping the database index in step."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils.html import strip_tags

from resources.models import COSTS, DELIVERY, ResourcePage
from search import spelling
from search.models import SearchEntry, SearchFacet, SearchIndexState, SearchPoint


def indexable_pages():
    return (
        ResourcePage.objects.live()
        .select_related("organization")
        .prefetch_related(
            "categories__parent", "populations", "service_areas", "languages", "locations", "schedules"
        )
    )


def related(page, name):
    """A relation's prefetched rows, read once per page: modelcluster's managers build a new queryset
    on every access, which measured as about half of the indexing time."""
    memo = page.__dict__.setdefault("_search_related", {})
    if name not in memo:
        memo[name] = list(getattr(page, name).all())
    return memo[name]


def entry_text(page):
    """All public words of a page, for matching. Confidential addresses are left out."""
    parts = [
        page.title,
        page.alternate_name,
        page.summary,
        strip_tags(page.description or ""),
        page.eligibility,
        page.application_process,
        page.organization.name if page.organization else "",
        *(str(category) for category in related(page, "categories")),
        *(population.name for population in related(page, "populations")),
        *(community.name for community in related(page, "service_areas")),
        *(location.city for location in related(page, "locations")),
    ]
    return "\n".join(part for part in parts if part)


def facet_values(page):
    """{facet: [values]} of a page; categories include their parents."""
    categories = related(page, "categories")
    return {
        "category": sorted({c.slug for c in categories} | {c.parent.slug for c in categories if c.parent_id}),
        "community": [community.slug for community in related(page, "service_areas")],
        "language": [language.code for language in related(page, "languages")],
        "population": [population.slug for population in related(page, "populations")],
        "cost": [key for key, field in COSTS.items() if getattr(page, field)],
        "delivery": [key for key, field in DELIVERY.items() if getattr(page, field)],
    }


def public_points(page):
    """Where a resource is, for distance: its public locations, else its service areas' centres."""
    points = {
        (float(location.latitude), float(location.longitude))
        for location in related(page, "locations")
        if not location.is_confidential and location.latitude is not None
    }
    if not points:
        points = {
            (float(community.latitude), float(community.longitude))
            for community in related(page, "service_areas")
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


def sync_page(page_id):
    """Bring one page's entry in line with what is published: write it, or remove it."""
    page = indexable_pages().filter(pk=page_id).first()
    with transaction.atomic():
        SearchEntry.objects.filter(pk=page_id).delete()
        if page is not None:
            write_entries([page])
            update_vectors(SearchEntry.objects.filter(pk=page_id))
        SearchIndexState.change()
    spelling.forget_vocabulary()
    return page


def entry_for(page):
    return SearchEntry(
        page=page,
        uuid=page.uuid,
        title=page.title,
        summary=page.summary,
        url=page.url,
        text=entry_text(page),
        is_crisis=page.is_crisis,
        is_24_7=page.is_24_7,
    )


def write_entries(pages):
    entries = SearchEntry.objects.bulk_create(entry_for(page) for page in pages)
    SearchFacet.objects.bulk_create(
        SearchFacet(entry=entry, facet=facet, value=value)
        for entry, page in zip(entries, pages, strict=True)
        for facet, values in facet_values(page).items()
        for value in values
    )
    SearchPoint.objects.bulk_create(
        SearchPoint(entry=entry, latitude=lat, longitude=lon)
        for entry, page in zip(entries, pages, strict=True)
        for lat, lon in public_points(page)
    )


def rebuild(progress=None, chunk_size=500):
    """Rewrite the whole database index from the published pages; returns how many were indexed."""
    ids = list(ResourcePage.objects.live().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for start in range(0, len(ids), chunk_size):
            write_entries(list(indexable_pages().filter(pk__in=ids[start : start + chunk_size])))
            if progress:
                progress(min(start + chunk_size, len(ids)), len(ids))
        update_vectors(SearchEntry.objects.all())
        SearchIndexState.change()
    spelling.forget_vocabulary()
    return len(ids)

"""Filters of a ResourceQuery as conditions on SearchEntry rows (database backend).

Every condition is an indexed `IN (subquery)`, so each set is computed once per query, and the
live-page check is implicit: only published resources have entries.
"""

import math

from django.db.models import F, FloatField, Min, OuterRef, Q, Subquery

from resources import hours
from resources.models import ServiceSchedule
from search import geo
from search.models import SearchFacet, SearchPoint
from search.query import FACETS


def has_values(facet, values):
    return Q(pk__in=SearchFacet.objects.filter(facet=facet, value__in=values).values("entry_id"))


def squared_distance(point):
    """Squared flat-earth distance in miles², good to a fraction of a percent across a county;
    plain arithmetic, so SQLite and PostgreSQL compute it alike and can sort by it."""
    lat, lon = point
    dlat = (F("latitude") - lat) * geo.MILES_PER_DEGREE
    dlon = (F("longitude") - lon) * (geo.MILES_PER_DEGREE * math.cos(math.radians(lat)))
    return dlat * dlat + dlon * dlon


def near_condition(query):
    """Within the radius, or serving the community of the ZIP code that was given."""
    south, north, west, east = geo.bounding_box(query.near, query.radius_miles)
    within = (
        SearchPoint.objects.filter(latitude__range=(south, north), longitude__range=(west, east))
        .annotate(d2=squared_distance(query.near))
        .filter(d2__lte=query.radius_miles**2)
    )
    condition = Q(pk__in=within.values("entry_id"))
    if query.near_community:
        condition |= has_values("community", [query.near_community])
    return condition


def open_now_condition():
    weekday, local_time = hours.local_weekday_and_time(hours.now())
    open_rows = ServiceSchedule.objects.filter(hours.open_schedule_q(weekday, local_time))
    return Q(is_24_7=True) | Q(pk__in=open_rows.values("page_id"))


def apply_filters(entries, query, skip=None):
    """Every filter of the query except the facet named `skip` (for that facet's own counts)."""
    for name, attribute in FACETS.items():
        values = getattr(query, attribute)
        if values and name != skip:
            entries = entries.filter(has_values(name, values))
    if query.open_now:
        entries = entries.filter(open_now_condition())
    if query.near:
        entries = entries.filter(near_condition(query))
    return entries


def with_distance(entries, point):
    nearest = (
        SearchPoint.objects.filter(entry_id=OuterRef("pk"))
        .annotate(d2=squared_distance(point))
        .values("entry_id")
        .annotate(nearest=Min("d2"))
        .values("nearest")
    )
    return entries.annotate(distance2=Subquery(nearest, output_field=FloatField()))

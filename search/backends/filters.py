"""Filters of a ResourceQuery as ORM conditions on live resource pages (database backend)."""

from django.db.models import F, FloatField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from resources import hours
from resources.models import Category, ResourcePage
from search import geo
from search.models import SearchPoint
from search.query import COSTS, DELIVERY


def any_of(flags):
    condition = Q()
    for flag in flags:
        condition |= Q(**{flag: True})
    return condition


def in_categories(slugs):
    """A category slug matches its subcategories too."""
    ids = Category.objects.filter(Q(slug__in=slugs) | Q(parent__slug__in=slugs)).values("pk")
    return Q(
        pk__in=ResourcePage.categories.through.objects.filter(category__in=ids).values("resourcepage_id")
    )


def through_filter(relation, lookup, values):
    through = getattr(ResourcePage, relation).through
    return Q(pk__in=through.objects.filter(**{lookup: values}).values("resourcepage_id"))


FACET_FILTERS = {
    "category": lambda query: query.categories and in_categories(query.categories),
    "community": lambda query: (
        query.communities and through_filter("service_areas", "community__slug__in", query.communities)
    ),
    "language": lambda query: (
        query.languages and through_filter("languages", "language__code__in", query.languages)
    ),
    "population": lambda query: (
        query.populations and through_filter("populations", "population__slug__in", query.populations)
    ),
    "cost": lambda query: query.costs and any_of(COSTS[cost] for cost in query.costs),
    "delivery": lambda query: query.delivery and any_of(DELIVERY[way] for way in query.delivery),
}


def squared_distance(point):
    """Squared flat-earth distance in miles², good to a fraction of a percent across a county;
    plain arithmetic, so SQLite and PostgreSQL compute it alike and can sort by it."""
    import math

    lat, lon = point
    lon_scale = geo.MILES_PER_DEGREE * math.cos(math.radians(lat))
    dlat = (Cast(F("latitude"), FloatField()) - lat) * geo.MILES_PER_DEGREE
    dlon = (Cast(F("longitude"), FloatField()) - lon) * lon_scale
    return dlat * dlat + dlon * dlon


def with_distance(pages, point):
    nearest = (
        SearchPoint.objects.filter(entry_id=OuterRef("pk"))
        .annotate(d2=squared_distance(point))
        .values("entry_id")
        .annotate(nearest=Min("d2"))
        .values("nearest")
    )
    return pages.annotate(distance2=Subquery(nearest, output_field=FloatField()))


def near_condition(query):
    """Within the radius, or serving the community of the ZIP code that was given."""
    south, north, west, east = geo.bounding_box(query.near, query.radius_miles)
    in_box = SearchPoint.objects.filter(latitude__range=(south, north), longitude__range=(west, east))
    condition = Q(pk__in=in_box.values("entry_id")) & Q(distance2__lte=query.radius_miles**2)
    if query.near_community:
        condition |= through_filter("service_areas", "community__slug", query.near_community)
    return condition


def apply_filters(pages, query, skip=None):
    """Every filter of the query except the facet named `skip` (for that facet's own counts)."""
    for name, build in FACET_FILTERS.items():
        condition = name != skip and build(query)
        if condition:
            pages = pages.filter(condition)
    if query.open_now:
        pages = pages.open_at(hours.now())
    if query.near:
        pages = pages.filter(near_condition(query))
    return pages

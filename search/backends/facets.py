"""Facet counts for the database backend: one grouped query per facet, over the matching pages
with every other facet's filter applied (so a resident can widen a choice, e.g. add a language)."""

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from resources.models import ResourcePage
from search.backends.filters import apply_filters
from search.labels import facet_values
from search.query import COSTS, DELIVERY


def grouped(relation, key, pages):
    through = getattr(ResourcePage, relation).through
    rows = (
        through.objects.filter(resourcepage_id__in=pages.values("pk"))
        .values(key)
        .annotate(count=Count("resourcepage_id", distinct=True))
    )
    return {row[key]: row["count"] for row in rows}


def top_category_counts(pages):
    through = ResourcePage.categories.through
    rows = (
        through.objects.filter(resourcepage_id__in=pages.values("pk"))
        .annotate(top=Coalesce("category__parent__slug", "category__slug"))
        .values("top")
        .annotate(count=Count("resourcepage_id", distinct=True))
    )
    return {row["top"]: row["count"] for row in rows}


def flag_counts(flags, pages):
    return pages.aggregate(**{key: Count("pk", filter=Q(**{field: True})) for key, field in flags.items()})


def facet_counts(base, query):
    """{facet: [FacetValue…]} for the query's matches; values with no match are left out."""

    def scoped(name):
        return apply_filters(base, query, skip=name)

    return facet_values(
        {
            "category": top_category_counts(scoped("category")),
            "community": grouped("service_areas", "community__slug", scoped("community")),
            "language": grouped("languages", "language__code", scoped("language")),
            "population": grouped("populations", "population__slug", scoped("population")),
            "cost": flag_counts(COSTS, scoped("cost")),
            "delivery": flag_counts(DELIVERY, scoped("delivery")),
        }
    )

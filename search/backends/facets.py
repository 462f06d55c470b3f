"""Facet counts for the database backend: one grouped query per facet, over the matching pages
with every other facet's filter applied (so a resident can widen a choice, e.g. add a language)."""

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from resources.models import Category, Community, Language, Population, ResourcePage
from search.backends.filters import apply_filters
from search.query import COST_LABELS, COSTS, DELIVERY, DELIVERY_LABELS
from search.results import FacetValue


def grouped(relation, key, pages):
    through = getattr(ResourcePage, relation).through
    rows = (
        through.objects.filter(resourcepage_id__in=pages.values("pk"))
        .values(key)
        .annotate(count=Count("resourcepage_id", distinct=True))
    )
    return {row[key]: row["count"] for row in rows}


def category_counts(pages):
    through = ResourcePage.categories.through
    rows = (
        through.objects.filter(resourcepage_id__in=pages.values("pk"))
        .annotate(top=Coalesce("category__parent__slug", "category__slug"))
        .values("top")
        .annotate(count=Count("resourcepage_id", distinct=True))
    )
    counts = {row["top"]: row["count"] for row in rows}
    return [(c.slug, c.name, counts.get(c.slug, 0)) for c in Category.objects.top_level()]


def flag_counts(flags, labels, pages):
    totals = pages.aggregate(**{key: Count("pk", filter=Q(**{field: True})) for key, field in flags.items()})
    return [(key, labels[key], totals[key]) for key in flags]


def facet_counts(base, query):
    """{facet: [FacetValue…]} for the query's matches; values with no match are left out."""

    def scoped(name):
        return apply_filters(base, query, skip=name)

    communities = grouped("service_areas", "community__slug", scoped("community"))
    languages = grouped("languages", "language__code", scoped("language"))
    populations = grouped("populations", "population__slug", scoped("population"))
    raw = {
        "category": category_counts(scoped("category")),
        "community": [(c.slug, c.name, communities.get(c.slug, 0)) for c in Community.objects.all()],
        "language": [(lang.code, lang.name, languages.get(lang.code, 0)) for lang in Language.objects.all()],
        "population": [(p.slug, p.name, populations.get(p.slug, 0)) for p in Population.objects.all()],
        "cost": flag_counts(COSTS, COST_LABELS, scoped("cost")),
        "delivery": flag_counts(DELIVERY, DELIVERY_LABELS, scoped("delivery")),
    }
    return {
        name: [FacetValue(value, label, count) for value, label, count in values if count]
        for name, values in raw.items()
    }

"""The database backend: the embedded default and the fallback for Elasticsearch."""

import math

from resources.models import ResourcePage
from search import spelling, synonyms
from search.backends import fulltext
from search.backends.facets import facet_counts
from search.backends.filters import apply_filters, with_distance
from search.highlight import highlight
from search.models import SearchEntry
from search.query import Sort
from search.results import Hit, SearchResults


class DatabaseBackend:
    name = "database"

    def search(self, query):
        pages = ResourcePage.objects.live()
        if query.terms:
            pages = pages.filter(fulltext.matches(query.terms))
        if query.near:
            pages = with_distance(pages, query.near)
        matches = apply_filters(pages, query)
        total = matches.count()
        hits = self.hits(matches, query) if query.offset < total else []
        return SearchResults(hits=hits, total=total, facets=facet_counts(pages, query), backend=self.name)

    def suggest(self, text, limit):
        prefix = text.lower()
        titles = SearchEntry.objects.filter(title__istartswith=prefix).order_by("title")
        found = list(titles.values_list("title", flat=True)[:limit])
        last = synonyms.words(prefix)[-1:] or [prefix]
        words = sorted(word for word in spelling.vocabulary() if word.startswith(last[0]) and word != last[0])
        return (found + words)[:limit]

    def hits(self, matches, query):
        if query.terms:
            matches = fulltext.ranked(matches, query.terms)
        ordered = matches.order_by(*self.ordering(query))
        return [
            self.hit(resource, query) for resource in ordered[query.offset : query.offset + query.per_page]
        ]

    def ordering(self, query):
        by_distance = query.near and (query.sort == Sort.DISTANCE or not query.terms)
        order = ["distance2"] if by_distance else []
        if query.crisis_first:
            order.append("-is_crisis")
        if query.terms:
            order.append("-rank")
        return [*order, "distance2" if query.near else "title", "pk"]

    def hit(self, resource, query):
        distance = None
        if query.near and resource.distance2 is not None:
            distance = round(math.sqrt(resource.distance2), 1)
        return Hit(
            id=str(resource.uuid),
            title=resource.title,
            url=resource.url,
            summary=resource.summary,
            highlight=highlight(resource.summary, query.terms),
            distance_miles=distance,
            page_id=resource.pk,
        )

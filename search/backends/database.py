"""The database backend: the embedded default and the fallback for Elasticsearch.

It answers from the search tables alone (SearchEntry, SearchFacet, SearchPoint and the full-text
index), which `search.indexing` keeps in step with published pages.
"""

import math

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
        base = SearchEntry.objects.all()
        if query.terms:
            base = base.filter(fulltext.matches(query.terms))
        matches = apply_filters(base, query)
        total = matches.count()
        hits = self.hits(matches, query) if query.offset < total else []
        return SearchResults(hits=hits, total=total, facets=facet_counts(base, query), backend=self.name)

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
        if query.near:
            matches = with_distance(matches, query.near)
        ordered = matches.order_by(*self.ordering(query))
        window = ordered[query.offset : query.offset + query.per_page]
        return [self.hit(entry, query) for entry in window.defer("text", "search_vector")]

    def ordering(self, query):
        by_distance = query.near and (query.sort == Sort.DISTANCE or not query.terms)
        order = ["distance2"] if by_distance else []
        if query.crisis_first:
            order.append("-is_crisis")
        if query.terms:
            order.append("-rank")
        return [*order, "distance2" if query.near else "title", "pk"]

    def hit(self, entry, query):
        distance = None
        if query.near and entry.distance2 is not None:
            distance = round(math.sqrt(entry.distance2), 1)
        return Hit(
            id=str(entry.uuid),
            title=entry.title,
            url=entry.url,
            summary=entry.summary,
            highlight=highlight(entry.summary, query.terms),
            distance_miles=distance,
            page_id=entry.pk,
        )

"""The database backend: the embedded default and the fallback for Elasticsearch.

Text is matched by the database's full-text engine (`fulltext`); filters, facet counts, distance
and ordering run over the worker's in-memory copy of the search tables (`snapshot`), which
`search.indexing` keeps in step with published pages.
"""

import math

import numpy as np

from search import spelling, synonyms
from search.backends import fulltext, snapshot
from search.highlight import highlight
from search.labels import facet_values
from search.models import SearchEntry
from search.query import FACETS, Sort
from search.results import Hit, SearchResults


class DatabaseBackend:
    name = "database"

    def search(self, query):
        index = snapshot.current()
        base, rank = self.text_matches(index, query)
        filters = self.filter_masks(index, query)
        matches = combine(base, filters.values())
        total = int(np.count_nonzero(matches))
        hits = self.hits(index, matches, rank, query) if query.offset < total else []
        facets = self.facet_counts(index, base, filters, query)
        return SearchResults(hits=hits, total=total, facets=facets, backend=self.name)

    def suggest(self, text, limit):
        prefix = text.lower()
        titles = SearchEntry.objects.filter(title__istartswith=prefix).order_by("title")
        found = list(titles.values_list("title", flat=True)[:limit])
        last = synonyms.words(prefix)[-1:] or [prefix]
        words = sorted(word for word in spelling.vocabulary() if word.startswith(last[0]) and word != last[0])
        return (found + words)[:limit]

    def text_matches(self, index, query):
        """(mask of entries matching the text, rank per entry); everything matches without text."""
        if not query.terms:
            return np.ones(index.size, dtype=bool), None
        ids, ranks = fulltext.matching(query.terms)
        positions, kept = index.locate(ids)
        rank = np.zeros(index.size)
        rank[positions] = ranks[kept]
        mask = np.zeros(index.size, dtype=bool)
        mask[positions] = True
        return mask, rank

    def filter_masks(self, index, query):
        """{filter name: mask} for every filter the query sets; facets are named as in FACETS."""
        masks = {
            name: index.has_any(name, getattr(query, attribute))
            for name, attribute in FACETS.items()
            if getattr(query, attribute)
        }
        if query.open_now:
            masks["open now"] = index.open_now()
        if query.near:
            within = index.squared_distances(query.near) <= query.radius_miles**2
            near = index.mask(index.ids[index.point_positions[within]])
            if query.near_community:
                near |= index.has_any("community", [query.near_community])
            masks["near"] = near
        return masks

    def facet_counts(self, index, base, filters, query):
        """Counts leave out the facet's own filter, so a resident can widen a choice (add a
        language): facets nobody filtered on share one scope, each filtered facet has its own."""
        unfiltered = [name for name in FACETS if name not in filters]
        scopes = [(None, unfiltered)] + [(name, [name]) for name in FACETS if name in filters]
        counts = {name: {} for name in FACETS}
        for skip, names in scopes:
            scope = combine(base, [mask for name, mask in filters.items() if name != skip])
            for facet, value in index.facets:
                if facet in names:
                    counts[facet][value] = int(np.count_nonzero(scope & index.facets[facet, value]))
        return facet_values(counts)

    def hits(self, index, matches, rank, query):
        positions = np.flatnonzero(matches)
        nearest = index.nearest(query.near) if query.near else None
        keys = self.ordering(index, positions, rank, nearest, query)
        window = positions[np.lexsort(keys[::-1])][query.offset : query.offset + query.per_page]
        entries = SearchEntry.objects.defer("text", "search_vector").in_bulk(index.ids[window].tolist())
        return [
            self.hit(entries[index.ids[position]], query, None if nearest is None else nearest[position])
            for position in window
        ]

    def ordering(self, index, positions, rank, nearest, query):
        """Sort keys, most significant first: nearest first when asked (or when there is no text),
        crisis services first for crisis words, best text match, then nearest or by title."""
        distance2 = nearest[positions] if query.near else None
        by_distance = query.near and (query.sort == Sort.DISTANCE or not query.terms)
        keys = [distance2] if by_distance else []
        if query.crisis_first:
            keys.append(~index.is_crisis[positions])
        if query.terms:
            keys.append(-rank[positions])
        keys.append(distance2 if query.near else index.title_order[positions])
        return [*keys, positions]

    def hit(self, entry, query, distance2):
        distance = None
        if distance2 is not None and math.isfinite(distance2):
            distance = round(math.sqrt(distance2), 1)
        return Hit(
            id=str(entry.uuid),
            title=entry.title,
            url=entry.url,
            summary=entry.summary,
            highlight=highlight(entry.summary, query.terms),
            distance_miles=distance,
            page_id=entry.pk,
        )


def combine(mask, others):
    """The intersection of a mask with others (a new array; the inputs are left as they are)."""
    result = mask.copy()
    for other in others:
        result &= other
    return result

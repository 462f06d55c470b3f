"""The database backend: the embedded default and the fallback for Elasticsearch.

Text is matched by the database's full-text engine (`fulltext`); filters, facet counts, distance
and ordering run over the worker's in-memory copy of the search tables (`snapshot`), which
`search.indexing` keeps in step with published pages. One consistent read covers the index state,
the text matches and the hits, so an answer always reflects one committed state of the index.
"""

import math

import numpy as np

from search import vocabulary
from search.backends import fulltext, snapshot
from search.facets import FACETS
from search.highlight import highlight
from search.labels import facet_values
from search.models import SearchEntry
from search.query import Sort
from search.results import Hit, SearchResults, this_minute

OPEN_NOW = "open_now"


class DatabaseBackend:
    name = "database"

    def search(self, query):
        minute = this_minute()
        with snapshot.consistent_read():
            index = snapshot.current()
            base, rank, coverage = self.text_matches(index, query, minute)
            filters = self.filter_masks(index, query, minute)
            matches = combine(base, filters.values())
            total = int(np.count_nonzero(matches))
            hits = self.hits(index, matches, (rank, coverage), query, minute) if query.offset < total else []
        facets = self.facet_counts(index, base, filters)
        return SearchResults(
            hits=hits, total=total, facets=facets, backend=self.name, crisis=query.possible_crisis
        )

    def suggest(self, text, limit):
        prefix = text.lower()
        titles = SearchEntry.objects.filter(title__istartswith=prefix).order_by("title")
        found = list(titles.values_list("title", flat=True)[:limit])
        last = prefix.split()[-1:] or [prefix]
        return (found + vocabulary.current().completions(last[0], limit))[:limit]

    def text_matches(self, index, query, minute):
        """(mask of entries answering the question, text rank, weight of the terms covered), or
        everything without text. A term is covered by its words in the text or by one of its cues;
        in a crisis, every crisis service answers too."""
        if not query.terms:
            return np.ones(index.size, dtype=bool), None, None
        ids, ranks, bits = fulltext.matching(query.terms)
        positions, kept = index.locate(ids)
        covered = np.zeros(index.size, dtype=np.int64)
        covered[positions] = bits[kept]
        for number, term in enumerate(query.terms):
            for cue in term.cues:
                covered[cue_mask(index, cue, minute)] |= 1 << number
        rank = np.zeros(index.size)
        rank[positions] = ranks[kept]
        mask = covered != 0
        if query.crisis:
            mask |= index.is_crisis
        coverage = np.zeros(index.size)
        for number, term in enumerate(query.terms):
            coverage += term.weight * ((covered >> number) & 1)
        return mask, rank, coverage

    def filter_masks(self, index, query, minute):
        """{filter name: mask} for every filter the query sets; facets are named as in FACETS."""
        masks = {
            facet.name: index.has_any(facet.name, facet.values(query))
            for facet in FACETS
            if facet.values(query)
        }
        if query.open_now:
            masks[OPEN_NOW] = index.open_at(minute)
        if query.near:
            within = index.squared_distances(query.near) <= query.radius_miles**2
            near = index.mask(index.ids[index.point_positions[within]])
            if query.near_community:
                near |= index.has_any("community", [query.near_community])
            masks["near"] = near
        return masks

    def facet_counts(self, index, base, filters):
        """Counts leave out the facet's own filter, so a resident can widen a choice (add a
        language): facets nobody filtered on share one scope, each filtered facet has its own."""
        names = [facet.name for facet in FACETS]
        scopes = [(None, [n for n in names if n not in filters])] + [(n, [n]) for n in names if n in filters]
        counts = {name: {} for name in names}
        for skip, counted in scopes:
            scope = combine(base, [mask for name, mask in filters.items() if name != skip])
            for facet, value in index.facets:
                if facet in counted:
                    counts[facet][value] = int(np.count_nonzero(scope & index.facets[facet, value]))
        return facet_values(counts)

    def hits(self, index, matches, scores, query, minute):
        positions = np.flatnonzero(matches)
        nearest = index.nearest(query.near) if query.near else None
        keys = self.ordering(index, positions, scores, nearest, query)
        window = positions[np.lexsort(keys[::-1])][query.offset : query.offset + query.per_page]
        entries = SearchEntry.objects.defer("text", "search_vector").in_bulk(index.ids[window].tolist())
        return [
            self.hit(
                entries[index.ids[position]], query, minute, None if nearest is None else nearest[position]
            )
            for position in window
        ]

    def ordering(self, index, positions, scores, nearest, query):
        """Sort keys, most significant first: nearest first when asked (or when there is no text),
        crisis services first in a crisis (24/7 ones first), most of the question covered, best text
        match, then nearest or by title."""
        rank, coverage = scores
        distance2 = nearest[positions] if query.near else None
        by_distance = query.near and (query.sort == Sort.DISTANCE or not query.terms)
        keys = [distance2] if by_distance else []
        if query.crisis:  # crisis services first, those answering at any hour before the others
            keys += [~index.is_crisis[positions], ~index.is_24_7[positions]]
        if query.terms:
            keys += [-coverage[positions], -rank[positions]]
        keys.append(distance2 if query.near else index.title_order[positions])
        return [*keys, positions]

    def hit(self, entry, query, minute, distance2):
        distance = None
        if distance2 is not None and math.isfinite(distance2):
            distance = round(math.sqrt(distance2), 1)
        return Hit.from_card(
            entry.card,
            minute,
            id=str(entry.uuid),
            title=entry.title,
            url=entry.url,
            summary=entry.summary,
            highlight=highlight(entry.summary, query.terms),
            distance_miles=distance,
            page_id=entry.pk,
        )


def cue_mask(index, cue, minute):
    facet, value = cue
    return index.open_at(minute) if facet == OPEN_NOW else index.has_any(facet, [value])


def combine(mask, others):
    """The intersection of a mask with others (a new array; the inputs are left as they are)."""
    result = mask.copy()
    for other in others:
        result &= other
    return result

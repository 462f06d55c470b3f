"""The Elasticsearch backend: the same contract, answered by one request with aggregations."""

from elasticsearch.dsl import A, Q, Search

from search import elastic, geo
from search.documents import alias_name
from search.facets import BY_NAME, FACETS
from search.highlight import highlight
from search.labels import facet_values
from search.query import Sort
from search.question.words import stemmed_text
from search.results import Hit, SearchResults, this_minute

STEM_FIELDS = ["title_stems^10", "text_stems"]  # as FTS5 weighs its columns (bm25 10:1)
# Each term of the question a resource covers adds this much (times the term's weight) to its score,
# more than the text score (BM25) ever reaches: resources are ranked by coverage first, then by
# BM25, as in the database backend.
COVERAGE_WEIGHT = 1000
FACET_SIZE = 100
SHARED = "facets"
OPEN_NOW = "open_now"


def term_words(term):
    """Any of the term's words or phrases, stemmed as the index is."""
    return [
        Q("multi_match", query=stemmed_text(alt), fields=STEM_FIELDS, type="phrase")
        for alt in term.alternatives
    ]


def term_clause(term, minute):
    """A resource covers a term by its words or by one of its cues."""
    cues = [
        open_at(minute) if facet == OPEN_NOW else Q("term", **{BY_NAME[facet].document_field: value})
        for facet, value in term.cues
    ]
    return Q("bool", should=[*term_words(term), *cues], minimum_should_match=1)


def text_query(query, minute):
    """Any term will do; each covered term counts COVERAGE_WEIGHT, then BM25 over the words. In a
    crisis every crisis service answers too."""
    if not query.terms:
        return Q("match_all")
    covered = [
        Q("constant_score", filter=term_clause(term, minute), boost=COVERAGE_WEIGHT * term.weight)
        for term in query.terms
    ]
    scored = [clause for term in query.terms for clause in term_words(term)]
    crisis = [Q("constant_score", filter=Q("term", is_crisis=True), boost=0)] if query.crisis else []
    return Q("bool", should=[*covered, *scored, *crisis], minimum_should_match=1)


def open_at(minute):
    return Q("term", is_24_7=True) | Q("term", open_minutes=minute)


def facet_filter(facet, query):
    values = facet.values(query)
    return Q("terms", **{facet.document_field: list(values)}) if values else None


def other_filters(query, minute):
    filters = [open_at(minute)] if query.open_now else []
    if query.near:
        lat, lon = query.near
        near = Q("geo_distance", distance=f"{query.radius_miles}mi", points={"lat": lat, "lon": lon})
        if query.near_community:
            near |= Q("term", communities=query.near_community)
        filters.append(near)
    return filters


def facet_filters(query, skip=None):
    found = [facet_filter(facet, query) for facet in FACETS if facet.name != skip]
    return [f for f in found if f is not None]


def filtered_facets(query):
    return [facet for facet in FACETS if facet.values(query)]


def add_counts(search, name, scope, counts):
    """A counting aggregation, wrapped in a filter only when the scope has one: an empty filter
    wrapper measured a third slower at 100,000 resources."""
    if scope:
        search.aggs.bucket(name, "filter", filter=Q("bool", filter=scope)).bucket("values", counts)
    else:
        search.aggs.bucket(name, counts)


def buckets(aggregation):
    """A counting aggregation's buckets, whether a filter wrapped it or not."""
    if "values" in aggregation:
        aggregation = aggregation["values"]
    return aggregation.buckets


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query):
        minute = this_minute()
        response = self.request(query, minute).execute()
        return SearchResults(
            hits=[self.hit(result, query, minute) for result in response.hits],
            total=response.hits.total.value,
            facets=self.facets(response, query),
            backend=self.name,
            crisis=query.possible_crisis,
        )

    def request(self, query, minute=None):
        # Open now and distance narrow every count, so they filter the query itself; facet filters
        # go to post_filter, since each facet's counts leave out that facet's own filter.
        minute = this_minute() if minute is None else minute
        matched = Q("bool", must=[text_query(query, minute)], filter=other_filters(query, minute))
        search = Search(using=elastic.client(), index=alias_name()).query(matched)
        search = search.post_filter(Q("bool", filter=facet_filters(query))).extra(track_total_hits=True)
        # Facets nobody filtered on share one scope (every facet filter) and one aggregation over
        # `facet_keys`; a filtered facet counts in a scope without its own filter.
        shared = A("terms", field="facet_keys", size=FACET_SIZE * len(FACETS))
        add_counts(search, SHARED, facet_filters(query), shared)
        for facet in filtered_facets(query):
            counts = A("terms", field=facet.counted_field, size=FACET_SIZE)
            add_counts(search, facet.name, facet_filters(query, skip=facet.name), counts)
        search = search.sort(*self.sort(query))
        search = search.source(["uuid", "title", "summary", "url", "points", "card"])
        return search[query.offset : query.offset + query.per_page]

    def sort(self, query):
        """The same order as the database backend: nearest when asked, crisis services in a crisis,
        coverage and relevance (the score), then a tiebreak."""
        distance = None
        if query.near:
            point = {"lat": query.near[0], "lon": query.near[1]}
            distance = {
                "_geo_distance": {
                    "points": point,
                    "order": "asc",
                    "unit": "mi",
                    "mode": "min",
                    "distance_type": "plane",
                }
            }
        order = [distance] if distance and (query.sort == Sort.DISTANCE or not query.terms) else []
        if query.crisis:  # crisis services first, those answering at any hour before the others
            order += [{"is_crisis": {"order": "desc"}}, {"is_24_7": {"order": "desc"}}]
        if query.terms:
            order.append("_score")
        return [*order, distance or {"title.raw": {"order": "asc"}}, {"_doc": {"order": "asc"}}]

    def hit(self, result, query, minute):
        distance = None
        if query.near and result.points:
            nearest = min(geo.haversine_miles(query.near, (p["lat"], p["lon"])) for p in result.points)
            distance = round(nearest, 1)
        return Hit.from_card(
            result.card.to_dict() if result.card else {},
            minute,
            id=result.uuid,
            title=result.title,
            url=result.url,
            summary=result.summary,
            highlight=highlight(result.summary, query.terms),
            distance_miles=distance,
            page_id=int(result.meta.id),
        )

    def facets(self, response, query):
        filtered = [facet.name for facet in filtered_facets(query)]
        counts = {facet.name: {} for facet in FACETS}
        for bucket in buckets(response.aggregations[SHARED]):
            name, value = bucket.key.split(":", 1)
            if name not in filtered:
                counts[name][value] = bucket.doc_count
        for name in filtered:
            counts[name] = {bucket.key: bucket.doc_count for bucket in buckets(response.aggregations[name])}
        return facet_values(counts)

    def suggest(self, text, limit):
        search = Search(using=elastic.client(), index=alias_name()).source(False)
        search = search.suggest(
            "titles", text, completion={"field": "suggest", "size": limit, "skip_duplicates": True}
        )
        options = search.execute().suggest.titles[0].options
        return [option.text for option in options]

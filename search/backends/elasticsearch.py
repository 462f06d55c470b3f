"""The Elasticsearch backend: the same contract, answered by one request with aggregations."""

from django.utils.html import escape
from elasticsearch.dsl import A, Q, Search

from resources import hours
from search import elastic, geo
from search.documents import MINUTES_PER_DAY, alias_name
from search.labels import facet_values
from search.query import FACETS, Sort
from search.results import Hit, SearchResults

TEXT_FIELDS = ["title^3", "summary^2", "text"]
# facet: (document field for filtering, field for counting); categories count at the top level
KEYWORD_FACETS = {
    "category": ("categories", "category_tops"),
    "community": ("communities", "communities"),
    "language": ("languages", "languages"),
    "population": ("populations", "populations"),
    "cost": ("costs", "costs"),
    "delivery": ("delivery", "delivery"),
}
FACET_SIZE = 100
SHARED = "facets"


def text_query(terms):
    """Every term group must match; any alternative (word or phrase) within a group will do."""
    if not terms:
        return Q("match_all")
    groups = [
        Q("bool", should=[Q("multi_match", query=alt, fields=TEXT_FIELDS, type="phrase") for alt in group])
        for group in terms
    ]
    return Q("bool", must=groups)


def facet_filter(name, query):
    field, _count_field = KEYWORD_FACETS[name]
    values = getattr(query, FACETS[name])
    return Q("terms", **{field: list(values)}) if values else None


def other_filters(query):
    filters = []
    if query.open_now:
        weekday, local_time = hours.local_weekday_and_time(hours.now())
        minute = weekday * MINUTES_PER_DAY + local_time.hour * 60 + local_time.minute
        filters.append(Q("term", is_24_7=True) | Q("term", open_minutes=minute))
    if query.near:
        lat, lon = query.near
        near = Q("geo_distance", distance=f"{query.radius_miles}mi", points={"lat": lat, "lon": lon})
        if query.near_community:
            near |= Q("term", communities=query.near_community)
        filters.append(near)
    return filters


def facet_filters(query, skip=None):
    found = [facet_filter(name, query) for name in KEYWORD_FACETS if name != skip]
    return [f for f in found if f is not None]


def filtered_facets(query):
    return [name for name, attribute in FACETS.items() if getattr(query, attribute)]


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
        response = self.request(query).execute()
        return SearchResults(
            hits=[self.hit(result, query) for result in response.hits],
            total=response.hits.total.value,
            facets=self.facets(response, query),
            backend=self.name,
        )

    def request(self, query):
        # Open now and distance narrow every count, so they filter the query itself; facet filters
        # go to post_filter, since each facet's counts leave out that facet's own filter.
        matched = Q("bool", must=[text_query(query.terms)], filter=other_filters(query))
        search = Search(using=elastic.client(), index=alias_name()).query(matched)
        search = search.post_filter(Q("bool", filter=facet_filters(query))).extra(track_total_hits=True)
        # Facets nobody filtered on share one scope (every facet filter) and one aggregation over
        # `facet_keys`; a filtered facet counts in a scope without its own filter.
        shared = A("terms", field="facet_keys", size=FACET_SIZE * len(KEYWORD_FACETS))
        add_counts(search, SHARED, facet_filters(query), shared)
        for name in filtered_facets(query):
            counts = A("terms", field=KEYWORD_FACETS[name][1], size=FACET_SIZE)
            add_counts(search, name, facet_filters(query, skip=name), counts)
        search = search.sort(*self.sort(query))
        if query.terms:
            search = self.highlight(search, query.terms)
        search = search.source(["uuid", "title", "summary", "url", "points"])
        return search[query.offset : query.offset + query.per_page]

    def highlight(self, search, terms):
        """Marks the query's words in the summary. The highlighter gets a query on the summary alone:
        with the whole search query it took three quarters of the request's time."""
        words = Q("bool", should=[Q("match_phrase", summary=alt) for group in terms for alt in group])
        search = search.highlight("summary", number_of_fragments=0, highlight_query=words.to_dict())
        return search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")

    def sort(self, query):
        """The same order as the database backend: nearest, crisis services, relevance, then a tiebreak."""
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
        if query.crisis_first:
            order.append({"is_crisis": {"order": "desc"}})
        if query.terms:
            order.append("_score")
        return [*order, distance or {"title.raw": {"order": "asc"}}]

    def hit(self, result, query):
        highlight = getattr(result.meta, "highlight", None)
        distance = None
        if query.near and result.points:
            nearest = min(geo.haversine_miles(query.near, (p["lat"], p["lon"])) for p in result.points)
            distance = round(nearest, 1)
        return Hit(
            id=result.uuid,
            title=result.title,
            url=result.url,
            summary=result.summary,
            highlight=highlight.summary[0]
            if highlight and "summary" in highlight
            else escape(result.summary),
            distance_miles=distance,
            page_id=int(result.meta.id),
        )

    def facets(self, response, query):
        filtered = filtered_facets(query)
        counts = {name: {} for name in KEYWORD_FACETS}
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

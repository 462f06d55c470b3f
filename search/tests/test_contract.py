"""The search contract, case by case. Every backend must give the same resources (ranking may differ)."""

import datetime

import pytest
from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.forms import SearchForm
from search.tests.conftest import SHELTER_ADDRESS


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, directory_data):
    if request.param == "elasticsearch":
        request.getfixturevalue("es_directory")
        return ElasticsearchBackend()
    return DatabaseBackend()


def run(backend, **params):
    query = SearchForm(params).to_query()
    return backend.search(query)


def titles(results):
    return {hit.title for hit in results.hits}


def facet(results, name):
    return {value.value: value.count for value in results.facets.get(name, [])}


def test_empty_query_lists_everything(backend):
    results = run(backend)
    assert results.total == 6 and len(results.hits) == 6
    assert results.backend == backend.name


def ordered(results):
    return [hit.title for hit in results.hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("counseling", {"Family Counseling Center", "Statewide Counseling Line"}),
        ("groceries", {"Food Pantry"}),
        ("suicide", {"Crisis Line"}),
        ("nothing-like-this-exists", set()),
    ],
)
def test_text(backend, text, expected):
    assert titles(run(backend, q=text)) == expected


def test_resources_covering_all_of_the_question_come_first(backend):
    results = run(backend, q="Counseling CHILDREN")
    assert ordered(results) == ["Family Counseling Center", "Statewide Counseling Line"]


def test_one_word_the_directory_does_not_use_never_empties_the_page(backend):
    results = run(backend, q="where can my family get groceries this zorblax week")
    assert ordered(results)[0] == "Food Pantry"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("my husband is hearing things", "Crisis Line"),
        ("I have no place to stay tonight", "Safe Shelter"),
        ("where can my dad get help for drinking", "Recovery Clinic"),
        ("a shrink for my kids", "Family Counseling Center"),
        ("I feel hopeless and alone", "Crisis Line"),
    ],
)
def test_plain_sentences_find_their_answer_first(backend, text, first):
    assert ordered(run(backend, q=text))[0] == first


def test_a_language_named_in_passing_counts_for_resources_offering_it(backend):
    # Both counseling services match the word; only the family centre offers Arabic.
    results = run(backend, q="counselor who speaks arabic")
    assert ordered(results)[0] == "Family Counseling Center"


def test_a_crisis_question_puts_crisis_services_first_and_says_so(backend):
    results = run(backend, q="i want to kill myself")
    assert results.crisis and ordered(results)[0] == "Crisis Line"
    calm = run(backend, q="counseling for children")
    assert not calm.crisis and ordered(calm)[0] == "Family Counseling Center"


def test_hits_carry_what_a_person_needs_to_act(backend, directory_data, monkeypatch):
    tuesday_noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: tuesday_noon)
    hits = {hit.title: hit for hit in run(backend).hits}
    crisis, counseling = hits["Crisis Line"], hits["Family Counseling Center"]
    phone = directory_data["crisis"].phones.get()
    assert crisis.phone == phone.display_number() and crisis.phone_href == phone.href()
    assert (crisis.open_now, crisis.is_24_7, crisis.costs, crisis.languages) == (
        True,
        True,
        ("free",),
        ("en", "es"),
    )
    assert (counseling.locality, counseling.open_now, counseling.costs) == (
        "Birmingham",
        True,
        ("sliding-scale",),
    )
    assert hits["Food Pantry"].open_now is None  # no hours known
    # The shelter's town is not given away: the area it serves stands in for its hidden address.
    assert hits["Safe Shelter"].locality == "Waterford Township"
    sunday = timezone.make_aware(datetime.datetime(2026, 11, 29, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: sunday)
    assert {hit.title: hit.open_now for hit in run(backend).hits}["Family Counseling Center"] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rehab", {"Recovery Clinic"}),
        ("shrink", {"Family Counseling Center", "Statewide Counseling Line"}),
        ("homeless", {"Safe Shelter"}),
        ("hungry", {"Food Pantry"}),
    ],
)
def test_synonyms(backend, text, expected):
    assert titles(run(backend, q=text)) == expected


@pytest.mark.parametrize(
    ("text", "expected", "suggestion"),
    [
        ("councelling", {"Family Counseling Center", "Statewide Counseling Line"}, "counselling"),
        ("sucidal", {"Crisis Line"}, "suicidal"),
        ("grocerys", {"Food Pantry"}, "groceries"),
    ],
)
def test_typos_are_corrected_and_suggested(backend, text, expected, suggestion):
    query = SearchForm({"q": text}).to_query()
    assert query.suggestion == suggestion
    assert titles(backend.search(query)) == expected


def test_crisis_words_put_crisis_services_first(backend):
    results = run(backend, q="emergency")
    assert [hit.title for hit in results.hits] == ["Crisis Line", "Safe Shelter"]


def test_filters_combine_and_values_within_a_facet_are_alternatives(backend):
    assert titles(run(backend, language=["ar", "es"])) == {
        "Crisis Line",
        "Family Counseling Center",
        "Food Pantry",
    }
    assert titles(run(backend, language=["ar", "es"], cost=["free"])) == {"Crisis Line", "Food Pantry"}
    assert titles(run(backend, category=["counseling"])) == {
        "Family Counseling Center",
        "Statewide Counseling Line",
    }
    assert titles(run(backend, community=["troy"])) == {"Recovery Clinic"}
    assert titles(run(backend, population=["families"])) == {"Family Counseling Center"}
    assert titles(run(backend, delivery=["video"])) == {"Recovery Clinic", "Statewide Counseling Line"}


def test_facet_counts_leave_out_their_own_filter(backend):
    results = run(backend, language=["ar"])
    assert facet(results, "language") == {"en": 5, "es": 2, "ar": 1}
    assert facet(results, "cost") == {"sliding-scale": 1}
    assert facet(results, "category")["counseling"] == 1
    everything = run(backend)
    assert facet(everything, "category") == {
        "crisis": 1,
        "counseling": 2,
        "food": 1,
        "housing": 1,
        "substance-use": 1,
    }
    assert facet(everything, "community")["auburn-hills"] == 2


def test_distance_filter_and_sort(backend):
    results = run(backend, near="42.5467,-83.2113", radius="10", sort="distance")
    ordered = [hit.title for hit in results.hits]
    assert ordered[0] == "Family Counseling Center"
    assert "Statewide Counseling Line" not in ordered
    assert ordered == sorted(
        ordered, key=lambda t: next(h.distance_miles for h in results.hits if h.title == t)
    )
    assert results.hits[0].distance_miles == pytest.approx(0, abs=0.1)


def test_a_zip_matches_services_serving_its_community_beyond_the_radius(backend):
    results = run(backend, near="48326", radius="2.5")
    assert "Crisis Line" in titles(results)
    assert "Statewide Counseling Line" in titles(results)  # 60 miles away, but serves Auburn Hills
    assert "Food Pantry" not in titles(results)


def test_confidential_location_is_not_used_for_distance(backend, directory_data):
    waterford_centre = "42.6630,-83.3900"
    results = run(backend, near=waterford_centre, radius="1")
    assert "Safe Shelter" in titles(results)  # by its service area's centre, which is public
    hit = next(hit for hit in results.hits if hit.title == "Safe Shelter")
    assert hit.distance_miles is not None
    secret_address = "{},{}".format(*SHELTER_ADDRESS)
    assert "Safe Shelter" not in titles(run(backend, near=secret_address, radius="1"))


def test_open_now(backend, monkeypatch):
    saturday = timezone.make_aware(datetime.datetime(2026, 11, 28, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: saturday)
    assert titles(run(backend, open_now="on")) == {"Crisis Line"}
    tuesday = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    monkeypatch.setattr("resources.hours.now", lambda: tuesday)
    assert titles(run(backend, open_now="on")) == {"Crisis Line", "Family Counseling Center"}


def test_pagination(backend):
    first = backend.search(SearchForm({}).to_query(per_page=4))
    second = backend.search(SearchForm({"page": "2"}).to_query(per_page=4))
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not titles(first) & titles(second)
    past_the_end = backend.search(SearchForm({"page": "9"}).to_query(per_page=4))
    assert past_the_end.total == 6 and past_the_end.hits == []


def test_hits_carry_highlights_and_public_urls(backend, directory_data):
    results = run(backend, q="groceries")
    hit = results.hits[0]
    assert "<mark>Groceries</mark>" in hit.highlight
    assert hit.url == directory_data["food"].url and hit.id == str(directory_data["food"].uuid)

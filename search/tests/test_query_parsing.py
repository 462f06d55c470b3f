import pytest

from search import geo
from search.forms import SearchForm
from search.query import DEFAULT_RADIUS_MILES, Sort

pytestmark = pytest.mark.django_db


def query(**params):
    return SearchForm(params).to_query()


def test_zip_becomes_coordinates_and_community_with_default_radius():
    result = query(near="48326")
    assert result.near == pytest.approx((42.6583, -83.2375), abs=0.01)
    assert result.near_community == "auburn-hills"
    assert result.radius_miles == DEFAULT_RADIUS_MILES
    assert result.sort == Sort.DISTANCE


def test_coordinates_are_accepted():
    assert query(near="42.5, -83.2", radius="5").near == (42.5, -83.2)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "99999"}, "near"),
        ({"near": "Auburn"}, "near"),
        ({"near": "95, 200"}, "near"),
        ({"radius": "far"}, "radius"),
        ({"radius": "0"}, "radius"),
        ({"radius": "1e309"}, "radius"),
        ({"page": "x"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "１"}, "page"),  # int() reads it, but only ASCII digits are a number here
        ({"page": "²"}, "page"),
        ({"radius": "１０"}, "radius"),
        ({"near": "4834０"}, "near"),
        ({"near": "４２.５, -８３.２"}, "near"),
        ({"category": "nope"}, "category"),
        ({"language": "<script>"}, "language"),
        ({"sort": "price"}, "sort"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_input_is_an_error_on_its_field_and_dropped(params, field):
    form = SearchForm(params)
    result = form.to_query()
    assert field in form.errors
    assert result.page == 1 and result.near is None and result.categories == ()


@pytest.mark.parametrize("code", ["4834０", "1234é", "４８３２６"])
def test_zip_lookup_answers_none_for_text_the_library_cannot_read(code):
    assert geo.zip_point(code) is None  # the library panics on some of it, past any except clause


def test_query_syntax_is_only_ever_words():
    result = query(q='title:x AND ( "quoted" *:* OR 1=1; DROP TABLE')
    flat = {word for term in result.terms for phrase in term.alternatives for word in phrase.split()}
    assert flat <= {"title", "x", "quoted", "drop", "table"}

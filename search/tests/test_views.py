import pytest

pytestmark = pytest.mark.django_db

BAD_INPUT = [
    "q=" + "x" * 5000,
    "q=%00",
    "q=%F0%9F%98%80%E2%80%8B%D8%B9%D8%B1%D8%A8%D9%8A",
    "q=%22%27%5B%5D%7B%7D()%5C",
    "q=*:*",
    "q=title:x+AND+(",
    "q=%27%3B+DROP+TABLE+search_fts%3B--",
    "q=NEAR(a+b)+OR+NOT+c*",
    "category=nope&language=xx&community=%3Cscript%3E",
    "radius=abc&near=48326",
    "near=00000",
    "near=4834%EF%BC%90",  # 4834０ (a fullwidth zero): the ZIP library panicked on it
    "near=%EF%BC%94%EF%BC%98%EF%BC%93%EF%BC%92%EF%BC%96",  # ４８３２６
    "near=%EF%BC%94%EF%BC%92.6,-83.2",  # ４２.6,-83.2
    "page=abc",
    "page=%C2%B2",  # ²
    "page=%EF%BC%91",  # １
    "radius=%EF%BC%95&near=48326",  # ５
    "page=999999",
    "page=-3",
    "page=50",
    "sort=drop",
    "open_now=%00",
]
# What residents really type that has no ordinary answer: a long question, only filler, only
# punctuation, emoji, other scripts, a crisis phrase full of typos.
QUESTIONS = [
    "my son has been really struggling since his father left and he is not sleeping and not eating "
    "and yelling at his little sister all the time and i do not know who to call or where to go or "
    "what kind of help there is for a fourteen year old boy like him who",
    "where can i find someone for my",
    "?!?! ... --- ###",
    "😀😭🙏",
    "مساعدة في الطعام",
    "我需要帮助",
    "im gonna kil my slef tonite",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_any_question_gets_a_sensible_page_with_the_crisis_lines(client, directory_data, question):
    response = client.get("/search/", {"q": question})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="tel:988"' in html
    if "results-count" in html and ">0 resources" in html:
        assert 'class="crisis-panel"' in html  # nothing found: the crisis lines, up front
    data = client.get("/search/", {"q": question, "format": "json"}).json()
    assert data["total"] >= 0 and isinstance(data["crisis"], bool)


def test_a_crisis_phrase_full_of_typos_is_still_a_crisis(client, directory_data):
    data = client.get("/search/", {"q": "im gonna kil my slef tonite", "format": "json"}).json()
    assert data["crisis"] is True and data["hits"][0]["title"] == "Crisis Line"


@pytest.mark.parametrize("params", BAD_INPUT)
@pytest.mark.parametrize("fmt", ["", "&format=json"])
def test_bad_input_is_a_normal_page_never_a_500(client, directory_data, params, fmt):
    response = client.get(f"/search/?{params}{fmt}")
    assert response.status_code == 200
    if fmt:
        assert set(response.json()) >= {"total", "hits", "facets", "suggestion", "backend"}
    else:
        assert 'href="tel:988"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("near", "4834０"), ("near", "４８３２６"), ("near", "٤٨٣٢٦"), ("near", "４２.６,-８３.２"),
     ("page", "²"), ("page", "１"), ("radius", "５"), ("radius", "1０")],
)  # fmt: skip
def test_digits_other_than_ascii_get_a_field_message(client, directory_data, field, value):
    params = {field: value, **({"near": "48326"} if field == "radius" else {})}
    data = client.get("/search/", {**params, "format": "json"}).json()
    assert list(data["errors"]) == [field] and data["total"] > 0
    html = client.get("/search/", params).content.decode()
    assert data["errors"][field][0] in html


def test_json_contract(client, directory_data):
    data = client.get("/search/?q=groceries&near=48340&format=json").json()
    assert data["total"] == 1 and data["backend"] == "database" and data["suggestion"] == ""
    hit = data["hits"][0]
    assert set(hit) == {
        "id", "title", "url", "summary", "highlight", "distance_miles",
        "phone", "phone_href", "locality", "open_now", "is_24_7", "costs", "languages",
    }  # fmt: skip
    assert data["crisis"] is False and data["suggested_filters"] == []
    assert hit["title"] == "Food Pantry" and hit["distance_miles"] < 3
    assert {"value": "es", "label": "Spanish", "count": 1} in data["facets"]["language"]


def test_errors_are_named_in_json(client, directory_data):
    data = client.get("/search/?radius=abc&format=json").json()
    assert "radius" in data["errors"]


def test_html_page_shows_results_facets_and_suggestion(client, directory_data):
    html = client.get("/search/?q=councelling&language=ar").content.decode()
    assert "Family Counseling Center" in html
    assert "Showing results for <strong>counselling</strong>" in html
    assert 'name="language" value="ar" checked' in html
    assert "<mark>" in html


def test_a_crisis_question_shows_the_crisis_lines_above_the_results(client, directory_data):
    html = client.get("/search/?q=i+want+to+kil+myself").content.decode()
    panel, results = html.index('class="crisis-panel"'), html.index('class="cards"')
    assert panel < results and 'href="tel:988"' in html[panel:results] and 'href="sms:988"' in html
    assert html[results:].split("</h3>")[0].endswith("Crisis Line</a>")
    assert client.get("/search/?q=i+want+to+kil+myself&format=json").json()["crisis"] is True
    assert 'class="crisis-panel"' not in client.get("/search/?q=counseling").content.decode()


def test_a_page_with_nothing_found_offers_crisis_lines_categories_and_fewer_filters(client, directory_data):
    html = client.get("/search/?q=zzyzx+qwerty&language=ar&open_now=on").content.decode()
    assert "0 resources" in html and 'class="crisis-panel"' in html
    assert "Remove “Arabic”" in html and "Remove “Open now”" in html and "Remove every filter" in html
    assert 'href="/search/?category=food#results"' in html


def test_filters_come_after_the_results_and_say_how_many_are_chosen(client, directory_data):
    html = client.get("/search/?q=counseling&language=es&cost=free").content.decode()
    assert html.index('id="results"') < html.index('<details class="filters-panel" open>')
    assert "Filters (2 chosen)" in html and 'action="/search/#results"' in html
    assert "Filters</summary>" in client.get("/search/?q=counseling").content.decode()


def test_a_language_named_in_the_question_is_offered_as_a_filter(client, directory_data):
    html = client.get("/search/?q=counselor+who+speaks+arabic").content.decode()
    assert 'class="chip" href="?q=counselor+who+speaks+arabic&amp;language=ar#results">Arabic (1)' in html
    data = client.get("/search/?q=counselor+who+speaks+arabic&format=json").json()
    assert data["suggested_filters"] == [{"facet": "language", "value": "ar", "label": "Arabic", "count": 1}]


def test_hits_show_phone_town_hours_cost_and_languages(client, directory_data):
    html = client.get("/search/?q=counseling+children").content.decode()
    card = html[html.index("Family Counseling Center") :].split("</li>")[0]
    phone = directory_data["counseling"].phones.get()
    assert f'href="{phone.href()}"' in card and phone.display_number() in card
    assert "Birmingham" in card and "Sliding-scale fees" in card, card
    assert "Languages: Arabic, English" in card, card


def test_page_past_the_end_says_so(client, directory_data):
    html = client.get("/search/?page=7").content.decode()
    assert "There is no page 7" in html


def test_field_errors_are_shown_and_input_kept(client, directory_data):
    html = client.get("/search/?q=food&near=99999").content.decode()
    assert "Enter a 5-digit US ZIP code" in html
    assert 'value="99999"' in html and 'value="food"' in html
    assert "Food Pantry" in html


def test_suggest(client, directory_data):
    data = client.get("/search/suggest/?q=Fam").json()
    assert data["suggestions"][0] == "Family Counseling Center"
    assert "families" in client.get("/search/suggest/?q=famil").json()["suggestions"]
    assert client.get("/search/suggest/?q=").json()["suggestions"] == []
    assert client.get("/search/suggest/?q=%00%00" + "z" * 500).status_code == 200


def test_search_page_has_no_third_party_requests(client, directory_data):
    response = client.get("/search/?q=food")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_saved_list_lives_in_the_url(client, directory_data):
    food, crisis = directory_data["food"], directory_data["crisis"]
    html = client.get(f"/search/?q=groceries&saved={crisis.uuid}").content.decode()
    assert "My list: 1 resource" in html and "Add to my list" in html
    both = f"{crisis.uuid}%2C{food.uuid}"
    assert both in html  # the link that adds the food pantry keeps the crisis line
    listing = client.get(f"/search/list/?saved={crisis.uuid},{food.uuid},not-a-uuid").content.decode()
    assert listing.index("Crisis Line") < listing.index("Food Pantry")
    assert 'href="tel:' in listing and 'media="print"' in listing
    directory_data["food"].unpublish()
    assert "no longer listed" in client.get(f"/search/list/?saved={crisis.uuid},{food.uuid}").content.decode()
    assert client.get("/search/list/?saved=" + "x," * 1000).status_code == 200


def test_search_page_queries_do_not_grow_with_the_data(client, directory_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resources.factories import ResourcePageFactory
    from search import indexing

    url = "/search/?q=counseling&language=en&near=48326&cost=free"

    def count():
        client.get(url)  # warm caches (site root, spelling vocabulary), as a running server would be
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    few = count()
    for number in range(25):
        ResourcePageFactory(title=f"Counseling Service {number}", is_free=True)
    indexing.rebuild()
    assert count() == few

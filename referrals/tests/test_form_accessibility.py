"""What a screen reader hears on the follow-up form: each control's help and error text, and no
pre-checked blank radio. The same checks run in Chromium in test_browser.py."""

import pytest
from bs4 import BeautifulSoup

from .conftest import FORM_URL

pytestmark = pytest.mark.django_db

HONEYPOT = "website"


@pytest.fixture(params=["empty", "with errors"])
def response(request, client):
    if request.param == "empty":
        return client.get(FORM_URL)
    return client.post(FORM_URL, {})


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


def described(soup, name):
    """The element a field's aria-describedby belongs on: a radio group's fieldset, else the control."""
    control = soup.find(attrs={"name": name})
    if control.get("type") == "radio":
        return control.find_parent("fieldset")
    return control


def description_ids(element):
    return element.get("aria-describedby", "").split()


def test_every_aria_describedby_id_is_on_the_page_once(response):
    soup = parse(response)
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids"
    references = {ref for element in soup.select("[aria-describedby]") for ref in description_ids(element)}
    assert references
    assert references <= set(ids)


def test_each_control_is_described_by_exactly_its_help_and_errors(response):
    soup = parse(response)
    form = response.context["form"]
    names = [field.name for field in form.visible_fields() if field.name != HONEYPOT]
    assert (len(names), len(form.errors)) == (9, 0 if response.status_code == 200 else 7)
    for name in names:
        element = described(soup, name)
        wrapper = element.find_parent("div", class_="field")
        notes = wrapper.select(".help, .errors")
        assert description_ids(element) == [note["id"] for note in notes], name
        text = " ".join(note.get_text(" ", strip=True) for note in notes)
        assert str(form[name].help_text) in text, name
        for error in form.errors.get(name, []):
            assert error in text, name
        assert not soup.select(f'input[type="radio"][name="{name}"][aria-describedby]'), name


def test_who_is_asking_has_no_blank_choice_and_nothing_checked(client):
    page = client.get(FORM_URL).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    assert "---------" not in page
    assert not soup.select('input[type="radio"][value=""]')
    assert not soup.select('input[name="relationship"][checked]')
    # The model's own default stays: anyone may be called at any time unless they say otherwise.
    assert [radio["value"] for radio in soup.select('input[type="radio"][checked]')] == ["any"]


def test_the_who_is_asking_error_names_the_field(client):
    soup = parse(client.post(FORM_URL, {}))
    group = described(soup, "relationship")
    legend = group.legend.contents[0].strip()
    error = soup.find(id="id_relationship_error").get_text(strip=True)
    assert legend == "Who is asking" and legend.lower() in error.lower()
    assert description_ids(group) == ["id_relationship_error"]


def test_error_summary_links_lead_to_a_control(client):
    soup = parse(client.post(FORM_URL, {}))
    links = soup.select('.notice-error a[href^="#"]')
    assert len(links) == 7
    for link in links:
        target = soup.find(id=link["href"][1:])
        assert target is not None and target.name in {"input", "select", "textarea"}, link["href"]

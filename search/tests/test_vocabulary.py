"""The directory's words per worker process: built once, kept while the index is unchanged, built
again after a publish within its budget, and searched by prefix for autocomplete."""

import pytest

from resources.factories import ResourcePageFactory
from search import indexing, vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(vocabulary, "_current", None)


def test_kept_while_the_index_is_unchanged(directory_data, django_assert_num_queries):
    first = vocabulary.current()
    with django_assert_num_queries(1):  # the index token only: no words read again
        assert vocabulary.current() is first
    assert first.knows("groceries") and first.knows("booze")  # the index's words and the files'


def test_built_again_after_a_publish(directory_data, monkeypatch):
    first = vocabulary.current()
    page = ResourcePageFactory(title="Zumba for Seniors", summary="Gentle exercise.")
    indexing.sync_pages([page.pk])
    monkeypatch.setattr(vocabulary, "REBUILD_FACTOR", 0)
    second = vocabulary.current()
    assert second is not first and second.knows("zumba") and not first.knows("zumba")


def test_a_busy_index_is_not_read_again_on_every_search(directory_data, monkeypatch):
    first = vocabulary.current()
    monkeypatch.setattr(vocabulary, "REBUILD_FACTOR", 10**9)  # as if building took very long
    page = ResourcePageFactory(title="Zumba for Seniors")
    indexing.sync_pages([page.pk])
    assert vocabulary.current() is first


def test_completions_come_from_a_sorted_list(directory_data):
    words = vocabulary.current()
    assert words.completions("groc", 5) == ["groceries"]
    assert words.completions("couns", 3) == sorted(words.completions("couns", 3))
    assert all(word.startswith("fam") for word in words.completions("fam", 10))
    assert words.closest("grocerys") == "groceries" and words.closest("zzzzzz") is None

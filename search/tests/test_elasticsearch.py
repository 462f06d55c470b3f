"""Against a real Elasticsearch: index sync, rebuilding behind an alias, and falling back."""

import logging
import socket
import threading
import time

import pytest

from portal.tests.faults import SilentServer, closed_port
from resources.factories import ResourcePageFactory
from search import elastic
from search.backends import get_backend, search
from search.documents import alias_name
from search.forms import SearchForm

pytestmark = pytest.mark.django_db


def query(**params):
    return SearchForm(params).to_query()


def test_live_backend_is_elasticsearch(es_directory):
    results = search(query(q="groceries"))
    assert results.backend == "elasticsearch" and results.total == 1


def test_index_follows_publish_and_unpublish(es_directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(publish=True, title="Harbor Warming Center", summary="Warm beds tonight.")
    assert search(query(q="warming")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    results = search(query(q="warming"))
    assert results.backend == "elasticsearch" and results.total == 0


def test_searches_keep_answering_during_a_rebuild(es_directory):
    answers, failures, stop = [], [], threading.Event()
    request = get_backend().primary.request(query(q="counseling"))  # Elasticsearch only, no database

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(request.execute(ignore_cache=True).hits.total.value)
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            elastic.rebuild()
    finally:
        stop.set()
        searcher.join(timeout=10)
    assert not failures
    assert len(answers) > 10 and set(answers) == {2}


def assert_falls_back(caplog):
    with caplog.at_level(logging.WARNING, logger="search.backends"):
        started = time.monotonic()
        results = search(query(q="groceries"))
        elapsed = time.monotonic() - started
    assert results.backend == "database" and results.total == 1
    assert "answering from the database" in caplog.text
    assert elapsed < 3
    return results


def test_falls_back_when_the_server_is_stopped(directory_data, elasticsearch, settings, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    assert_falls_back(caplog)


def test_falls_back_when_the_server_hangs(directory_data, elasticsearch, settings, caplog):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        assert settings.ELASTICSEARCH_TIMEOUT <= 1
        assert_falls_back(caplog)


def test_falls_back_when_the_index_is_missing(directory_data, elasticsearch, caplog):
    elastic.drop_indexes()
    assert_falls_back(caplog)


def test_suggest_uses_the_completion_field(es_directory, client):
    assert client.get("/search/suggest/?q=Fam").json()["suggestions"] == ["Family Counseling Center"]


def test_a_publish_before_the_first_reindex_creates_no_stray_index(
    directory_data, elasticsearch, django_capture_on_commit_callbacks
):
    """Writes go through the alias only: an index named like it, with guessed mappings, would stop
    `reindex` from ever putting the alias in place."""
    elastic.drop_indexes()
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(publish=True, title="Early Bird Pantry")
    es = elastic.admin_client()
    assert not es.indices.exists(index=alias_name())
    elastic.rebuild()
    assert search(query(q="early bird")).total == 1


@pytest.mark.parametrize("fault", ["stopped", "hanging"])
def test_the_search_page_answers_from_the_database_without_a_server(directory_data, settings, client, fault):
    """No live server needed: these run wherever the suite runs."""
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    with SilentServer() as silent:
        port = closed_port() if fault == "stopped" else silent.port
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        answer = client.get("/search/", {"q": "groceries", "format": "json"})
        assert time.monotonic() - started < settings.ELASTICSEARCH_TIMEOUT + 2
    assert answer.status_code == 200
    assert answer.json()["backend"] == "database" and answer.json()["total"] == 1

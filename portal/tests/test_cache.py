"""Redis down: the site carries on without its cache, and says so in the log."""

import logging

import pytest

from portal.tests.faults import closed_port

pytestmark = pytest.mark.django_db


def test_with_redis_down_public_pages_still_answer(client, home, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for path in ["/", "/resources/", "/search/?q=counseling", "/request-follow-up/"]:
            assert client.get(path).status_code == 200, path
    assert "Cache unavailable, carrying on without it (get: ConnectionError)" in caplog.text

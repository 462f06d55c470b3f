"""The database cannot be reached: every page answers a static 503 that still shows 911 and 988."""

import logging

import pytest

from portal.tests.faults import unreachable_database

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/resources/", "/search/?q=counseling", "/request-follow-up/", "/api/hsds/services"]


def assert_static_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'href="tel:911"' in html and 'href="tel:988"' in html and "data-quick-exit" in html
    assert "temporarily unavailable" in html


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_answer_a_static_503(client, home, path, caplog):
    with unreachable_database(), caplog.at_level(logging.ERROR, logger="portal.errors"):
        assert_static_503(client.get(path))
    assert "Database unavailable, answered 503: OperationalError" in caplog.text


def test_the_admin_answers_the_same(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    with unreachable_database():
        assert_static_503(client.get("/admin/"))
        assert_static_503(client.get("/admin/pages/"))
        assert_static_503(client.post("/admin/login/", {"username": "admin", "password": "pw-for-tests"}))

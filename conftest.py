"""Fixtures shared by every app's tests: the page tree from migrations, users by role, a browser."""

import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connections

from home.models import HomePage
from portal.staff.testing import StaffClient
from portal.tests.browser import DEVICES, Screenshots, watched_page
from portal.tests.threads import database_file  # noqa: F401 (a fixture for tests with threads)
from resources.factories import directory_page

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: in CI it is a Redis server shared by the whole run."""
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, whose `force_login` signs staff in with their second factor."""
    return StaffClient()


@pytest.fixture
def home():
    return HomePage.objects.get()


@pytest.fixture
def directory():
    return directory_page()


def _user_in(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="admin", password="pw-for-tests")


@pytest.fixture
def editor(django_user_model):
    return _user_in(django_user_model, "editor", "Directory editors")


@pytest.fixture
def clinician(django_user_model):
    return _user_in(django_user_model, "clinician", "Clinicians")


@pytest.fixture
def partner(django_user_model):
    return _user_in(django_user_model, "partner", "Partner viewers")


@pytest.fixture
def chromium():
    """Debian's Chromium driven by Playwright; `make browser` installs it.

    Started per test, after the database is set up and stopped before it is flushed: Playwright's
    event loop changes the context Django keeps its connections in, so a browser left running
    across tests hides the serialized data a transactional test restores.
    """
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: run `make browser` (Debian package chromium)."
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same
    # thread (test set-up) are safe because they do not run concurrently with it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # Connections opened in the browser's context are invisible to Django's own clean-up.
        connections.close_all()


@pytest.fixture(params=list(DEVICES))
def device(request):
    """Each browser test runs on a phone (390×844, touch) and on a desktop."""
    return request.param


@pytest.fixture
def browser_page(chromium, live_server, device):
    """A page in a fresh browser context on the test's device. The test fails if the page asked
    anything of another origin (nothing leaves the site: no CDN, font or analytics) or if the
    Content-Security-Policy refused something (the console says so)."""
    with watched_page(chromium, live_server.url, **DEVICES[device]) as page:
        yield page


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "step")` keeps a picture of the step for review (README, "Browser tests")."""
    return Screenshots(request.node.nodeid)

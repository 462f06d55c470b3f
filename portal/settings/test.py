"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEMO_PASSWORD = "demo-test"
FIELD_ENCRYPTION_KEY = "5BiNTWtt8bFxytI9GuP6pTunjr05oA99rSBrJGsdi2Y"
FIELD_ENCRYPTION_PREVIOUS_KEYS = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Serve static files from the app folders, as in development: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Close connections after each request, so the live server's threads leave none open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# SQLite's test database in a file rather than in memory: an in-memory database is one connection,
# which the browser tests' live server shares between the test and every request thread, so two
# requests at once (a page and its scripts' fetches) could see each other's transaction half-open.
# With a file each thread has its own connection, as on a site. Nothing waits for the disk: the
# file is thrown away after the run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"core-portal-tests-{os.getpid()}.sqlite3")
    }
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["init_command"] = options.get("init_command", "") + "PRAGMA synchronous=OFF;"

# The database backend unless a test turns Elasticsearch on (search/tests: the `elasticsearch`
# fixture, with the server from ELASTICSEARCH_URL), in indexes of this run's own.
ELASTICSEARCH_URL = None
ELASTICSEARCH_INDEX_PREFIX = f"test-{os.getpid()}-"
ELASTICSEARCH_ANALYSIS = os.environ.get("ELASTICSEARCH_ANALYSIS", "core")
ELASTICSEARCH_REFRESH = "wait_for"

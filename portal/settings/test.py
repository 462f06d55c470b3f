"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os

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

# The database backend unless a test turns Elasticsearch on (search/tests: the `elasticsearch`
# fixture, with the server from ELASTICSEARCH_URL), in indexes of this run's own.
ELASTICSEARCH_URL = None
ELASTICSEARCH_INDEX_PREFIX = f"test-{os.getpid()}-"
ELASTICSEARCH_ANALYSIS = os.environ.get("ELASTICSEARCH_ANALYSIS", "core")
ELASTICSEARCH_REFRESH = "wait_for"

"""Production settings refuse to start without their secrets and never fall back to a default."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-for-this-test-only",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@localhost/portal",
    "REDIS_URL": "redis://localhost:6379/0",
}


def load_production_settings(**env):
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_starts_with_everything_set():
    result = load_production_settings(**PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_without(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = load_production_settings(**env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr

"""Production settings refuse to start without their secrets and never fall back to a default."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-for-this-test-only-long-enough-for-production-0123",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@localhost/portal",
    "REDIS_URL": "redis://localhost:6379/0",
    "FIELD_ENCRYPTION_KEY": "q0X2u3lV4m5N6b7C8x9Z0a1S2d3F4g5H6j7K8l9P0oI",
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


def test_production_refuses_a_malformed_encryption_key():
    result = load_production_settings(**{**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEY": "too-short"})
    assert result.returncode != 0
    assert "An encryption key must be 32 bytes" in result.stderr


def load_dev_settings(**env):
    clean = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_demo_is_served_as_residents_will_see_it_unless_a_developer_asks():
    assert load_dev_settings() == ["False", "whitenoise.storage.CompressedManifestStaticFilesStorage"]
    assert load_dev_settings(DEBUG="true")[0] == "True"

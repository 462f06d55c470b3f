"""Read configuration from environment variables (12-factor), with typed helpers."""

import os

from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    """Return the variable, or `default` when it is unset or empty."""
    return os.environ.get(name) or default


def env_required(name):
    """Return the variable or refuse to start: production never invents a secret."""
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_list(name, default=""):
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}

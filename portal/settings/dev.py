"""Local development: the `make demo` site on SQLite, nothing to install by hand."""

from .base import *  # noqa: F403
from .environment import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")
DEMO_PASSWORD = env("DEMO_PASSWORD", "demo")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

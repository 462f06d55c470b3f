"""Local development: the `make demo` site on SQLite, nothing to install by hand."""

from .base import *  # noqa: F403
from .environment import env, env_bool

# The demo is served as residents will see it: the portal's own error pages (with the crisis
# numbers), static files collected and served by WhiteNoise. DEBUG=true (`make demo-debug`) brings
# Django's debug pages back for a developer.
DEBUG = env_bool("DEBUG", False)
if not DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")
DEMO_PASSWORD = env("DEMO_PASSWORD", "demo")
# A fixed, public development key: demo data only. Production refuses to start without its own.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", "GwatZm-twMMoYnKj1u1yLGFgDIQSyBjpxSGuZRElHSI")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

"""Production: refuses to start without its secrets; never invents one."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES
from .environment import env, env_bool, env_int, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters: make one with "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
env_required("DATABASE_URL")
FIELD_ENCRYPTION_KEY = env_required("FIELD_ENCRYPTION_KEY")

CACHES = {
    "default": {
        "BACKEND": "portal.cache.FailSafeRedisCache",
        "LOCATION": env_required("REDIS_URL"),
    }
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]  # Django's own RedisCache: see base.py
# Background tasks (search index sync, clinician notifications) wait in the database for
# `manage.py db_worker`, so a slow mail server or search server never holds up a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only, by default. Behind a proxy that redirects to HTTPS and sends HSTS itself, both may be
# turned off here (SECURE_SSL_REDIRECT=false, SECURE_HSTS_SECONDS=0).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# A request's "https" is believed from the proxy's header only when a proxy is said to be there;
# without one, anyone could send the header.
if TRUSTED_PROXY_COUNT > 0:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # a hanging mail server must not hold the task worker
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CORE Portal <noreply@localhost>")

"""Settings shared by every environment. No secrets here, and DEBUG stays off."""

import datetime
from pathlib import Path

import dj_database_url

from .environment import env, env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "home",
    "search",
    "resources",
    "referrals",
    "portal.staff",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # 304s, for cached pages too
    "home.page_cache.AnonymousPageCacheMiddleware",  # before anything reads the session
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.staff.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.errors.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username and address
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# Form widgets may use the project's templates too (the clinicians' outcome buttons).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: searches keep reading while an editor publishes, instead of waiting for
    # the write lock (measured at 100,000 resources: a search's own SQL 40-73 ms → 7 ms meanwhile).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory suits only the single-process demo: production and CI share Redis between workers,
# which the follow-up form's rate limit needs (atomic counts across processes).
# django-ratelimit's list of supported backends predates Django's own RedisCache, whose incr() is
# Redis INCR: atomic across workers (its W001 is silenced for that reason). With Redis down the site
# carries on without the cache (portal/cache.py) and the rate limit fails open.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "portal.cache.FailSafeRedisCache", "LOCATION": env("REDIS_URL")}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Anonymous public pages are answered from the cache (home/page_cache.py) until a service opens or
# closes, and forgotten at once when public content changes; PAGE_CACHE=false turns it off.
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# Tasks run in the request that queues them (after its commit); production uses the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (portal/staff). Failed sign-ins lock out the pair of username and client address (so
# neither a stranger elsewhere nor a proxy's address locks a clinician out) for a cool-off time;
# `manage.py axes_reset_username NAME` unlocks early.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.client_address.client_address"
AXES_CLIENT_STR_CALLABLE = "portal.staff.signin.failure_label"  # no username or address in logs
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
WAGTAILADMIN_USER_LOGIN_FORM = "portal.staff.signin.TwoFactorLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "portal.staff.password_reset.QueuedPasswordResetForm"  # noqa: S105
OTP_TOTP_ISSUER = "CORE Portal"
# A staff session ends after this long without a request, and this long after signing in.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 15)
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 12)

LANGUAGE_CODE = "en-us"
# The program serves Oakland County, Michigan: "open now" is answered in this zone.
TIME_ZONE = "America/Detroit"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Privacy: the browser may load nothing from another origin, and no inline script runs, on any page
# (the admin adds inline styles: portal/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
# The form token lasts the browser session, not a year: a shared device keeps no trace of the form.
CSRF_COOKIE_AGE = None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

WAGTAIL_SITE_NAME = "CORE Portal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The admin must not call out either: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Directory editors publish directly; moderation workflows (whose editor writes inline scripts the
# Content-Security-Policy refuses) are not used.
WAGTAIL_WORKFLOW_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

# Search: the database backend unless ELASTICSEARCH_URL is set; then the database is the fallback.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "1.0"))
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "core-")
# "english" needs the analysis-common module; "core" runs on Elastic's minimal distribution.
ELASTICSEARCH_ANALYSIS = env("ELASTICSEARCH_ANALYSIS", "english")
ELASTICSEARCH_REFRESH = False

# Personal data in the back office is encrypted with this key (32 bytes, URL-safe base64; make one
# with `manage.py rotate_encryption_key --new-key`). Retired keys stay readable while
# `manage.py rotate_encryption_key` rewrites every value under the current one.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")
FIELD_ENCRYPTION_PREVIOUS_KEYS = env_list("FIELD_ENCRYPTION_PREVIOUS_KEYS")

DEMO_PASSWORD = env("DEMO_PASSWORD")
RESOURCES_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Routine task, page-action and per-request search chatter would drown the warnings that matter.
    "loggers": {name: {"level": "WARNING"} for name in ("django_tasks", "wagtail", "elastic_transport")},
}

# The public follow-up form. Sends that pass validation count against the rate, per client address.
FOLLOW_UP_RATE = env("FOLLOW_UP_RATE", "5/h")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
# How many reverse proxies (load balancer, nginx …) stand in front of the site and append to
# X-Forwarded-For. 0: the header is ignored and the connection's address is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Who hears that requests are waiting (no personal data in the email); default: the Clinicians group.
FOLLOW_UP_NOTIFY_EMAILS = env_list("FOLLOW_UP_NOTIFY_EMAILS")
FOLLOW_UP_NOTIFY_ATTEMPTS = 8
FOLLOW_UP_NOTIFY_RETRY_SECONDS = 60
# Retention: `manage.py purge_referrals` removes the personal data of casework closed longer ago than
# this (days). Three years by default; set it to the program's records policy.
REFERRAL_RETENTION_DAYS = env_int("REFERRAL_RETENTION_DAYS", 3 * 365)
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

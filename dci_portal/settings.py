"""Settings for the DCI network portal, read from the environment.

Every variable read here is in the README's table (default, and when to change it):
DATABASE_URL, CONN_MAX_AGE, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
SECURE_SSL_REDIRECT, SECURE_COOKIES, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS,
SECURE_HSTS_PRELOAD, AXES_IPWARE_PROXY_COUNT, AXES_FAILURE_LIMIT, SESSION_IDLE_SECONDS,
SESSION_ABSOLUTE_SECONDS, STATIC_ROOT, IMPORT_MAX_MB, IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS,
IMPORT_REQUEST_MAX_ROWS, API_TOKEN_THROTTLE_RATE, REDIS_URL, CACHE_KEY_PREFIX, the
EMAIL_* of the posting rounds' e-mails, DEFAULT_FROM_EMAIL, PORTAL_URL,
ROUNDS_MAIL_IN_BACKGROUND, LOG_LEVEL, MEDIA_ROOT, JOBS_RESULT_DAYS,
EXPORT_IN_REQUEST_MAX_ROWS, and the LDAP_* of sign-in with the ministry's directory
(dci_portal/ldap_settings.py; off when LDAP_SERVER_URI is absent).
(tests/test_deployment.py checks that the README names each one.)

DEBUG ("1"/"true") is development mode, asked for explicitly: nothing turns it on by
itself. With DEBUG off the portal runs in production mode: SECRET_KEY required to serve
(management commands that need no key still run), secure cookies, HSTS, HTTPS redirect;
`manage.py check --deploy` reports no issue once the static files are collected
(asserted by the tests).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .ldap_settings import BACKEND as LDAP_BACKEND
from .ldap_settings import ldap_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Without a key in production mode, commands that need none (check, migrate…) run; the
# server refuses to start and `check --deploy` fails (dci_portal/checks.py).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",  # its widget templates, for the project engine (FORM_RENDERER below)
    "whitenoise.runserver_nostatic",
    "base.staticfiles.PortalStaticFilesConfig",  # django.contrib.staticfiles, less what is never served
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "bootstrap",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the portal (no CDN)
    # The portal, in its layers: each package imports only those above it in this list.
    "base",
    "jobs",
    "network",
    "postings",
    "directory",
    "rounds",
    "reports",
    "briefs",
    "spreadsheets",
    "demo",
    "api",
    "dci_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "base.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "base.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "base.cache.DataVersionPerRequest",
    "base.middleware.AsOfDateMiddleware",
    "axes.middleware.AxesMiddleware",
    "base.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "dci_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "base.context_processors.as_of",
                "dci_portal.context_processors.navigation",
            ],
        },
    },
]

# Forms render through the project's engine, so templates/django/forms/ can override a
# widget template (the select renders its options in Python: base/templatetags/widgets.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "dci_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Keep connections across requests (a new one costs a few ms), checked before reuse.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Set at connection start (no query): how close a typed word must be to a name for the
    # search to offer it (base/search.py; PostgreSQL's default, 0.6, misses "Bogta" for
    # Bogotá); and no JIT compilation, which costs a search of the 100x network 250 ms to
    # save nothing (its plans use indexes: the planner's estimates overrate them).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.45 -c jit=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in with the ministry's directory when LDAP_SERVER_URI is set (dci_portal/ldap_settings.py):
# the directory first, then local accounts (break-glass administrators); axes guards both.
globals().update(ldap_settings(os.environ))
if os.environ.get("LDAP_SERVER_URI"):
    AUTHENTICATION_BACKENDS = [AUTHENTICATION_BACKENDS[0], LDAP_BACKEND, *AUTHENTICATION_BACKENDS[1:]]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Application servers keep no state: the cache is Redis, shared by every server (figures
# every page repeats, base/cache.py); sessions are in the database, read through that cache.
CACHES = {
    "default": {
        "BACKEND": "base.cache.ResilientRedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "dci"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Sessions end after 8 idle hours, 12 hours after sign-in however active, and when the
# browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(8 * 60 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "base.errors.csrf_failure"  # an expired form explained, in the site's layout

# Lock a username/IP pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind reverse proxies, lock out the client's address, not the proxy's: the number of
# proxies in front of the portal, each appending to X-Forwarded-For (0: none, the header
# is ignored). Only that many entries of the header are trusted (base/proxies.py).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "base.proxies.client_ip"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
FORMAT_MODULE_PATH = ["dci_portal.formats"]
LOCALE_PATHS = [BASE_DIR / "dci_portal" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files the portal keeps (the background jobs' results and uploads), never served as
# static files: only through the views that check who asks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "base.staticfiles.GzipManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-striped table-hover align-middle"}

# Spreadsheet imports (spreadsheets/files.py): the largest file a person may upload (the
# reverse proxy must allow it: e.g. nginx client_max_body_size 21m), and the rows and
# columns a file may hold, checked as it is read; above IMPORT_REQUEST_MAX_ROWS rows an
# import is too long for a request.
SPREADSHEET_IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "20")) * 1024 * 1024
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "100"))
IMPORT_REQUEST_MAX_ROWS = int(os.environ.get("IMPORT_REQUEST_MAX_ROWS", "5000"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Everything is served by the portal itself: no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# The read-only API (api/): a session in the browser, a personal token in scripts; the
# permissions are the pages' (api/access.py); each token may make API_TOKEN_THROTTLE_RATE requests.
API_AUTHENTICATION = [
    "api.authentication.ApiTokenAuthentication",  # first: refusals are 401, not 403
    "rest_framework.authentication.SessionAuthentication",
]
API_TOKEN_THROTTLE_RATE = os.environ.get("API_TOKEN_THROTTLE_RATE", "1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": API_AUTHENTICATION,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DCI network portal API",
    "DESCRIPTION": (
        "Read-only JSON API of the International Cooperation Directorate's network directory: "
        "the same records, filters, figures and permissions as the portal's pages, on any date (?as_of=)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": API_AUTHENTICATION,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {},
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP: answer, don't redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    # Off when other sites of the domain are not all on HTTPS, or the domain is not to be
    # submitted to the browsers' preload list (a preload is hard to undo).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_COOKIE_HTTPONLY = True

# E-mail (posting rounds' notifications). Without EMAIL_HOST a development server prints
# e-mails on its console instead of sending them.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "DCI portal <no-reply@dci-portal.invalid>")
# Where the links in e-mails point.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000/")
# Send e-mails by a background job once the change commits (off: in the request).
ROUNDS_MAIL_IN_BACKGROUND = env_bool("ROUNDS_MAIL_IN_BACKGROUND", True)

# Background jobs (jobs/): an RQ queue in Redis, run by `manage.py rqworker` (`make run`
# starts one). Imports of more rows than IMPORT_REQUEST_MAX_ROWS (above) and list exports of
# more than EXPORT_IN_REQUEST_MAX_ROWS run there, not in the request.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
RQ = {"WORKER_CLASS": "jobs.worker.PortalWorker"}
JOBS_RESULT_DAYS = int(os.environ.get("JOBS_RESULT_DAYS", "7"))
JOBS_LISTED_DAYS = 30  # a finished job stays in "My jobs" (without its file) this long
EXPORT_IN_REQUEST_MAX_ROWS = int(os.environ.get("EXPORT_IN_REQUEST_MAX_ROWS", "20000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

"""Lindung settings, driven by environment variables.

Safe defaults: SQLite file when DATABASE_URL is unset, DEBUG off unless asked for, and no
start without a real SECRET_KEY outside DEBUG.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lindung.dburl import database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    """Read a boolean; junk values are refused rather than guessed."""
    value = os.getenv(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {value!r}")


def envint(name: str, default: str) -> int:
    try:
        return int(os.getenv(name, default))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer") from exc


def envsecret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


DEBUG = envbool("DEBUG", "0")
TESTING = envbool("LINDUNG_TESTING", "0")

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "lindung.web.apps.StaticFilesConfig",  # django.contrib.staticfiles minus unused assets
    "django.contrib.humanize",
    # Serves Swagger UI from the package's own static files (no CDN at run time).
    "ninja",
    "simple_history",
    "axes",
    "lindung.registry",
    "lindung.rulebook",
    "lindung.imports",
    "lindung.bpjs",
    "lindung.compliance",
    "lindung.reconciliation",
    "lindung.projects",
    "lindung.cohorts",
    "lindung.workforce",
    "lindung.dashboards",
    "lindung.budget",
    "django_tasks",
    "django_tasks_db",
    "lindung.accounts",
    "lindung.audit",
    # Above every domain app: the demo builders and commands may import any of them.
    "lindung.demo",
    # Named: apps.py holds two AppConfigs, so Django would not pick WebConfig by itself and its
    # ready() (migrate creates the cache table) would never run.
    "lindung.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lindung.web.middleware.ChosenLanguageMiddleware",
    # After the language (its 400 speaks it); refuses NUL, marks responses no-store.
    "lindung.web.middleware.RequestHygieneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A temporary password (new account, reset) is replaced before any other page opens.
    "lindung.accounts.middleware.PasswordChangeRequiredMiddleware",
    # Last, as django-axes asks: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindung.web.context_processors.lindung",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        database_url(),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# Opt-in fast path: Django's backend, with a health check that polls the socket instead of
# a SELECT 1 round trip per request, and prepare=True honoured for hot statements. It leans
# on Django and psycopg internals (fenced by lindung/lib/tests/test_postgresql.py), so it
# stays off unless a deployment asks for it; the PostgreSQL CI leg runs with it on.
DB_FAST_BACKEND = envbool("DB_FAST_BACKEND", "0")
if DB_FAST_BACKEND and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "lindung.lib.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while gunicorn workers write; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Rows per page of every paginated API list (lindung/api/pagination.py).
API_PAGE_SIZE = 100

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "acc-login"
LOGIN_REDIRECT_URL = "web-home"
LOGOUT_REDIRECT_URL = "acc-login"

# Failed-login throttling: lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", "1")
# The client address the lockout counts. Directly exposed: REMOTE_ADDR. Behind N trusted
# reverse proxies that each append to X-Forwarded-For: AXES_IPWARE_PROXY_COUNT=N (the entry
# N from the right is the client; entries further left are typed by the client and ignored).
AXES_IPWARE_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT", "0")
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    os.getenv("AXES_IPWARE_META_PRECEDENCE_ORDER", "HTTP_X_FORWARDED_FOR,REMOTE_ADDR").split(",")
)
AXES_CLIENT_IP_CALLABLE = "lindung.web.clientip.client_ip"
# Whole-NIK lookups per user per hour by roles that see NIKs masked (Pimpinan); each is logged.
NIK_LOOKUP_LIMIT = envint("NIK_LOOKUP_LIMIT", "30")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Production: hashed names and precompressed files, built by collectstatic. Tests and the
# DEBUG demo use the files as they are: in DEBUG whitenoise serves them from the app folders
# (finders, unhashed, picked up as they change), so `make run` needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
X_FRAME_OPTIONS = "DENY"
# Only this origin's own files run or style a page: the templates hold no inline script, no
# inline event handler and no style attribute (select boxes submit through autosubmit.js);
# the SVG charts are inline markup with presentation attributes, which CSP does not govern.
# The Swagger UI at /api/docs (ninja's local copy, "ninja" in INSTALLED_APPS) starts from
# ninja's swagger-ui-init.js and reads its settings from a JSON <script> that never runs,
# so it needs no exemption; its icons are data: images. The PDF templates' <style> blocks
# are read by WeasyPrint, never served to a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    # Production sits behind TLS; set SECURE_SSL_REDIRECT=0 only when a proxy already redirects.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")

# One cache shared by every process (gunicorn workers, db_worker): the permit-check and
# NIK-lookup rate limits count there. `database` (default; table created on `migrate`),
# `locmem` (one process only: tests), or a backend's dotted path with CACHE_LOCATION.
_CACHE_ALIASES = {
    "database": ("django.core.cache.backends.db.DatabaseCache", "lindung_cache"),
    "locmem": ("django.core.cache.backends.locmem.LocMemCache", ""),
}
CACHE_BACKEND = os.getenv("CACHE_BACKEND", "locmem" if TESTING else "database")
_backend, _location = _CACHE_ALIASES.get(
    CACHE_BACKEND, (CACHE_BACKEND, os.getenv("CACHE_LOCATION", ""))
)
CACHES = {"default": {"BACKEND": _backend, "LOCATION": _location}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# Tests: fast hashing; the suite never needs argon2's cost; uploads go to a scratch folder.
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = Path(tempfile.gettempdir()) / f"lindung-test-media-{os.getpid()}"

FORMAT_MODULE_PATH = ["lindung.formats"]

# Background jobs (imports) live in the app database; `lindung db_worker` runs them.
# Tests run them inline.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# Uploads above this are refused before anything is read (bytes).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(100 * 1024 * 1024))
# What one spreadsheet may unpack to and hold (a 1 MB xlsx can hide a 1 GiB cell).
IMPORT_MAX_UNCOMPRESSED_BYTES = envint("IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
IMPORT_MAX_COMPRESSION_RATIO = envint("IMPORT_MAX_COMPRESSION_RATIO", "100")
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "1100000")  # per sheet
IMPORT_MAX_XLS_BYTES = envint("IMPORT_MAX_XLS_BYTES", str(50 * 1024 * 1024))  # OLE .xls
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", "200")
IMPORT_MAX_CELL_CHARS = envint("IMPORT_MAX_CELL_CHARS", "10000")
# A background job (import check or commit, reconciliation run) whose heartbeat is older than
# this died with its worker: it is marked failed or returned to preview, and frees its scope.
JOB_STALE_SECONDS = envint("JOB_STALE_SECONDS", "300")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

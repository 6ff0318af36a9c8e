"""Django settings for Testigo, read from environment variables.

Variables (all optional):

- ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/testigo``; default a SQLite file
  ``testigo.sqlite3`` in ``TESTIGO_DATA_DIR``.
- ``TESTIGO_DATA_DIR``: folder for the SQLite file and other local state; default ``./data``.
- ``SECRET_KEY``: required when ``DEBUG`` is off and not running the demo; a random
  per-process key is generated otherwise (sessions then do not survive a restart).
- ``DEBUG``: ``1``/``true`` to turn on; default off.
- ``ALLOWED_HOSTS``: comma-separated; default ``127.0.0.1,localhost``.
- ``TESTIGO_DISCLOSURE_THRESHOLD``: smallest publishable count of persons; default 5.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG")
DATA_DIR = Path(os.environ.get("TESTIGO_DATA_DIR", Path.cwd() / "data")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and _env_bool("TESTIGO_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "testigo.core",
    "testigo.accounts",
    "testigo.vocab",
    "testigo.documentation",
    # Before the other apps: its translations (the words documentalists know) win when two
    # apps translate the same English text differently.
    "testigo.workspace",
    "testigo.observations",
    "testigo.budget",
    "testigo.imports",
    "testigo.linkage",
    "testigo.estimation",
    "testigo.indicators",
    "testigo.reports",
    "testigo.statistics",
    "testigo.publication",
    "testigo.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "testigo.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "testigo.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "testigo.urls"
WSGI_APPLICATION = "testigo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    # Only the account running Testigo may read the embedded database and the key file.
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'testigo.sqlite3'}"),
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Spanish is the default language; English is available.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["testigo.formats"]
TIME_ZONE = "America/Mexico_City"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Secure defaults. Behind TLS in production set TESTIGO_HTTPS=1.
_HTTPS = _env_bool("TESTIGO_HTTPS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy: no scripts at all (every page works without JavaScript), styles
# from our own files plus inline style attributes of the server-rendered SVG charts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.NONE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_AGE = 8 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

TESTIGO_DISCLOSURE_THRESHOLD = int(os.environ.get("TESTIGO_DISCLOSURE_THRESHOLD", "5"))
# Largest file the web UI accepts for an import (bytes); bigger files go through the CLI.
TESTIGO_MAX_UPLOAD_BYTES = int(os.environ.get("TESTIGO_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
# Tables crossing children (age groups under 18, the unaccompanied-child characteristic) or
# small places (municipalities) use this higher threshold.
TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE = int(
    os.environ.get("TESTIGO_DISCLOSURE_THRESHOLD_SENSITIVE", "10")
)

# Background work (long imports): Django's tasks framework with a database-backed queue,
# run by `testigo db_worker`. TESTIGO_TASKS_IMMEDIATE=1 runs tasks in the request instead
# (tests, single-user laptops without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if _env_bool("TESTIGO_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

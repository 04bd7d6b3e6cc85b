"""Django settings: everything that differs between machines comes from the environment.

DJANGO_ENV selects the mode (the README lists every variable):

* ``development`` (the default): DEBUG on, SQLite unless DATABASE_URL is set, and
  variables also read from the git-ignored ``.env`` next to manage.py.
* ``production``: DEBUG off, HTTPS only, and SECRET_KEY and ALLOWED_HOSTS required from
  the real environment (``.env`` is not read: the process manager or Compose passes it).
* ``build``: only for ``collectstatic`` while the Docker image is built; production's
  static-file settings, and no secret at all.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from . import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

ENV = env.get("DJANGO_ENV", "development")
if ENV not in {"development", "production", "build"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, production or build, not {ENV!r}.")
DEBUG = ENV == "development"
PRODUCTION = ENV == "production"

if DEBUG:
    env.read_dotenv(BASE_DIR / ".env")

if PRODUCTION:
    env.require(
        "SECRET_KEY",
        "ALLOWED_HOSTS",
{%- if cookiecutter.database == "postgres" %}
        "DATABASE_URL",
{%- endif %}
{%- if cookiecutter.redis %}
        "REDIS_URL",
{%- endif %}
        purpose="DJANGO_ENV=production",
    )
    SECRET_KEY = env.get("SECRET_KEY")
else:
    # Development and image builds: the key from .env, else a throwaway one per process.
    SECRET_KEY = env.get("SECRET_KEY") or secrets.token_urlsafe(50)

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = {{ cookiecutter.project_name|tojson }}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
{%- if cookiecutter.api %}
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
{%- endif %}
    "{{ cookiecutter.project_slug }}.accounts",
    "{{ cookiecutter.project_slug }}.items",
]

MIDDLEWARE = [
    # First: probes reach the container by IP over plain HTTP (see health.py).
    "{{ cookiecutter.project_slug }}.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.project_slug }}.urls"
WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi.application"

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
                "{{ cookiecutter.project_slug }}.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:password@host:5432/name or sqlite:////abs/path.
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
{%- if cookiecutter.asgi %}
        # Under ASGI every request may run in a new thread: persistent connections
        # would pile up, so connect per request unless CONN_MAX_AGE says otherwise.
        conn_max_age=env.get_int("CONN_MAX_AGE", 0),
{%- else %}
        conn_max_age=env.get_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
{%- endif %}
        conn_health_checks=True,
    )
}
_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast (and let /readyz answer 503) when the server is unreachable.
    _options.setdefault("connect_timeout", env.get_int("DB_CONNECT_TIMEOUT", 3))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several Gunicorn workers share the file: WAL lets readers run beside a writer,
    # and IMMEDIATE transactions wait for the write lock instead of failing.
    _options.setdefault("transaction_mode", "IMMEDIATE")
    _options.setdefault("timeout", 20)
    _options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
{%- if cookiecutter.redis %}

# Cache in Redis when REDIS_URL is set (required in production); sessions are cached
# and stored in the database, so flushing the cache logs nobody out.
if env.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.get("REDIS_URL"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
{%- endif %}
{%- if cookiecutter.celery|default(false) %}

# Celery (celery.py reads every CELERY_* setting). The broker is CELERY_BROKER_URL, else
# REDIS_URL, which production requires; results go to CELERY_RESULT_BACKEND, else the
# broker. Without a broker (development) each task runs at once, inside the request, and
# its result stays in this process's memory.
CELERY_BROKER_URL = env.get("CELERY_BROKER_URL") or env.get("REDIS_URL")
CELERY_RESULT_BACKEND = env.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = CELERY_TASK_STORE_EAGER_RESULT = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = "memory://", "cache+memory://"
# Only tasks declared with ignore_result=False store a result; kept for a day.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# Fail fast (503) instead of hanging when Redis is away; keep retrying at startup.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
{%- endif %}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Static files: `collectstatic` gathers them into STATIC_ROOT, which Nginx serves.
# Outside development the names carry a content hash, so Nginx can cache them for long.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# Request bodies: Nginx answers 413 above client_max_body_size (10m); keep the two in step.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers for every response; the HTTPS settings follow in production.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    # TLS ends at the proxy in front, which says so in X-Forwarded-Proto (Nginx sets it
    # from the scheme it received). HTTPS_ONLY=false exists only to try the production
    # stack over plain HTTP on one's own machine; `check --deploy` then warns.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    HTTPS_ONLY = env.get_bool("HTTPS_ONLY", True)
    SECURE_SSL_REDIRECT = HTTPS_ONLY
    SESSION_COOKIE_SECURE = HTTPS_ONLY
    CSRF_COOKIE_SECURE = HTTPS_ONLY
    # Browsers remember this for a year (all subdomains too): lower SECURE_HSTS_SECONDS
    # while first trying HTTPS on a new domain.
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    # Django's own loggers go to the console too (by default errors would only be
    # mailed to ADMINS when DEBUG is off, and so be lost).
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env.get("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
{%- if cookiecutter.api %}

REST_FRAMEWORK = {
    # Token first: anonymous writes then get 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": SITE_NAME,
    "DESCRIPTION": {{ cookiecutter.description|tojson }},
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
{%- endif %}

{%- import "shape.jinja" as s with context -%}
"""Django settings: everything that differs between machines comes from the environment.

APP_ENV selects the mode (the README lists every variable):

* ``production`` (the default, so that Gunicorn and the container never run in debug
  mode): DEBUG off, HTTPS only, and the secrets required from the real environment.
* ``development``: what ``manage.py`` chooses when APP_ENV is unset (after reading the
  git-ignored ``.env``): DEBUG on, SQLite unless DATABASE_URL is set.
* ``testing``: the test suite's mode (tests/settings.py).
* ``build``: only for ``collectstatic`` while the Docker image is built; production's
  static-file settings, and no secret at all.
"""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from {{ cookiecutter.project_slug }}.telemetry import build_logging, init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
_FALSE = ("false", "off", "no", "n", "0")


def _flag(name: str, default: bool) -> bool:
    """A true/false variable; a typo fails instead of silently meaning false."""
    value = env.str(name, default="").strip().lower()
    if not value:
        return default
    if value not in environ.Env.BOOLEAN_TRUE_STRINGS + _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return value in environ.Env.BOOLEAN_TRUE_STRINGS


def _int(name: str, default: int) -> int:
    value = env.str(name, default="").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def _require(*names: str) -> None:
    """Refuse to start, in one line, while a variable production needs is unset."""
    missing = [name for name in names if not env.str(name, default="").strip()]
    if missing:
        one = len(missing) == 1
        raise ImproperlyConfigured(
            f"{', '.join(missing)} {'is' if one else 'are'} not set (APP_ENV=production); "
            f"set {'it' if one else 'them'} in the environment (docker compose: .env)"
        )


# DJANGO_ENV is the name this starter used before APP_ENV; still understood.
APP_ENV = env.str("APP_ENV", default="").strip() or env.str("DJANGO_ENV", default="").strip()
APP_ENV = APP_ENV or "production"
if APP_ENV not in {"production", "development", "testing", "build"}:
    raise ImproperlyConfigured(
        f"APP_ENV must be production, development or testing, not {APP_ENV!r}."
    )
PRODUCTION = APP_ENV == "production"
DEBUG = APP_ENV == "development"

if PRODUCTION:
    _require(
        "SECRET_KEY",
        "ALLOWED_HOSTS",
{%- if cookiecutter.database == "postgres" %}
        "DATABASE_URL",
{%- endif %}
{%- if cookiecutter.redis %}
        "REDIS_URL",
{%- endif %}
    )
    SECRET_KEY = env.str("SECRET_KEY").strip()
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too short ({len(SECRET_KEY)} characters); set at least 50 random "
            "characters in the environment (docker compose: .env)"
        )
else:
    # Development, tests and image builds: the key from .env, else a throwaway one.
    SECRET_KEY = env.str("SECRET_KEY", default="").strip() or secrets.token_urlsafe(50)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = {{ cookiecutter.project_name|tojson }}

INSTALLED_APPS = [
{%- if s.admin %}
    "django.contrib.admin",
{%- endif %}
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
{%- if cookiecutter.api %}
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
{%- endif %}
    "{{ cookiecutter.project_slug }}.accounts",
    "{{ cookiecutter.project_slug }}.items",
{%- if cookiecutter.app_type == "static" %}
    "{{ cookiecutter.project_slug }}.pages",
{%- endif %}
]

MIDDLEWARE = [
    # Outermost: request ids, one log line and metrics for every request, probes too;
    # answers /metrics (by IP, like the probes).
    "{{ cookiecutter.project_slug }}.observability.RequestObservabilityMiddleware",
    # First: probes reach the container by IP over plain HTTP (see health.py).
    "{{ cookiecutter.project_slug }}.health.HealthCheckMiddleware",
{%- if cookiecutter.api %}
    # Every error under /api/ as application/problem+json, whichever layer made it.
    "{{ cookiecutter.project_slug }}.api.problems.ProblemDetailsMiddleware",
{%- endif %}
    "{{ cookiecutter.project_slug }}.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
{%- if cookiecutter.api %}
    "corsheaders.middleware.CorsMiddleware",
{%- endif %}
    "{{ cookiecutter.project_slug }}.middleware.CommonMiddleware",
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
{%- if s.pages %}
                "{{ cookiecutter.project_slug }}.context_processors.site",
{%- endif %}
            ],
        },
    },
]

# DATABASE_URL, e.g. postgres://user:password@host:5432/name or sqlite:////abs/path.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
{%- if cookiecutter.asgi %}
# Under ASGI every request may run in a new thread: persistent connections would pile up.
DATABASES["default"]["CONN_MAX_AGE"] = 0
{%- else %}
DATABASES["default"]["CONN_MAX_AGE"] = 60 if PRODUCTION else 0
{%- endif %}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast (and let /readyz answer 503) when the server is unreachable.
    _options.setdefault("connect_timeout", _int("DB_CONNECT_TIMEOUT", 3))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several Gunicorn workers share the file: WAL lets readers run beside a writer,
    # and IMMEDIATE transactions wait for the write lock instead of failing.
    _options.setdefault("transaction_mode", "IMMEDIATE")
    _options.setdefault("timeout", 20)
    _options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")

{%- if cookiecutter.redis or cookiecutter.celery|default(false) %}

REDIS_URL = env.str("REDIS_URL", default="").strip()
{%- endif %}
{%- if cookiecutter.redis %}
# Cache (and the API's throttling counters, shared by every worker) in Redis when
# REDIS_URL is set, as production requires; sessions are cached and kept in the database,
# so flushing the cache logs nobody out.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
{%- endif %}
{%- if cookiecutter.celery|default(false) %}

# Celery (celery.py reads every CELERY_* setting). The broker and the result store
# default to REDIS_URL, which production requires. Without a broker (development) and
# in the tests each task runs at once, inside the request, its result kept in memory.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="").strip() or REDIS_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="").strip() or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = APP_ENV == "testing" or not CELERY_BROKER_URL
CELERY_TASK_STORE_EAGER_RESULT = CELERY_TASK_ALWAYS_EAGER
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = "memory://", "cache+memory://"
# Only tasks declared with ignore_result=False store a result; kept for a day.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# A stuck task is stopped: politely after 4 minutes, for good after 5.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Fail fast (503) instead of hanging when Redis is away; keep retrying at startup.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
{%- endif %}

AUTH_USER_MODEL = "accounts.User"
# Argon2 for new and changed passwords; the others still check older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
{%- if s.login_pages %}
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "{{ "accounts:profile" if s.account_pages else "items:list" }}"
LOGOUT_REDIRECT_URL = "items:list"
{%- endif %}
{%- if s.account_pages %}

# Mail (password reset links) from EMAIL_URL, e.g. smtp+tls://user:password@host:587;
# production defaults to the local SMTP server, development prints mail to the console.
vars().update(
    env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
{%- endif %}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Static files: `collectstatic` gathers them into STATIC_ROOT, which Nginx serves.
# In production the names carry a content hash, so Nginx can cache them for long.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
{%- if s.pages %}
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
{%- endif %}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        if PRODUCTION or APP_ENV == "build"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The largest request body; a larger one gets 413 (middleware.py). Nginx's
# client_max_body_size says the same.
MAX_REQUEST_BYTES = _int("MAX_REQUEST_BYTES", 1_048_576)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

# The canonical form of a path ends with a slash; the other form gets a 308 redirect,
# which, unlike APPEND_SLASH's 301, keeps a POST a POST (middleware.CommonMiddleware).
APPEND_SLASH = True

# Security headers for every response; the HTTPS settings follow in production.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    # TLS ends at the proxy in front, which says so in X-Forwarded-Proto. HTTPS_ONLY=false
    # exists only to try the production stack over plain HTTP on one's own machine.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    HTTPS_ONLY = _flag("HTTPS_ONLY", True)
    SECURE_SSL_REDIRECT = HTTPS_ONLY
    SESSION_COOKIE_SECURE = HTTPS_ONLY
    CSRF_COOKIE_SECURE = HTTPS_ONLY
    # Browsers keep to HTTPS for this long, and it cannot be taken back: start at 60 s,
    # then raise HSTS_SECONDS step by step (a day, a week, a year) once HTTPS works.
    # Subdomains and preload stay off until then (hence the two silenced checks).
    SECURE_HSTS_SECONDS = _int("HSTS_SECONDS", 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LOG_LEVEL = env.str("LOG_LEVEL", default="info").strip().upper() or "INFO"
LOGGING = build_logging(LOG_LEVEL, APP_ENV)
init_sentry(APP_ENV)
{%- if cookiecutter.api %}

# The API (api/ and items/api.py): JSON in and out, public reads, token-authenticated
# writes, throttled logins and writes, errors as RFC 9457 problem details.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "{{ cookiecutter.project_slug }}.api.auth.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "{{ cookiecutter.project_slug }}.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "{{ cookiecutter.project_slug }}.api.throttling.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("THROTTLE_AUTH_RATE", default="10/minute"),
        "write": env.str("THROTTLE_WRITE_RATE", default="60/minute"),
    },
    "EXCEPTION_HANDLER": "{{ cookiecutter.project_slug }}.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": SITE_NAME,
    "DESCRIPTION": {{ cookiecutter.description|tojson }},
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response shapes: `id` and `created_at` are never sent.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "{{ cookiecutter.project_slug }}.api.schema.document_problems",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Browsers may call the API from these origins only (none by default).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
# Proxies whose X-Forwarded-For names the client, for per-client throttling (as Gunicorn).
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
{%- endif %}

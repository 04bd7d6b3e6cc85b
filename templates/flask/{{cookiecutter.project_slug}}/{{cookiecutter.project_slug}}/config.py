{%- import "shape.jinja" as s with context -%}
"""Settings read from the environment: one class per mode.

``APP_ENV`` selects the class (``production`` unless set). The variables are the ones of
the deployment contract, listed with their meaning in ``.env.example``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, ClassVar
{%- if cookiecutter.redis %}

from cachelib import FileSystemCache, SimpleCache
from redis import Redis
{%- endif %}

# Shown by the OpenAPI document and Swagger UI.
TITLE = {{ cookiecutter.project_name|tojson }}
DESCRIPTION = {{ cookiecutter.description|tojson }}


class ConfigError(RuntimeError):
    """A required setting is missing or unsafe; the message says which and what to do."""


# Placeholders from documentation and other templates: never acceptable in production.
KNOWN_DEFAULT_SECRETS = frozenset(
    {"change-me", "changeme", "secret", "secret-key", "dev", "development", "not-so-secret"}
)
MIN_SECRET_KEY_LENGTH = 50
# Names the container's own health check and `curl localhost` use; a browser cannot be
# made to send them to this server, so trusting them opens no Host header attack.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in TRUE | FALSE:
        raise ConfigError(f"{name} must be true or false, not {raw!r}")
    return raw in TRUE


def _list(environ: Mapping[str, str], name: str, default: str = "") -> list[str]:
    raw = environ.get(name)
    return [part.strip() for part in (default if raw is None else raw).split(",") if part.strip()]


def _log_level(environ: Mapping[str, str], default: str) -> str:
    level = (environ.get("LOG_LEVEL") or default).strip().upper()
    if level not in LOG_LEVELS:
        choices = ", ".join(LOG_LEVELS).lower()
        raise ConfigError(f"LOG_LEVEL must be one of {choices}, not {level!r}")
    return level


def database_url(url: str) -> str:
    """Return ``url`` with PostgreSQL URLs pointed at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str, connect_timeout: int) -> dict[str, Any]:
    """Return SQLAlchemy engine options suited to the database in ``url``."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        # Fail fast (readiness answers 503) instead of hanging when the server is away.
        options["connect_args"] = {"connect_timeout": connect_timeout}
    return options


def trusted_hosts(hosts: list[str]) -> list[str] | None:
    """Flask's TRUSTED_HOSTS from ALLOWED_HOSTS: ``*`` trusts any host, as in Django."""
    if "*" in hosts:
        return None
    return list(dict.fromkeys([*hosts, *LOOPBACK_HOSTS]))


{% if cookiecutter.celery -%}
def celery_settings(broker: str | None, backend: str | None) -> dict[str, Any]:
    """Return Celery's configuration (``app.config["CELERY"]``).

    With no broker, tasks run eagerly in the calling process and their results stay in
    its memory, so that ``/api/tasks/<id>/`` still finds them.
    """
    eager = broker is None
    return {
        "broker_url": broker or "memory://",
        "result_backend": backend or "cache+memory://",
        "task_always_eager": eager,
        "task_store_eager_result": eager,
        # Only tasks declared with ignore_result=False store a result; kept for a day.
        "task_ignore_result": True,
        "result_expires": 24 * 60 * 60,
        # A stuck task is stopped instead of holding a worker forever.
        "task_soft_time_limit": 60,
        "task_time_limit": 90,
        # Fail fast (503) instead of hanging when Redis is away; keep retrying at startup.
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {"socket_connect_timeout": 2},
        "redis_socket_connect_timeout": 2,
        # The worker imports the tasks; the web app imports them through the API.
        "imports": [__package__ + ".tasks"],
    }


{% endif -%}
class Config:
    """Settings shared by every mode."""

    DEBUG = False
    TESTING = False
    HTTPS_ONLY = False
    HSTS_SECONDS = 60
    # Requests with a larger body get a JSON 413; Nginx's client_max_body_size matches.
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    DB_CONNECT_TIMEOUT = 3
    LOG_LEVEL = "INFO"
    ALLOWED_HOSTS_DEFAULT = "localhost,127.0.0.1"
    # X-Forwarded-* hops trusted for the client address (throttling) and the scheme.
    PROXY_COUNT = 0
    ITEMS_PER_PAGE = 20
    MAX_ITEMS_PER_PAGE = 100
    # Throttles ("N/second|minute|hour|day"), per client address.
    THROTTLE_AUTH_RATE = "10/minute"
    THROTTLE_WRITE_RATE = "60/minute"
    # Retry-After (and X-RateLimit-*) on throttled answers.
    RATELIMIT_HEADERS_ENABLED = True
    # Should Redis fail, each worker keeps counting in its memory rather than answering 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=1)
    JWT_TOKEN_LOCATION = ("headers",)
    # flask-smorest: the OpenAPI document and Swagger UI, both under /api/.
    API_TITLE = TITLE
    API_VERSION = "0.1.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs/"
    # Swagger UI's files come from the swagger-ui-bundle package (api/docs.py), no CDN.
    OPENAPI_SWAGGER_UI_URL = "/api/docs/"
    API_SPEC_OPTIONS: ClassVar[dict[str, Any]] = {
        "info": {"description": DESCRIPTION},
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    }

    @classmethod
    def load(cls, environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
        """Return the class defaults updated with what the environment says.

        Every missing or unsafe variable is reported at once, in one ``ConfigError``.
        """
        problems: list[str] = []

        def check(read: Callable[..., Any], *args: Any) -> Any:
            try:
                return read(*args)
            except ConfigError as error:
                problems.append(str(error))
                return None

        values = {name: getattr(cls, name) for name in dir(cls) if name.isupper()}
        timeout = check(_int, environ, "DB_CONNECT_TIMEOUT", cls.DB_CONNECT_TIMEOUT)
        https_only = check(_bool, environ, "HTTPS_ONLY", cls.HTTPS_ONLY)
        values.update(
            SECRET_KEY=check(cls.secret_key, environ),
            TRUSTED_HOSTS=check(cls.allowed_hosts, environ),
            HTTPS_ONLY=https_only,
            SESSION_COOKIE_SECURE=bool(https_only),
            PREFERRED_URL_SCHEME="https" if https_only else "http",
            HSTS_SECONDS=check(_int, environ, "HSTS_SECONDS", cls.HSTS_SECONDS),
            MAX_CONTENT_LENGTH=check(_int, environ, "MAX_REQUEST_BYTES", cls.MAX_CONTENT_LENGTH),
            CORS_ALLOWED_ORIGINS=_list(environ, "CORS_ALLOWED_ORIGINS"),
            LOG_LEVEL=check(_log_level, environ, cls.LOG_LEVEL),
            DB_CONNECT_TIMEOUT=timeout,
            THROTTLE_AUTH_RATE=environ.get("THROTTLE_AUTH_RATE") or cls.THROTTLE_AUTH_RATE,
            THROTTLE_WRITE_RATE=environ.get("THROTTLE_WRITE_RATE") or cls.THROTTLE_WRITE_RATE,
        )
        url = check(cls.database_url, environ, instance_path)
        if url is not None:
            url = database_url(url)
            values.update(
                SQLALCHEMY_DATABASE_URI=url,
                SQLALCHEMY_ENGINE_OPTIONS=engine_options(url, timeout or cls.DB_CONNECT_TIMEOUT),
            )
{%- if cookiecutter.redis or cookiecutter.celery %}
        redis_url = check(cls.redis_url, environ)
        # Throttling counters: in Redis when there is one (shared by every worker).
        values.update(RATELIMIT_STORAGE_URI=redis_url or "memory://")
{%- else %}
        values.update(RATELIMIT_STORAGE_URI="memory://")
{%- endif %}
{%- if cookiecutter.redis %}
        values.update(cls.cache_and_sessions(redis_url, instance_path))
{%- endif %}
{%- if cookiecutter.celery %}
        values.update(CELERY=check(cls.celery, environ, redis_url))
{%- endif %}
        if problems:
            raise ConfigError(one_line(problems))
        return values

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return SECRET_KEY, or a random one that lasts as long as the process."""
        return environ.get("SECRET_KEY") or secrets.token_urlsafe(50)

    @classmethod
    def allowed_hosts(cls, environ: Mapping[str, str]) -> list[str] | None:
        """Return the hosts served (ALLOWED_HOSTS, default: this machine)."""
        return trusted_hosts(_list(environ, "ALLOWED_HOSTS", cls.ALLOWED_HOSTS_DEFAULT))

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return DATABASE_URL, or a SQLite file in the instance folder."""
        return environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(instance_path, "app.db")

    @classmethod
    def redis_url(cls, environ: Mapping[str, str]) -> str | None:
        """Return REDIS_URL, if any."""
        return environ.get("REDIS_URL") or None
{%- if cookiecutter.redis %}

    @classmethod
    def cache_and_sessions(cls, redis_url: str | None, instance_path: str) -> dict[str, Any]:
        """Use Redis for the cache and server-side sessions when REDIS_URL is set."""
        if redis_url:
            timeouts = {"socket_connect_timeout": 2, "socket_timeout": 2}
            return {
                "REDIS_URL": redis_url,
                "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": redis_url,
                "CACHE_OPTIONS": timeouts,
                "SESSION_TYPE": "redis",
                "SESSION_REDIS": Redis.from_url(redis_url, **timeouts),
            }
        return {
            "REDIS_URL": None,
            "CACHE_TYPE": "SimpleCache",
            "SESSION_TYPE": "cachelib",
            "SESSION_CACHELIB": FileSystemCache(os.path.join(instance_path, "sessions")),
        }
{%- endif %}
{%- if cookiecutter.celery %}

    @classmethod
    def celery(cls, environ: Mapping[str, str], redis_url: str | None) -> dict[str, Any]:
        """Celery's settings: the broker is CELERY_BROKER_URL, else REDIS_URL.

        Without either (development), tasks run at once inside the request.
        """
        broker = environ.get("CELERY_BROKER_URL") or redis_url
        if not broker:
            return celery_settings(None, None)
        return celery_settings(broker, environ.get("CELERY_RESULT_BACKEND") or broker)
{%- endif %}


def one_line(problems: list[str]) -> str:
    """All problems in one line, ending with where to fix them."""
    where = "them" if len(problems) > 1 else "it"
    return f"{'; '.join(problems)}; set {where} in the environment (docker compose: .env)"


class DevelopmentConfig(Config):
    """Local development: SQLite unless DATABASE_URL says otherwise."""


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
{%- if s.pages %}
    # Tests post forms without tokens; the CSRF tests switch it back on.
    WTF_CSRF_ENABLED = False
{%- endif %}

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return a fixed key so that tests are repeatable."""
        return "testing-only-secret-key-" + "x" * MIN_SECRET_KEY_LENGTH

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return TEST_DATABASE_URL, or an in-memory SQLite database."""
        return environ.get("TEST_DATABASE_URL") or "sqlite://"

    @classmethod
    def redis_url(cls, environ: Mapping[str, str]) -> str | None:
        """No Redis: cache, sessions, throttling and tasks stay in the test's process."""
        return None
{%- if cookiecutter.redis %}

    @classmethod
    def cache_and_sessions(cls, redis_url: str | None, instance_path: str) -> dict[str, Any]:
        """Keep the cache and sessions in memory."""
        return {
            "REDIS_URL": None,
            "CACHE_TYPE": "SimpleCache",
            "SESSION_TYPE": "cachelib",
            "SESSION_CACHELIB": SimpleCache(),
        }
{%- endif %}


class ProductionConfig(Config):
    """Behind Nginx: secrets required, HTTPS only, debug off."""

    HTTPS_ONLY = True
    PROXY_COUNT = 1

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return SECRET_KEY; refuse a missing, placeholder or short one."""
        key = environ.get("SECRET_KEY", "")
        if not key:
            raise ConfigError("SECRET_KEY is not set")
        if key.lower() in KNOWN_DEFAULT_SECRETS:
            raise ConfigError("SECRET_KEY is a placeholder value")
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"SECRET_KEY is too short ({len(key)} characters, at least "
                f"{MIN_SECRET_KEY_LENGTH} needed)"
            )
        return key

    @classmethod
    def allowed_hosts(cls, environ: Mapping[str, str]) -> list[str] | None:
        """Return ALLOWED_HOSTS, which production requires."""
        hosts = _list(environ, "ALLOWED_HOSTS")
        if not hosts:
            raise ConfigError("ALLOWED_HOSTS is not set")
        return trusted_hosts(hosts)
{%- if cookiecutter.database == "postgres" %}

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return DATABASE_URL, which production requires."""
        url = environ.get("DATABASE_URL")
        if not url:
            raise ConfigError("DATABASE_URL is not set")
        return url
{%- endif %}
{%- if cookiecutter.redis %}

    @classmethod
    def redis_url(cls, environ: Mapping[str, str]) -> str | None:
        """Require Redis: sessions and throttling counters are shared by every worker."""
        url = environ.get("REDIS_URL")
        if not url:
            raise ConfigError("REDIS_URL is not set")
        return url
{%- endif %}
{%- if cookiecutter.celery %}

    @classmethod
    def celery(cls, environ: Mapping[str, str], redis_url: str | None) -> dict[str, Any]:
        """Require a broker: production tasks run in the worker, never in the request."""
        if not (environ.get("CELERY_BROKER_URL") or redis_url):
            raise ConfigError("CELERY_BROKER_URL is not set (nor REDIS_URL, its default)")
        return super().celery(environ, redis_url)
{%- endif %}


CONFIGS: dict[str, type[Config]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def load_config(
    env: str | None, instance_path: str, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the settings of the mode named ``env`` (default ``production``)."""
    name = (env or "production").strip().lower()
    try:
        config = CONFIGS[name]
    except KeyError:
        choices = ", ".join(CONFIGS)
        raise ConfigError(f"APP_ENV={env!r} is not one of: {choices}") from None
    return config.load(os.environ if environ is None else environ, instance_path)

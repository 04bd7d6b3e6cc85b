"""Settings read from the environment: one class per environment.

``APP_ENV`` selects the class (``production`` unless set). Every variable read here is
listed, with its meaning, in ``.env.example``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from typing import Any
{%- if cookiecutter.redis %}

from cachelib import FileSystemCache, SimpleCache
from redis import Redis
{%- endif %}


class ConfigError(RuntimeError):
    """A required setting is missing or unsafe; the message says which and what to do."""


# Placeholders from documentation and other templates: never acceptable in production.
KNOWN_DEFAULT_SECRETS = frozenset(
    {"change-me", "changeme", "secret", "secret-key", "dev", "development", "not-so-secret"}
)
MIN_SECRET_KEY_LENGTH = 32
HELP = "Fix this in the environment or in .env (see .env.example)."


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


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


{% if cookiecutter.celery -%}
def celery_settings(broker: str | None, backend: str | None) -> dict[str, Any]:
    """Return Celery's configuration (``app.config["CELERY"]``).

    With no broker, tasks run eagerly in the calling process and their results stay in
    its memory, so that ``/api/tasks/<id>`` still finds them.
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
        # Fail fast (503) instead of hanging when Redis is away; keep retrying at startup.
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {"socket_connect_timeout": 2},
        "redis_socket_connect_timeout": 2,
        # The worker imports the tasks; the web app imports them through the API.
        "imports": [__package__ + ".tasks"],
    }


{% endif -%}
class Config:
    """Settings shared by every environment."""

    DEBUG = False
    TESTING = False
    # Requests with a larger body get 413; keep client_max_body_size in nginx/ in step.
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = 0
    DB_CONNECT_TIMEOUT = 3
    ITEMS_PER_PAGE = 20
    MAX_ITEMS_PER_PAGE = 100

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
        values.update(
            SECRET_KEY=check(cls.secret_key, environ),
            DB_CONNECT_TIMEOUT=timeout,
            MAX_CONTENT_LENGTH=check(_int, environ, "MAX_CONTENT_LENGTH", cls.MAX_CONTENT_LENGTH),
            PROXY_COUNT=check(_int, environ, "PROXY_COUNT", cls.PROXY_COUNT),
        )
        url = check(cls.database_url, environ, instance_path)
        if url is not None:
            url = database_url(url)
            values.update(
                SQLALCHEMY_DATABASE_URI=url,
                SQLALCHEMY_ENGINE_OPTIONS=engine_options(url, timeout or cls.DB_CONNECT_TIMEOUT),
            )
{%- if cookiecutter.redis %}
        values.update(check(cls.cache_and_sessions, environ, instance_path) or {})
{%- endif %}
{%- if cookiecutter.celery %}
        values.update(CELERY=check(cls.celery, environ))
{%- endif %}
        if problems:
            raise ConfigError(" ".join(problems) + " " + HELP)
        return values

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return SECRET_KEY, or a random one that lasts as long as the process."""
        return environ.get("SECRET_KEY") or secrets.token_urlsafe(32)

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return DATABASE_URL, or a SQLite file in the instance folder."""
        return environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(instance_path, "app.db")
{%- if cookiecutter.redis %}

    @classmethod
    def cache_and_sessions(cls, environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
        """Use Redis for the cache and server-side sessions when REDIS_URL is set."""
        redis_url = environ.get("REDIS_URL")
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
    def celery(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Celery's settings: the broker is CELERY_BROKER_URL, else REDIS_URL.

        Without either (development), tasks run at once inside the request.
        """
        broker = environ.get("CELERY_BROKER_URL") or environ.get("REDIS_URL")
        if not broker:
            return celery_settings(None, None)
        return celery_settings(broker, environ.get("CELERY_RESULT_BACKEND") or broker)
{%- endif %}


class DevelopmentConfig(Config):
    """Local development: SQLite unless DATABASE_URL says otherwise."""


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return a fixed key so that tests are repeatable."""
        return "testing-only-secret-key"

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return TEST_DATABASE_URL, or an in-memory SQLite database."""
        return environ.get("TEST_DATABASE_URL") or "sqlite://"
{%- if cookiecutter.redis %}

    @classmethod
    def cache_and_sessions(cls, environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
        """Keep the cache and sessions in memory."""
        return {
            "REDIS_URL": None,
            "CACHE_TYPE": "SimpleCache",
            "SESSION_TYPE": "cachelib",
            "SESSION_CACHELIB": SimpleCache(),
        }
{%- endif %}
{%- if cookiecutter.celery %}

    @classmethod
    def celery(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Run tasks at once, in the test's process: no broker, no worker."""
        return celery_settings(None, None)
{%- endif %}


class ProductionConfig(Config):
    """Behind Nginx: secrets required, secure cookies, debug off."""

    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    PROXY_COUNT = 1

    @classmethod
    def secret_key(cls, environ: Mapping[str, str]) -> str:
        """Return SECRET_KEY; refuse a missing, placeholder or short one."""
        key = environ.get("SECRET_KEY", "")
        if not key:
            raise ConfigError("SECRET_KEY is not set.")
        if key.lower() in KNOWN_DEFAULT_SECRETS:
            raise ConfigError("SECRET_KEY is a placeholder value.")
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"SECRET_KEY is too short ({len(key)} characters, at least "
                f"{MIN_SECRET_KEY_LENGTH} needed)."
            )
        return key
{%- if cookiecutter.database == "postgres" %}

    @classmethod
    def database_url(cls, environ: Mapping[str, str], instance_path: str) -> str:
        """Return DATABASE_URL, which production requires."""
        url = environ.get("DATABASE_URL")
        if not url:
            raise ConfigError("DATABASE_URL is not set.")
        return url
{%- endif %}
{%- if cookiecutter.redis %}

    @classmethod
    def cache_and_sessions(cls, environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
        """Require Redis: sessions must be shared by every worker."""
        if not environ.get("REDIS_URL"):
            raise ConfigError("REDIS_URL is not set.")
        return super().cache_and_sessions(environ, instance_path)
{%- endif %}
{%- if cookiecutter.celery %}

    @classmethod
    def celery(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Require a broker: production tasks run in the worker, never in the request."""
        if not (environ.get("CELERY_BROKER_URL") or environ.get("REDIS_URL")):
            raise ConfigError("CELERY_BROKER_URL is not set (nor REDIS_URL, its default).")
        return super().celery(environ)
{%- endif %}


CONFIGS: dict[str, type[Config]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def load_config(
    env: str | None, instance_path: str, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the settings of the environment named ``env`` (default ``production``)."""
    name = (env or "production").strip().lower()
    try:
        config = CONFIGS[name]
    except KeyError:
        choices = ", ".join(CONFIGS)
        raise ConfigError(f"APP_ENV={env!r} is not one of: {choices}.") from None
    return config.load(os.environ if environ is None else environ, instance_path)

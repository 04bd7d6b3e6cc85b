import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.config import ConfigError, database_url, load_config

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 50
PRODUCTION = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "example.com",
{%- if cookiecutter.database == "postgres" %}
    "DATABASE_URL": "postgresql://app:secret@db:5432/app",
{%- endif %}
{%- if cookiecutter.redis %}
    "REDIS_URL": "redis://redis:6379/0",
{%- endif %}
}


def production(**changes: str | None) -> dict:
    environ = {**PRODUCTION, **changes}
    return load_config("production", "/srv/instance", {k: v for k, v in environ.items() if v})


def test_production_is_the_default() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(None, "/srv/instance", {})


def test_production_settings_are_hardened() -> None:
    config = production()
    assert config["DEBUG"] is False
    assert config["TESTING"] is False
    assert config["SECRET_KEY"] == GOOD_KEY
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert config["HTTPS_ONLY"] is True
    assert config["HSTS_SECONDS"] == 60
    assert config["TRUSTED_HOSTS"] == ["example.com", "localhost", "127.0.0.1", "::1"]
    assert config["CORS_ALLOWED_ORIGINS"] == []
    assert config["LOG_LEVEL"] == "INFO"


def test_production_requires_allowed_hosts() -> None:
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS is not set"):
        production(ALLOWED_HOSTS=None)
    assert production(ALLOWED_HOSTS="*")["TRUSTED_HOSTS"] is None


def test_https_only_can_be_turned_off() -> None:
    config = production(HTTPS_ONLY="false", HSTS_SECONDS="3600", MAX_REQUEST_BYTES="10")
    assert config["HTTPS_ONLY"] is False
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["HSTS_SECONDS"] == 3600
    assert config["MAX_CONTENT_LENGTH"] == 10


@pytest.mark.parametrize(
    ("key", "problem"),
    [(None, "not set"), ("change-me", "placeholder"), ("k" * 49, "too short")],
)
def test_production_refuses_a_bad_secret_key(key: str | None, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        production(SECRET_KEY=key)
{%- if cookiecutter.database == "postgres" %}


def test_production_requires_database_url() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        production(DATABASE_URL=None)


def test_postgres_urls_use_psycopg() -> None:
    uri = production()["SQLALCHEMY_DATABASE_URI"]
    assert uri == "postgresql+psycopg://app:secret@db:5432/app"
    options = production()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 3
{%- else %}


def test_production_defaults_to_sqlite_in_instance_folder() -> None:
    assert production()["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/instance/app.db"
{%- endif %}
{%- if cookiecutter.redis %}


def test_production_requires_redis_url() -> None:
    with pytest.raises(ConfigError, match="REDIS_URL"):
        production(REDIS_URL=None)


def test_redis_backs_cache_and_sessions() -> None:
    config = production()
    assert config["CACHE_TYPE"] == "RedisCache"
    assert config["SESSION_TYPE"] == "redis"
    assert config["SESSION_REDIS"] is not None
{%- endif %}
{%- if cookiecutter.celery %}


def test_celery_broker_and_results_default_to_redis() -> None:
    celery = production()["CELERY"]
    assert celery["broker_url"] == "redis://redis:6379/0"
    assert celery["result_backend"] == "redis://redis:6379/0"
    assert celery["task_always_eager"] is False


def test_celery_broker_can_be_another_redis() -> None:
    celery = production(CELERY_BROKER_URL="redis://queue:6379/1")["CELERY"]
    assert celery["broker_url"] == "redis://queue:6379/1"
    assert celery["result_backend"] == "redis://queue:6379/1"


def test_production_requires_a_celery_broker() -> None:
    with pytest.raises(ConfigError, match="CELERY_BROKER_URL is not set"):
        production(REDIS_URL=None)


def test_development_without_a_broker_runs_tasks_at_once(tmp_path: Path) -> None:
    celery = load_config("development", str(tmp_path), {})["CELERY"]
    assert celery["task_always_eager"] is True
{%- endif %}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("postgresql://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("postgresql+psycopg://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_normalisation(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigError, match="APP_ENV"):
        load_config("staging", "/srv/instance", {})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_REQUEST_BYTES", "lots"),
        ("MAX_REQUEST_BYTES", "١٠"),
        ("HTTPS_ONLY", "maybe"),
        ("LOG_LEVEL", "loud"),
        ("DB_CONNECT_TIMEOUT", "-1"),
    ],
)
def test_bad_value_is_refused(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        production(**{name: value})


def test_development_works_without_any_variable(tmp_path: Path) -> None:
    config = load_config("development", str(tmp_path), {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/app.db"
    assert len(config["SECRET_KEY"]) >= 50
    assert config["HTTPS_ONLY"] is False
    assert config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1", "::1"]


def test_create_app_reads_app_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "testing")
    assert create_app().config["TESTING"] is True


def test_missing_secret_is_one_clear_line(tmp_path: Path) -> None:
    """Production without its variables stops with one line, not a traceback."""
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env={"APP_ENV": "production", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3  # Gunicorn's boot error: the master stops
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith("SECRET_KEY is not set; ALLOWED_HOSTS is not set")
{%- if cookiecutter.database == "postgres" %}
    assert "DATABASE_URL is not set;" in message
{%- endif %}
{%- if cookiecutter.redis %}
    assert "REDIS_URL is not set;" in message
{%- endif %}
{%- if cookiecutter.celery %}
    assert "CELERY_BROKER_URL is not set" in message
{%- endif %}
    # Gunicorn never reads .env: the line says where the setting really goes.
    assert message.endswith("; set them in the environment (docker compose: .env)")


def test_servers_do_not_read_dotenv(tmp_path: Path) -> None:
    """wsgi.py (Gunicorn's entry point) ignores .env and .flaskenv: production, refused."""
    result = subprocess.run(
        [sys.executable, "-c", "import os; os.chdir(os.environ['ROOT']); import wsgi"],
        cwd=ROOT,
        env={"PATH": "", "ROOT": str(ROOT), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "SECRET_KEY is not set" in result.stderr


def test_gunicorn_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] >= 1
    assert settings["default_workers"]("3") == 3
    assert settings["wsgi_app"] == "wsgi:app"
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert settings["default_workers"]("3") == 5

"""The production settings: refused without their secrets, clean under `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "www.example.com",
{%- if cookiecutter.database == "postgres" %}
    "DATABASE_URL": "postgres://app@localhost:5432/app",
{%- endif %}
{%- if cookiecutter.redis %}
    "REDIS_URL": "redis://localhost:6379/0",
{%- endif %}
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh process with only these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "HTTPS_ONLY"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert message.startswith("ImproperlyConfigured: ")
    assert "SECRET_KEY" in message
    assert "ALLOWED_HOSTS" in message
{%- if cookiecutter.celery|default(false) %}
    assert "REDIS_URL" in message  # Celery's broker, too
{%- endif %}
    assert "Traceback" not in result.stderr


def test_production_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unknown_mode_is_refused():
    result = manage("check", DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV must be development, production or build" in result.stderr

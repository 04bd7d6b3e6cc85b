"""The modes: servers default to production and refuse to start without their secrets,
manage.py defaults to development after reading .env, production passes `check --deploy`."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
PACKAGE = "{{ cookiecutter.project_slug }}"
# Every variable the settings read, so that the caller's environment cannot leak in.
VARIABLES = (
    "APP_ENV", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
    "HTTPS_ONLY", "HSTS_SECONDS", "MAX_REQUEST_BYTES", "DJANGO_SETTINGS_MODULE",
)  # fmt: skip
SECRETS = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "www.example.com",
{%- if cookiecutter.database == "postgres" %}
    "DATABASE_URL": "postgres://app@localhost:5432/app",
{%- endif %}
{%- if cookiecutter.redis %}
    "REDIS_URL": "redis://localhost:6379/0",
{%- endif %}
}
MISSING = "SECRET_KEY, ALLOWED_HOSTS{% if cookiecutter.database == 'postgres' %}, DATABASE_URL{% endif %}{% if cookiecutter.redis %}, REDIS_URL{% endif %}"
REFUSAL = (
    f"{MISSING} are not set (APP_ENV=production); "
    "set them in the environment (docker compose: .env)"
)


def python(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with only these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of manage.py and the package without the developer's .env (tests add one)."""
    shutil.copy(PROJECT_DIR / "manage.py", tmp_path)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PROJECT_DIR / PACKAGE, tmp_path / PACKAGE, ignore=ignore)
    return tmp_path


def settings_value(name: str, *, cwd: Path, **env: str) -> str:
    code = f"import {PACKAGE}.wsgi; from django.conf import settings; print(settings.{name})"
    result = python("-c", code, cwd=cwd, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_servers_run_in_production_when_app_env_is_unset(project):
    assert settings_value("APP_ENV", cwd=project, **SECRETS) == "production"
    assert settings_value("DEBUG", cwd=project, **SECRETS) == "False"


@pytest.mark.parametrize("module", ["wsgi"{% if cookiecutter.asgi %}, "asgi"{% endif %}])
def test_the_servers_refuse_to_start_without_their_secrets_in_one_line(project, module):
    result = python("-c", f"import {PACKAGE}.{module}", cwd=project)
    assert result.returncode != 0
    assert result.stderr.strip() == REFUSAL


def test_manage_py_refuses_production_without_its_secrets_in_one_line(project):
    result = python("manage.py", "check", cwd=project, APP_ENV="production")
    assert result.returncode != 0
    assert result.stderr.strip() == REFUSAL


def test_a_short_secret_key_is_refused(project):
    env = {**SECRETS, "APP_ENV": "production", "SECRET_KEY": "short"}
    result = python("manage.py", "check", cwd=project, **env)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("SECRET_KEY is too short (5 characters)")


def test_manage_py_defaults_to_development(project):
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = python("manage.py", "shell", "-v", "0", "-c", code, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_app_env_in_dotenv_counts_for_manage_py(project):
    (project / ".env").write_text("# production without its secrets\nAPP_ENV=production\n")
    result = python("manage.py", "check", cwd=project)
    assert result.returncode != 0
    assert result.stderr.strip() == REFUSAL


def test_the_real_environment_wins_over_dotenv(project):
    (project / ".env").write_text("APP_ENV=production\nSECRET_KEY=from-dotenv\n")
    code = "from django.conf import settings; print(settings.APP_ENV, settings.SECRET_KEY)"
    env = {"APP_ENV": "development"}
    result = python("manage.py", "shell", "-v", "0", "-c", code, cwd=project, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["development", "from-dotenv"]


def test_the_servers_never_read_dotenv(project):
    (project / ".env").write_text("APP_ENV=development\n")
    result = python("-c", f"import {PACKAGE}.wsgi", cwd=project)
    assert result.returncode != 0
    assert result.stderr.strip() == REFUSAL


def test_django_env_is_still_understood(project):
    assert settings_value("APP_ENV", cwd=project, DJANGO_ENV="development") == "development"


def test_production_passes_the_deployment_checklist(project):
    command = ("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    result = python(*command, cwd=project, APP_ENV="production", **SECRETS)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_hsts_starts_at_60_seconds_without_subdomains_or_preload(project):
    code = (
        "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD)"
    )
    env = {"APP_ENV": "production", **SECRETS}
    result = python("manage.py", "shell", "-v", "0", "-c", code, cwd=project, **env)
    assert result.stdout.split() == ["60", "False", "False"], result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("APP_ENV", "prod", "APP_ENV must be production, development or testing, not 'prod'."),
        ("HTTPS_ONLY", "ture", "HTTPS_ONLY must be true or false, not 'ture'."),
        ("MAX_REQUEST_BYTES", "1MB", "MAX_REQUEST_BYTES must be a whole number, not '1MB'."),
    ],
)
def test_unusable_values_are_refused_in_one_line(project, variable, value, message):
    env = {"APP_ENV": "production", **SECRETS, variable: value}
    result = python("manage.py", "check", cwd=project, **env)
    assert result.returncode != 0
    assert result.stderr.strip() == message

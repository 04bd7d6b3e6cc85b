"""The Django template renders complete, clean projects, and they run on the real stack.

Fast tests render every variant and check the files themselves: no leftover Jinja, values
inserted literally, secrets only in the git-ignored .env, hadolint, the compose schema,
`nginx -t`, bandit and ruff. Slow tests install the projects with uv and run them: their own
test suites, `check --deploy`, the entrypoint on SQLite and PostgreSQL, Redis, Gunicorn
behind real Nginx, headless Chromium, and a plain `pip install .`.
"""

from __future__ import annotations

import ast
import contextlib
import http.client as httplib
import json
import os
import re
import runpy
import secrets
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from cookiecutter.exceptions import FailedHookException
from cookiecutter.generate import generate_files
from cookiecutter.main import cookiecutter

from tests.django_support import Session, admin_login, read_png, redis_server, screenshot
from tests.stack import (
    TEMPLATES,
    Venv,
    free_port,
    http,
    nginx,
    nginx_site,
    nginx_test,
    postgres_cluster,
    process,
    project_requirements,
    run,
    uv_venv,
    wait_http,
)

TEMPLATE = TEMPLATES / "django"
SLUG = "shop_floor"
VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "postgres": {"database": "postgres"},
    "api": {"api": True},
    "asgi": {"asgi": True},
    "redis": {"redis": True},
    "celery": {"api": True, "redis": True, "celery": True},
    "everything": {
        "database": "postgres",
        "api": True,
        "asgi": True,
        "redis": True,
        "workers": "3",
        "python_version": "3.11",
    },
}
API_FILES = (
    f"{SLUG}/api/__init__.py",
    f"{SLUG}/api/problems.py",
    f"{SLUG}/items/api.py",
    f"{SLUG}/items/serializers.py",
    "tests/test_api.py",
    "tests/test_api_auth.py",
)
# Files whose own syntax uses {{ and {%: Django templates and GitHub Actions expressions.
JINJA_ALLOWED = re.compile(r"(^|/)templates/|^\.github/workflows/")
TOOLS = Path(sys.executable).parent
REFUSAL = (
    "SECRET_KEY, ALLOWED_HOSTS are not set (APP_ENV=production); "
    "set them in the environment (docker compose: .env)"
)


def tool(name: str) -> str:
    """A command-line tool installed beside this Python (the test extras), else from PATH."""
    path = TOOLS / name
    return str(path) if path.exists() else shutil.which(name) or name


def render(output_dir: Path, config: Path, **answers: object) -> Path:
    context = {"project_name": "Shop Floor", **answers}
    return Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            extra_context=context,
            output_dir=str(output_dir),
            config_file=str(config),
        )
    )


def cookiecutter_config(directory: Path) -> Path:
    """A cookiecutter config keeping replay files out of the home directory."""
    config = directory / "cookiecutter.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "cookiecutters_dir": str(directory / "cookiecutters"),
                "replay_dir": str(directory / "replay"),
            }
        )
    )
    return config


def project_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("django-renders")
    config = cookiecutter_config(base)
    return {name: render(base / name, config, **answers) for name, answers in VARIANTS.items()}


# --- the rendered files ------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_render_is_complete(projects, variant):
    root = projects[variant]
    assert root.name == SLUG
    for path in project_files(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        assert "cookiecutter" not in text, rel
        if not JINJA_ALLOWED.search(rel):
            assert "{{" not in text and "{%" not in text, f"unrendered Jinja in {rel}"
        if path.name != "__init__.py":
            assert text.strip(), f"{rel} is empty"
        if path.suffix == ".py":
            compile(text, rel, "exec")
    api = bool(VARIANTS[variant].get("api"))
    for rel in API_FILES:
        assert (root / rel).exists() is api, rel
    settings = (root / SLUG / "settings.py").read_text()
    assert ('"rest_framework"' in settings) is api
    assert ("RedisCache" in settings) is bool(VARIANTS[variant].get("redis"))
    for rel in ("nginx/default.conf", "Dockerfile", ".dockerignore", "docker-compose.yml"):
        assert (root / rel).is_file(), rel
    for rel in ("entrypoint.sh", "gunicorn.conf.py", "manage.py", ".env.example", "Makefile"):
        assert (root / rel).is_file(), rel
    assert (root / "nginx" / "local").is_dir()
    assert os.access(root / "entrypoint.sh", os.X_OK)
    migrations = sorted(p.name for p in root.glob(f"{SLUG}/*/migrations/0001_initial.py"))
    assert len(migrations) == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_data_files_parse(projects, variant):
    root = projects[variant]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=3.11"
    for rel in ("docker-compose.yml", ".github/workflows/ci.yml", ".pre-commit-config.yaml"):
        assert isinstance(yaml.safe_load((root / rel).read_text()), dict), rel
    deps = " ".join(pyproject["project"]["dependencies"])
    answers = VARIANTS[variant]
    assert "Django>=5.2.19,<5.3" in deps
    assert "django-environ" in deps and "argon2-cffi" in deps
    # Always: `scaffold deploy --set database=postgres` must not need a code change.
    assert "psycopg[binary]" in deps
    assert ("djangorestframework" in deps) is bool(answers.get("api"))
    assert ("drf-spectacular[sidecar]" in deps) is bool(answers.get("api"))
    assert ("django-cors-headers" in deps) is bool(answers.get("api"))
    assert ("uvicorn-worker" in deps) is bool(answers.get("asgi"))
    assert ("redis" in deps) is bool(answers.get("redis"))


@pytest.mark.parametrize("variant", ["default", "postgres"])
def test_secrets_live_only_in_the_git_ignored_env(projects, variant):
    root = projects[variant]
    env_file = root / ".env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = dict(
        line.split("=", 1) for line in env_file.read_text().splitlines() if re.match(r"^\w+=", line)
    )
    secret_names = ["SECRET_KEY"] + (["POSTGRES_PASSWORD"] if variant == "postgres" else [])
    for name in secret_names:
        assert len(values[name]) >= 50, name
        for path in project_files(root):
            if path != env_file:
                assert values[name] not in path.read_text(), f"{name} leaked into {path}"
    assert ".env" in (root / ".gitignore").read_text().split()
    assert ".env" in (root / ".dockerignore").read_text().split()
    example = (root / ".env.example").read_text()
    assert re.search(r"(?m)^SECRET_KEY=$", example)
    other = projects["api"] / ".env"
    assert values["SECRET_KEY"] not in other.read_text(), "two projects share a SECRET_KEY"


def test_the_cookiecutter_cli_renders_the_defaults(tmp_path):
    config = cookiecutter_config(tmp_path)
    run(
        [
            *(sys.executable, "-m", "cookiecutter", str(TEMPLATE), "--no-input"),
            *("-o", str(tmp_path), "--config-file", str(config)),
        ],
        cwd=tmp_path,
    )
    root = tmp_path / "my_project"
    assert (root / "my_project" / "settings.py").is_file()
    assert (root / ".env").is_file()
    assert not (root / "my_project" / "items" / "api.py").exists()


ODD_NAME = 'Café 🚀 "Quoted" \\ Back {{ 7*7 }} {% raw %}'
ODD_DESCRIPTION = 'It\'s a "test": backslash \\, braces {{ 7*7 }}, tag {% if %}, <b>html</b>'
ODD_AUTHOR = 'O\'Brien "Bob" \\ Ünïcode \x7f\u2028 𝔘'  # noqa: RUF001 (deliberately odd text)


def test_odd_values_are_inserted_literally(tmp_path, monkeypatch):
    """Values as the generator passes them (already final): never evaluated, always valid."""
    monkeypatch.syspath_prepend(str(TEMPLATE))  # the template's Jinja extension, as cookiecutter
    context = {
        "cookiecutter": {
            "project_name": ODD_NAME,
            "project_slug": "odd_project",
            "description": ODD_DESCRIPTION,
            "author": ODD_AUTHOR,
            "app_type": "unsure",
            "python_version": "3.12",
            "database": "postgres",
            "api": True,
            "asgi": True,
            "redis": True,
            "celery": False,
            "workers": "4",
            "_copy_without_render": [".github/workflows/*"],
            "_scaffold_template": "django",
            "_extensions": ["local_extensions.UnicodeJson"],
        }
    }
    root = Path(generate_files(repo_dir=str(TEMPLATE), context=context, output_dir=str(tmp_path)))
    settings = ast.parse((root / "odd_project" / "settings.py").read_text())
    assigned = {
        node.targets[0].id: node.value
        for node in settings.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert ast.literal_eval(assigned["SITE_NAME"]) == ODD_NAME
    spectacular = assigned["SPECTACULAR_SETTINGS"]
    entries = {k.value: v for k, v in zip(spectacular.keys, spectacular.values, strict=True)}
    assert ast.literal_eval(entries["DESCRIPTION"]) == ODD_DESCRIPTION
    meta = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert meta["description"] == ODD_DESCRIPTION
    assert meta["authors"] == [{"name": ODD_AUTHOR}]
    readme = (root / "README.md").read_text()
    assert ODD_NAME in readme and ODD_DESCRIPTION in readme
    for path in root.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert runpy.run_path(str(root / "gunicorn.conf.py"))["workers"] == 4


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_slug": "shop-floor"}, "not a usable Python package name"),
        ({"project_slug": "2shop"}, "not a usable Python package name"),
        ({"project_slug": "django"}, "would shadow"),
        ({"project_slug": "json"}, "would shadow"),
        ({"workers": "lots"}, "workers must be 'auto' or a positive whole number"),
        ({"workers": "0"}, "workers must be 'auto' or a positive whole number"),
    ],
)
def test_unusable_answers_are_refused_before_writing(tmp_path, answers, message):
    config = cookiecutter_config(tmp_path)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", str(TEMPLATE), "--no-input", "-o", str(out)]
        + ["--config-file", str(config)]
        + [f"{k}={v}" for k, v in answers.items()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    assert not any(out.glob("*/manage.py")), "a refused project left files behind"
    with pytest.raises(FailedHookException):
        render(tmp_path / "again", config, **answers)


def test_gunicorn_workers_follow_the_answer_then_the_environment(projects, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    auto = runpy.run_path(str(projects["default"] / "gunicorn.conf.py"))
    assert auto["workers"] == auto["usable_cpus"]() * 2 + 1
    assert auto["wsgi_app"] == f"{SLUG}.wsgi:application"
    assert auto["bind"] == "0.0.0.0:8000"
    assert auto["accesslog"] == "-"
    assert auto["chdir"] == str(projects["default"].resolve())
    fixed = runpy.run_path(str(projects["everything"] / "gunicorn.conf.py"))
    assert fixed["workers"] == 3
    assert fixed["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert fixed["wsgi_app"] == f"{SLUG}.asgi:application"
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    env = runpy.run_path(str(projects["everything"] / "gunicorn.conf.py"))
    assert (env["workers"], env["bind"], env["forwarded_allow_ips"]) == (7, "127.0.0.1:9000", "*")


def test_gunicorn_local_overrides_are_read_last(projects, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(projects["default"], project)
    (project / "gunicorn_local.py").write_text("timeout = 120\n_private = 1\n")
    conf = runpy.run_path(str(project / "gunicorn.conf.py"))
    assert conf["timeout"] == 120
    assert "_private" not in conf


@pytest.mark.parametrize("variant", ["default", "postgres", "everything"])
def test_dockerfile_passes_hadolint(projects, variant):
    dockerfile = projects[variant] / "Dockerfile"
    result = subprocess.run(
        [tool("hadolint"), "--failure-threshold", "warning", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", ["default", "everything"])
def test_dockerfile_shape(projects, variant):
    text = (projects[variant] / "Dockerfile").read_text()
    version = VARIANTS[variant].get("python_version", "3.13")
    froms = re.findall(r"(?m)^FROM (\S+)", text)
    assert froms == [f"python:{version}-slim", f"python:{version}-slim"]
    assert "AS builder" in text and "COPY --from=builder /opt/venv /opt/venv" in text
    assert text.index("COPY pyproject.toml") < text.index("pip install") < text.index("COPY . .")
    assert re.search(r"(?m)^USER 10001:10001$", text)
    assert "APP_ENV=build python manage.py collectstatic --noinput" in text
    assert re.search(r'(?m)^HEALTHCHECK .*\n\s+CMD \["python", "-c", ".*urllib.*/healthz', text)
    assert re.search(r'(?m)^ENTRYPOINT \["/app/entrypoint.sh"\]$', text)
    assert re.search(r'(?m)^CMD \["gunicorn", "-c", "gunicorn.conf.py"\]$', text)
    assert "SECRET_KEY" not in text and not re.search(r"\.env\b", text)
    assert not re.search(r"\b(gcc|build-essential|apt-get)\b", text)
    ignored = (projects[variant] / ".dockerignore").read_text().split()
    for entry in (
        ".env",
        ".git",
        ".venv",
        "**/__pycache__",
        "**/.pytest_cache",
        "media",
        "*.sqlite3*",
    ):
        assert entry in ignored, entry


def test_compose_files_validate_against_the_compose_spec(projects):
    files = [str(projects[v] / "docker-compose.yml") for v in VARIANTS]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", ["default", "everything"])
def test_compose_stack_shape(projects, variant):
    compose = yaml.safe_load((projects[variant] / "docker-compose.yml").read_text())
    assert "version" not in compose
    services = compose["services"]
    postgres = variant == "everything"
    expected = {"web", "nginx"} | ({"db", "redis"} if postgres else set())
    assert set(services) == expected
    web, proxy = services["web"], services["nginx"]
    assert web["build"] == "."
    assert web["env_file"] == [{"path": ".env", "required": False}]
    assert web["environment"]["APP_ENV"] == "production"
    assert "ports" not in web
    assert proxy["image"] == "nginx:1.28"
    assert proxy["ports"] == ["127.0.0.1:${HTTP_PORT:-8080}:80"]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert "./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert "./nginx/local:/etc/nginx/conf.d/local:ro" in proxy["volumes"]
    assert {"static:/srv/static", "media:/app/media"} <= set(web["volumes"])
    assert {"static:/srv/static:ro", "media:/srv/media:ro"} <= set(proxy["volumes"])
    assert "healthcheck" in proxy
    if postgres:
        assert services["db"]["image"] == "postgres:17"
        assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
        assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
        assert services["redis"]["image"] == "redis:7"
        assert web["depends_on"]["db"] == {"condition": "service_healthy"}
        assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert "@db:5432/" in web["environment"]["DATABASE_URL"]
    else:
        assert "data:/app/data" in web["volumes"]
    # No secret is written into the compose file: it reads them from .env.
    assert "SECRET_KEY" not in (projects[variant] / "docker-compose.yml").read_text()


def test_nginx_config_passes_nginx_t(projects, tmp_path):
    generated = (projects["default"] / "nginx" / "default.conf").read_text()
    for directive in (
        "server_tokens off;",
        "client_max_body_size 1m;",
        "gzip on;",
        "keepalive 16;",
        "server web:8000;",
        "include /etc/nginx/conf.d/local/*.conf;",
        "proxy_set_header X-Forwarded-Proto $forwarded_proto;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header Host $http_host;",
        "alias /srv/static/;",
        "alias /srv/media/;",
    ):
        assert directive in generated, directive
    site = nginx_site(
        generated,
        free_port(),
        f"127.0.0.1:{free_port()}",
        {"/srv/static/": f"{tmp_path}/static/", "/srv/media/": f"{tmp_path}/media/"},
    )
    result = nginx_test(site)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_bandit_finds_no_medium_or_high_issue(projects, variant):
    result = subprocess.run(
        [tool("bandit"), "-r", str(projects[variant]), "-ll", "-q", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["results"] == [], report["results"]
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_ruff_is_clean(projects, variant):
    root = projects[variant]
    for cmd in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        result = subprocess.run(
            [tool("ruff"), *cmd], cwd=root, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_entrypoint_is_posix_sh(projects):
    script = projects["default"] / "entrypoint.sh"
    text = script.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert "\nset -eu\n" in text
    assert "migrate --noinput" in text and 'exec "$@"' in text
    assert "DB_WAIT_SECONDS" in text
    for shell in ("dash", "sh"):
        if shutil.which(shell):
            run([shutil.which(shell) or shell, "-n", str(script)], cwd=script.parent)


# --- installed and running: shared environment ----------------------------------------------


@pytest.fixture(scope="module")
def venv(projects) -> Venv:
    """One uv virtualenv with the union of every variant's dependencies (dev extras too)."""
    requirements = sorted({r for p in projects.values() for r in project_requirements(p)})
    return uv_venv(requirements)


def production_env(venv: Venv, workdir: Path, **extra: str) -> dict[str, str]:
    env = venv.env(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PYTHONDONTWRITEBYTECODE="1",
        WEB_CONCURRENCY="2",
        DB_WAIT_SECONDS="20",
    )
    for name in ("DJANGO_ENV", "HTTPS_ONLY", "REDIS_URL", "STATIC_VOLUME", "GUNICORN_BIND"):
        env.pop(name, None)
    env.update(extra)
    return env


def copy_project(projects: dict[str, Path], variant: str, tmp_path: Path) -> Path:
    """A private copy for tests that write (database files, gunicorn_local.py)."""
    target = tmp_path / "project"
    shutil.copytree(projects[variant], target)
    return target


def collectstatic(venv: Venv, project: Path, env: dict[str, str]) -> None:
    """The Dockerfile's build step: APP_ENV=build, no secret, no database."""
    build = {k: v for k, v in env.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    run(
        [str(venv.python), "manage.py", "collectstatic", "--noinput"],
        cwd=project,
        env={**build, "APP_ENV": "build"},
    )
    assert (Path(env["STATIC_ROOT"]) / "staticfiles.json").is_file()


@contextlib.contextmanager
def entrypoint(project: Path, env: dict[str, str], log: Path):
    """Run the container's entrypoint.sh on this machine: wait, migrate, exec Gunicorn."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with process(["sh", str(project / "entrypoint.sh")], cwd=project, env=env, log=log) as proc:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_http(f"{url}/healthz", proc, timeout=90)
        except AssertionError as err:
            raise AssertionError(f"{err}\n{log.read_text()[-6000:]}") from None
        yield url


def dockerfile_healthcheck(project: Path) -> list[str]:
    """The exec-form command of the Dockerfile's HEALTHCHECK."""
    match = re.search(
        r"(?m)^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$", (project / "Dockerfile").read_text()
    )
    assert match, "no exec-form HEALTHCHECK"
    command = json.loads(match[1])
    assert command[0] == "python"
    return command


def create_superuser(venv: Venv, project: Path, env: dict[str, str]) -> tuple[str, str]:
    password = secrets.token_urlsafe(16)
    run(
        [str(venv.python), "manage.py", "createsuperuser", "--noinput"],
        cwd=project,
        env={
            **env,
            "DJANGO_SUPERUSER_USERNAME": "admin",
            "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
            "DJANGO_SUPERUSER_PASSWORD": password,
        },
    )
    return "admin", password


def https_session(url: str) -> Session:
    """Requests as a TLS-terminating proxy would forward them to Gunicorn."""
    host = url.removeprefix("http://")
    return Session(url, headers={"X-Forwarded-Proto": "https", "Origin": f"https://{host}"})


def wait_status(url: str, status: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while (got := http("GET", url).status) != status:
        assert time.monotonic() < deadline, f"{url} stayed {got}, expected {status}"
        time.sleep(0.3)


# --- slow: each variant's own checks --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_project_checks_pass_in_a_uv_virtualenv(projects, venv, variant, tmp_path):
    root = projects[variant]
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("APP_ENV", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)
    env.pop("ALLOWED_HOSTS", None)
    suite = run(
        [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"],
        cwd=root,
        env=env,
    )
    assert re.search(r"\d+ passed", suite.stdout), suite.stdout
    assert "warning" not in suite.stdout.lower(), suite.stdout
    run([venv.bin("ruff"), "check", "--no-cache", "."], cwd=root, env=env)
    run(
        [str(venv.python), "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=root,
        env={**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    production = production_env(venv, tmp_path, HTTPS_ONLY="true")
    if VARIANTS[variant].get("database") == "postgres":
        production["DATABASE_URL"] = "postgres://app:secret@127.0.0.1:9/app"
    if VARIANTS[variant].get("redis"):
        production["REDIS_URL"] = "redis://127.0.0.1:9/0"
    checked = run(
        [str(venv.python), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=production,
    )
    # The two silenced checks ask for HSTS on subdomains and preload, off at first.
    assert checked.stdout.strip() == "System check identified no issues (2 silenced).", (
        checked.stdout + checked.stderr
    )
    assert "WARNING" not in checked.stderr
    run(
        [venv.bin("gunicorn"), "--check-config", "-c", "gunicorn.conf.py"], cwd=root, env=production
    )


@pytest.mark.slow
def test_production_refuses_to_start_without_its_secrets(projects, venv, tmp_path):
    env = production_env(venv, tmp_path)
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]
    result = subprocess.run(
        ["sh", "entrypoint.sh"],
        cwd=projects["default"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.strip().endswith(REFUSAL), result.stderr


@pytest.mark.slow
def test_gunicorn_without_app_env_runs_in_production(projects, venv, tmp_path):
    """Issue 11: no mode means production under Gunicorn: no debug page, and no start
    without the secrets (one line, non-zero exit, no traceback)."""
    project = copy_project(projects, "api", tmp_path)
    env = venv.env(PYTHONDONTWRITEBYTECODE="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    for name in ("APP_ENV", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS_ONLY"):
        env.pop(name, None)
    # gunicorn.conf.py preloads the app (the contract); the flag keeps this test about the app.
    gunicorn = [venv.bin("gunicorn"), "-c", "gunicorn.conf.py", "--preload", "-w", "2"]
    bind = ["-b", f"127.0.0.1:{free_port()}"]
    refused = subprocess.run(
        [*gunicorn, *bind], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode != 0
    assert refused.stderr.strip() == REFUSAL
    assert refused.stdout == ""
    secrets_only = {**env, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1"}
    run([str(venv.python), "manage.py", "migrate", "-v", "0"], cwd=project, env=secrets_only)
    port = free_port()
    command = [*gunicorn, "-b", f"127.0.0.1:{port}"]
    with process(command, cwd=project, env=secrets_only, log=tmp_path / "g.log") as proc:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/healthz", proc)
        https = {"X-Forwarded-Proto": "https"}
        page = http("GET", f"{url}/no-such-page/", headers=https)
        assert page.status == 404
        assert b"DEBUG = True" not in page.body and b"Traceback" not in page.body
        assert http("GET", f"{url}/no-such-page/").status == 301  # HTTPS only
        api = http("GET", f"{url}/api/no-such-thing/", headers=https)
        assert api.status == 404
        assert api.json()["title"] == "Not Found"


@pytest.mark.slow
def test_makefile_tasks_and_the_development_server(projects, venv, tmp_path):
    project = copy_project(projects, "default", tmp_path)
    (project / ".env").unlink()
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("APP_ENV", "DJANGO_ENV", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.pop("HTTPS_ONLY", None)
    # No environment and no .env at all: manage.py means development, on SQLite.
    run([str(venv.python), "manage.py", "migrate"], cwd=project, env=env)
    assert (project / "db.sqlite3").is_file()
    port = free_port()
    server = [str(venv.python), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with process(server, cwd=project, env=env, log=tmp_path / "runserver.log") as proc:
        wait_http(f"http://127.0.0.1:{port}/healthz", proc)
        home = http("GET", f"http://127.0.0.1:{port}/")
        assert home.status == 200 and b"Shop Floor" in home.body
        css = http("GET", f"http://127.0.0.1:{port}/static/css/site.css")
        assert css.status == 200 and b".site-header" in css.body
    # `make .env` writes what the post-generation hook writes; the other tasks run as in CI.
    make = shutil.which("make") or "make"
    run([make, ".env"], cwd=project, env=env)
    assert stat.S_IMODE((project / ".env").stat().st_mode) == 0o600
    assert re.search(r"(?m)^SECRET_KEY=\S{50,}$", (project / ".env").read_text())
    run([make, "lint", "test", "check-deploy", f"VENV={venv.path}"], cwd=project, env=env)


# --- slow: the entrypoint and Gunicorn on SQLite and PostgreSQL ----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["default", "asgi"])
def test_entrypoint_on_sqlite_migrates_serves_and_admin_login_works(
    projects, venv, variant, tmp_path
):
    project = copy_project(projects, variant, tmp_path)
    env = production_env(venv, tmp_path)
    collectstatic(venv, project, env)
    log = tmp_path / "gunicorn.log"
    with entrypoint(project, env, log) as url:
        with sqlite3.connect(tmp_path / "db.sqlite3") as db:
            applied = {row[0] for row in db.execute("SELECT app FROM django_migrations")}
        assert {"accounts", "items", "admin", "auth", "sessions"} <= applied
        assert http("GET", f"{url}/readyz").status == 200
        # The image's HEALTHCHECK command, run as Docker would run it in the container.
        healthcheck = dockerfile_healthcheck(project)
        probe = {**env, "GUNICORN_BIND": url.removeprefix("http://")}
        run([str(venv.python), *healthcheck[1:]], cwd=project, env=probe)
        # Production redirects plain HTTP to HTTPS; the probes are exempt.
        plain = http("GET", f"{url}/admin/login/")
        assert plain.status == 301
        assert plain.headers["location"].startswith("https://127.0.0.1:")
        # Gunicorn does not serve static files: Nginx does.
        proxied = {"X-Forwarded-Proto": "https"}
        assert http("GET", f"{url}/static/admin/css/base.css", headers=proxied).status == 404
        username, password = create_superuser(venv, project, env)
        session = https_session(url)
        index = admin_login(session, username, password)
        assert index.status == 200
        assert "Site administration" in index.text
        assert "/admin/items/item/" in index.text and "/admin/accounts/user/" in index.text
        session_cookie = next(c for c in session.raw_cookies if c.startswith("sessionid="))
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie
        # HSTS starts low (it cannot be taken back), without subdomains or preload.
        assert index.header("Strict-Transport-Security") == "max-age=60"
        home = session.get("/")
        assert home.status == 200 and "Shop Floor" in home.text
    text = log.read_text()
    if variant == "asgi":
        assert "uvicorn_worker.UvicornWorker" in text
    assert "Traceback" not in text, text[-4000:]


@pytest.mark.slow
def test_postgres_suite_entrypoint_login_and_readiness(projects, venv, tmp_path):
    project = copy_project(projects, "postgres", tmp_path)
    log = tmp_path / "gunicorn.log"
    database = contextlib.ExitStack()
    with database:
        pg = database.enter_context(postgres_cluster())
        url_db = pg.create_database("shop")
        # The project's own suite, against PostgreSQL this time.
        dev = venv.env(DATABASE_URL=url_db, PYTHONDONTWRITEBYTECODE="1")
        dev.pop("DJANGO_ENV", None)
        dev.pop("APP_ENV", None)
        suite = run(
            [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project, env=dev
        )
        assert re.search(r"\d+ passed", suite.stdout), suite.stdout
        env = production_env(venv, tmp_path, DATABASE_URL=url_db)
        collectstatic(venv, project, env)
        with entrypoint(project, env, log) as url:
            run([str(venv.python), "manage.py", "migrate", "--check"], cwd=project, env=env)
            assert http("GET", f"{url}/readyz").json() == {
                "status": "ok",
                "checks": {"database": True},
            }
            username, password = create_superuser(venv, project, env)
            index = admin_login(https_session(url), username, password)
            assert index.status == 200 and "Site administration" in index.text
            # The database goes away while Gunicorn runs: not ready, still alive.
            database.close()
            wait_status(f"{url}/readyz", 503)
            started = time.monotonic()
            assert http("GET", f"{url}/readyz").status == 503
            assert time.monotonic() - started < 5, "readiness waited too long for the database"
            assert http("GET", f"{url}/healthz").status == 200


@pytest.mark.slow
def test_redis_cache_sessions_and_readiness(projects, venv, tmp_path):
    project = copy_project(projects, "redis", tmp_path)
    port = free_port()
    cache = contextlib.ExitStack()
    with cache:
        cache.enter_context(redis_server(port, tmp_path))
        redis_url = f"redis://127.0.0.1:{port}/0"
        env = production_env(venv, tmp_path, REDIS_URL=redis_url)
        collectstatic(venv, project, env)
        with entrypoint(project, env, tmp_path / "gunicorn.log") as url:
            ready = http("GET", f"{url}/readyz")
            assert ready.status == 200, ready.body
            assert ready.json()["checks"] == {"database": True, "cache": True}
            username, password = create_superuser(venv, project, env)
            assert admin_login(https_session(url), username, password).status == 200
            keys = run(
                [shutil.which("redis-cli") or "redis-cli", "-p", str(port), "--scan"],
                cwd=tmp_path,
            ).stdout
            assert "django.contrib.sessions.cached_db" in keys, keys
            cache.close()
            wait_status(f"{url}/readyz", 503)
            assert http("GET", f"{url}/healthz").status == 200


# --- slow: Nginx in front, and a real browser ----------------------------------------------------

ACCESS_LOG_FORMAT = (
    'access_log_format = "%(r)s %(s)s host=%({host}i)s xfp=%({x-forwarded-proto}i)s '
    'xff=%({x-forwarded-for}i)s real=%({x-real-ip}i)s"\n'
)


def header_colour(css: str) -> tuple[int, int, int]:
    """The admin header's background colour, resolved from the admin's own base.css."""
    variables = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css.split("}", 1)[0]))
    value = variables["--header-bg"].strip()
    while value.startswith("var("):
        value = variables[value[4:-1].strip()].strip()
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), value
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.slow
def test_nginx_serves_static_media_and_api_in_front_of_gunicorn(projects, venv, tmp_path):
    project = copy_project(projects, "api", tmp_path)
    (project / "gunicorn_local.py").write_text(ACCESS_LOG_FORMAT)
    # As local `docker compose up`: plain HTTP on this machine.
    env = production_env(venv, tmp_path, HTTPS_ONLY="false")
    static_root, media_root = tmp_path / "static", tmp_path / "media"
    collectstatic(venv, project, env)
    (media_root / "uploads").mkdir(parents=True)
    (media_root / "uploads" / "note.txt").write_text("uploaded\n")
    log = tmp_path / "gunicorn.log"
    generated = (project / "nginx" / "default.conf").read_text()
    paths = {"/srv/static/": f"{static_root}/", "/srv/media/": f"{media_root}/"}
    with (
        entrypoint(project, env, log) as upstream,
        nginx(generated, upstream.removeprefix("http://"), paths) as proxy,
    ):
        browser = Session(proxy.url, headers={"Origin": proxy.url})
        login = browser.get("/admin/login/")
        assert login.status == 200
        assert login.header("Server") == "nginx"
        for name, value in (
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
        ):
            assert login.all(name) == [value], (name, login.headers)
        # The admin stylesheet: hashed name from the manifest, bytes from STATIC_ROOT.
        href = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login.text)
        assert href, login.text[:3000]
        css = browser.get(href[1])
        assert css.status == 200
        assert css.header("Content-Type") == "text/css"
        assert css.body == (static_root / href[1].removeprefix("/static/")).read_bytes()
        assert css.header("Cache-Control") == "max-age=86400"
        assert css.all("X-Content-Type-Options") == ["nosniff"]
        assert css.all("X-Frame-Options") == ["DENY"]
        zipped = browser.get(href[1], headers={"Accept-Encoding": "gzip"})
        assert zipped.header("Content-Encoding") == "gzip"
        assert http("GET", f"{upstream}{href[1]}").status == 404
        # Uploaded media, with headers that keep it from running as a page.
        media = browser.get("/media/uploads/note.txt")
        assert media.status == 200 and media.body == b"uploaded\n"
        assert media.header("Content-Security-Policy") == "default-src 'none'; sandbox"
        assert media.all("X-Content-Type-Options") == ["nosniff"]
        # The admin login through Nginx (Host and port preserved, so CSRF's origin check holds).
        username, password = create_superuser(venv, project, env)
        assert admin_login(browser, username, password).status == 200
        # The API through Nginx: a token, a write, a read, the schema and its docs page.
        credentials = {"username": username, "password": password}
        token = http("POST", f"{proxy.url}/api/auth/token/", credentials)
        assert token.status == 200, token.body
        auth = {"Authorization": f"Bearer {token.json()['token']}"}
        created = http("POST", f"{proxy.url}/api/items/", {"name": "Via Nginx"}, auth)
        assert created.status == 201, created.body
        listing = http("GET", f"{proxy.url}/api/items/").json()
        assert [item["name"] for item in listing["results"]] == ["Via Nginx"]
        schema = http("GET", f"{proxy.url}/api/openapi.json")
        assert schema.status == 200 and "/api/items/" in schema.json()["paths"]
        docs = browser.get("/api/docs/")
        assert docs.status == 200
        sidecar = r'src="(/static/drf_spectacular_sidecar/[^"]+bundle[^"]*\.js)"'
        bundle = re.search(sidecar, docs.text)
        assert bundle, docs.text[:2000]
        assert browser.get(bundle[1]).status == 200  # from STATIC_ROOT, through Nginx
        refused = http("POST", f"{proxy.url}/api/items/", {"name": "anonymous"})
        assert refused.status == 401
        assert refused.headers["content-type"] == "application/problem+json"
        missing = http("GET", f"{proxy.url}/api/nothing/")
        assert missing.status == 404
        assert missing.headers["content-type"] == "application/problem+json"
        # Oversized bodies stop at Nginx with 413.
        assert oversized_post(proxy.port, "/api/items/", 11 * 1024 * 1024) == 413
        # A real browser: the admin login page is styled by the CSS Nginx served.
        shot = screenshot(f"{proxy.url}/admin/login/", tmp_path / "login.png")
        image = read_png(shot)
        colour = header_colour(css.text)
        # The login box's header bar alone is about 390 x 60 pixels of that colour;
        # unstyled, the page has none.
        assert image.count(colour) > 15_000, f"admin header colour {colour} missing"
    gunicorn_log = log.read_text()
    # Every request Nginx passed on carries its proxy headers (Host keeps the port).
    via_nginx = [
        line for line in gunicorn_log.splitlines() if f"host=127.0.0.1:{proxy.port} " in line
    ]
    login_line = next(line for line in via_nginx if "GET /admin/login/ " in line)
    assert "xfp=http " in login_line and "xff=127.0.0.1 " in login_line
    # The access line is the message of a JSON log record in production.
    assert 'real=127.0.0.1"' in login_line
    # Static files never reached Gunicorn through Nginx (Nginx's own static log is off).
    assert not [line for line in via_nginx if "/static/" in line], "Nginx passed on /static/"
    assert "Traceback" not in gunicorn_log, gunicorn_log[-4000:]


def oversized_post(port: int, path: str, size: int) -> int:
    """Announce a body larger than allowed and return the status; the body is never sent."""
    conn = httplib.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


# --- slow: a plain install, as the Dockerfile does it ---------------------------------------------


@pytest.mark.slow
def test_dockerfile_steps_and_a_plain_pip_install_work_in_a_fresh_venv(projects, tmp_path):
    project = projects["everything"]
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = str(venv / "bin" / "python")
    # The builder stage's dependency step, command for command.
    dockerfile = (project / "Dockerfile").read_text()
    extract = re.search(r'RUN (python -c "import tomllib.*") > requirements.txt', dockerfile)
    assert extract, "the Dockerfile no longer reads its dependencies from pyproject.toml"
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(project / "pyproject.toml", build)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    requirements = run(["sh", "-c", extract[1]], cwd=build, env=env).stdout.split()
    assert (
        requirements
        == tomllib.loads((project / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    run(
        [python, "-m", "pip", "install", "--quiet", "--no-cache-dir", *requirements],
        cwd=build,
        env=env,
        timeout=600,
    )
    # The final stage's collectstatic, with no secret at all.
    static = tmp_path / "static"
    run(
        [python, "manage.py", "collectstatic", "--noinput"],
        cwd=project,
        env={
            **env,
            "APP_ENV": "build",
            "STATIC_ROOT": str(static),
            "PYTHONDONTWRITEBYTECODE": "1",
        },
    )
    assert (static / "staticfiles.json").is_file()
    assert list(static.glob("css/site.*.css")) and list(static.glob("admin/css/base.*.css"))
    # A plain, non-editable `pip install .`: the package carries its templates and static.
    run(
        [python, "-m", "pip", "install", "--quiet", str(project)],
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": f"{SLUG}.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    check_env.pop("DJANGO_ENV", None)
    # django-admin is a development tool that, unlike manage.py, does not choose a mode.
    check_env["APP_ENV"] = "development"
    run([str(venv / "bin" / "django-admin"), "check"], cwd=elsewhere, env=check_env)
    found = run(
        [str(venv / "bin" / "django-admin"), "findstatic", "css/site.css", "--first"],
        cwd=elsewhere,
        env=check_env,
    ).stdout
    assert "site-packages" in found
    templates = run(
        [
            python,
            "-c",
            "import django; django.setup(); from django.template.loader import get_template;"
            "print(get_template('items/item_list.html').origin.name)",
        ],
        cwd=elsewhere,
        env=check_env,
    ).stdout
    assert "site-packages" in templates

"""The Flask template renders a project that lints clean and runs on the real stack.

Fast tests render every variant and check the files statically (ruff, bandit, hadolint,
the compose specification, `nginx -t`). Slow tests install the rendered projects in
virtualenvs and run them: the project's own test suite, migrations through the
entrypoint, Gunicorn on SQLite, PostgreSQL and Redis, and real Nginx in front.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import fnmatch
import gzip
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from cookiecutter.exceptions import FailedHookException
from cookiecutter.generate import generate_files
from cookiecutter.main import cookiecutter

from tests.stack import (
    REPO,
    Response,
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
    stop,
    uv_venv,
    wait_http,
)

TEMPLATE = REPO / "templates" / "flask"
SLUG = "my_project"
SECRET = "test-secret-key-that-is-long-enough-for-production-0123456789"
VARIANTS = {
    "sqlite": {},
    "postgres": {"database": "postgres"},
    "redis": {"redis": True},
    "postgres-redis": {"database": "postgres", "redis": True},
}
# Where docker-compose.yml mounts things in the nginx container.
STATIC_IN_CONTAINER = "/srv/static/"
LOCAL_CONF_IN_CONTAINER = "/etc/nginx/conf.d/local/"
PSQL = "/usr/lib/postgresql/15/bin/psql"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": "default-src 'none'",
}
# Variables of the calling shell that would change how a generated project behaves.
PROJECT_VARIABLES = (
    "APP_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "GUNICORN_BIND",
    "FLASK_APP",
    "FLASK_DEBUG",
)


def render(output_dir: Path, **context: object) -> Path:
    """Render the template with the library call the generator uses; return the project."""
    output_dir.mkdir(parents=True, exist_ok=True)
    return Path(
        cookiecutter(
            str(TEMPLATE), no_input=True, extra_context=context, output_dir=str(output_dir)
        )
    )


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every variant, rendered once for the whole module."""
    base = tmp_path_factory.mktemp("flask-renders")
    return {name: render(base / name, **context) for name, context in VARIANTS.items()}


def tracked_files(project: Path) -> list[Path]:
    return [p for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed (it comes with the `test` extra of pyproject.toml)"
    return found


# --- rendering ---------------------------------------------------------------------------

EXPECTED_FILES = [
    "pyproject.toml",
    "README.md",
    "Makefile",
    ".gitignore",
    ".env.example",
    ".env",
    ".flaskenv",
    ".pre-commit-config.yaml",
    ".github/workflows/ci.yml",
    "wsgi.py",
    "Dockerfile",
    ".dockerignore",
    "docker-compose.yml",
    "entrypoint.sh",
    "gunicorn.conf.py",
    "nginx/default.conf",
    "nginx/local/README.md",
    "migrations/env.py",
    "migrations/alembic.ini",
    "migrations/script.py.mako",
    "migrations/versions/0001_create_items_table.py",
    "migrations/versions/0002_create_users_table.py",
    f"{SLUG}/__init__.py",
    f"{SLUG}/config.py",
    f"{SLUG}/models.py",
    f"{SLUG}/api/items.py",
    f"{SLUG}/api/schemas.py",
    f"{SLUG}/api/auth.py",
    f"{SLUG}/templates/swagger_ui.html",
    f"{SLUG}/static/api-docs/init.js",
    f"{SLUG}/static/css/site.css",
    f"{SLUG}/static/robots.txt",
    "tests/conftest.py",
    "tests/test_items.py",
    "tests/test_errors.py",
    "tests/test_migrations.py",
    "tests/test_auth.py",
    "tests/test_throttling.py",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_renders_every_file_with_content(projects: dict[str, Path], variant: str) -> None:
    project = projects[variant]
    for name in EXPECTED_FILES:
        assert (project / name).is_file(), name
    for path in tracked_files(project):
        assert path.stat().st_size > 0, f"{path.relative_to(project)} is empty"
    assert ((project / "tests/test_sessions.py").exists()) == bool(VARIANTS[variant].get("redis"))
    assert os.access(project / "entrypoint.sh", os.X_OK)


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_template_syntax_is_left(projects: dict[str, Path], variant: str) -> None:
    project = projects[variant]
    workflows = project / ".github" / "workflows"
    for path in tracked_files(project):
        if workflows in path.parents:
            continue  # copied without rendering: GitHub's own ${{ }} expressions
        if project / SLUG / "templates" in path.parents:
            continue  # the app's own Jinja templates, rendered by Flask
        text = path.read_text()
        assert "{{" not in text and "{%" not in text, path.relative_to(project)
    assert "${{ matrix.python-version }}" in (workflows / "ci.yml").read_text()


@pytest.mark.parametrize("variant", VARIANTS)
def test_structured_files_parse(projects: dict[str, Path], variant: str) -> None:
    project = projects[variant]
    for path in tracked_files(project):
        if path.suffix == ".py" or path.name == "script.py.mako":
            if path.suffix == ".py":
                ast.parse(path.read_text(), str(path))
        elif path.suffix in {".yml", ".yaml"}:
            yaml.safe_load(path.read_text())
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text())
        elif path.suffix == ".json":
            json.loads(path.read_text())


def test_plain_cookiecutter_cli_with_no_input(tmp_path: Path) -> None:
    run(
        [sys.executable, "-m", "cookiecutter", str(TEMPLATE), "--no-input", "-o", str(tmp_path)],
        cwd=tmp_path,
    )
    project = tmp_path / SLUG
    assert (project / "Dockerfile").read_text().startswith("# Two stages")
    assert "FROM python:3.13-slim AS builder" in (project / "Dockerfile").read_text()


def render_as_generator(output_dir: Path, **answers: object) -> Path:
    """Render the way `scaffold new` does: a finished context, values never rendered."""
    declared = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    context = {
        key: value[0] if isinstance(value, list) and not key.startswith("_") else value
        for key, value in declared.items()
    }
    context.update(answers)
    output_dir.mkdir(parents=True, exist_ok=True)
    return Path(generate_files(str(TEMPLATE), {"cookiecutter": context}, str(output_dir)))


def test_user_text_is_inserted_literally(tmp_path: Path) -> None:
    """Quotes, backslashes, newlines and Jinja syntax come out as typed, never evaluated."""
    name = "Q \"uoted\" 'single' back\\slash {{ 7*7 }} {% raw %}"
    description = 'Line one\nline "two" \\ {{ 7*7 }} </script> & more'
    author = 'O\'Brien "The" {{ 7*7 }}'
    project = render_as_generator(
        tmp_path,
        project_name=name,
        project_slug="odd_project",
        description=description,
        author=author,
    )
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert meta["description"] == description
    assert meta["authors"] == [{"name": author}]
    assert meta["name"] == "odd-project"
    config = ast.parse((project / "odd_project/config.py").read_text())
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in config.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in {"TITLE", "DESCRIPTION"}
    }
    assert constants == {"TITLE": name, "DESCRIPTION": description}
    readme = (project / "README.md").read_text()
    assert readme.startswith(f"# {name}\n")
    assert "{{ 7*7 }}" in readme and "49" not in readme
    run([tool("ruff"), "check", "--quiet", "."], cwd=project)


@pytest.mark.parametrize(
    ("answers", "complaint"),
    [
        ({"project_slug": "1bad"}, "project_slug"),
        ({"project_slug": "class"}, "project_slug"),
        ({"workers": "many"}, "workers"),
        ({"workers": "0"}, "workers"),
    ],
)
def test_bad_answers_are_refused_before_any_file_is_written(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], answers: dict, complaint: str
) -> None:
    with pytest.raises(FailedHookException):
        render(tmp_path, **answers)
    assert complaint in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- secrets -----------------------------------------------------------------------------


def env_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            values[key] = value
    return values


@pytest.mark.parametrize("variant", ["sqlite", "postgres"])
def test_env_file_holds_fresh_secrets_and_stays_untracked(
    projects: dict[str, Path], tmp_path: Path, variant: str
) -> None:
    project = projects[variant]
    env = env_values(project / ".env")
    example = env_values(project / ".env.example")
    assert set(env) == set(example)
    assert env["APP_ENV"] == "development"
    # Copied to .env, the example is a working development setup with no placeholder.
    assert example["APP_ENV"] == "development"
    assert example["SECRET_KEY"] == ""
    assert len(env["SECRET_KEY"]) >= 60
    again = env_values(render(tmp_path, **VARIANTS[variant]) / ".env")
    assert again["SECRET_KEY"] != env["SECRET_KEY"]
    secrets = {env["SECRET_KEY"]}
    if variant == "postgres":
        assert env["POSTGRES_PASSWORD"] not in {"", example["POSTGRES_PASSWORD"]}
        secrets.add(env["POSTGRES_PASSWORD"])

    # Through git itself: .env and runtime data are ignored, and no tracked file has a secret.
    repo = tmp_path / "git"
    shutil.copytree(project, repo)
    (repo / "instance").mkdir()
    (repo / "instance" / "app.db").write_text("data")
    run(["git", "init", "--quiet"], cwd=repo)
    run(["git", "add", "--all"], cwd=repo)
    tracked = run(["git", "ls-files"], cwd=repo).stdout.split()
    assert ".env" not in tracked and ".env.example" in tracked
    assert not any(name.startswith("instance/") for name in tracked)
    for name in tracked:
        text = (repo / name).read_text(errors="replace")
        assert not any(secret in text for secret in secrets), name
    dockerignore = (project / ".dockerignore").read_text().split()
    for excluded in (".env", ".git", ".venv", "venv", "instance", "**/__pycache__"):
        assert excluded in dockerignore


# --- static checks -----------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_ruff_is_clean(projects: dict[str, Path], variant: str) -> None:
    run([tool("ruff"), "check", "--quiet", "."], cwd=projects[variant])
    run([tool("ruff"), "format", "--check", "--quiet", "."], cwd=projects[variant])


@pytest.mark.parametrize("variant", VARIANTS)
def test_bandit_finds_no_medium_or_high_issue(projects: dict[str, Path], variant: str) -> None:
    project = projects[variant]
    run(
        [tool("bandit"), "-q", "-ll", "-r", SLUG, "wsgi.py", "gunicorn.conf.py", "migrations"],
        cwd=project,
    )


@pytest.mark.parametrize("python_version", ["3.11", "3.12", "3.13"])
def test_dockerfile_passes_hadolint_and_follows_the_rules(
    tmp_path: Path, python_version: str
) -> None:
    project = render(tmp_path, python_version=python_version)
    run([tool("hadolint"), "--failure-threshold", "warning", "Dockerfile"], cwd=project)
    dockerfile = (project / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert stages == [f"python:{python_version}-slim"] * 2
    final = dockerfile.split("\nFROM ")[-1]
    assert "USER 10001:10001" in final
    assert "useradd --system --uid 10001" in final
    assert re.search(r"^HEALTHCHECK .*\n\s+CMD \[\"python\".*urllib.*/healthz", final, re.M)
    assert re.search(r"^ENTRYPOINT \[.*\]$", final, re.M)
    assert re.search(r"^CMD \[\"gunicorn\", \"-c\", \"gunicorn.conf.py\"\]$", final, re.M)
    assert "PYTHONDONTWRITEBYTECODE=1" in final and "PYTHONUNBUFFERED=1" in final
    assert not re.search(r"\b(gcc|build-essential|apt-get)\b", final)
    assert ".env" not in re.findall(r"^COPY (.*)$", dockerfile, re.M)
    # Dependencies are installed from pyproject.toml before any application source is copied.
    builder = dockerfile.split("\nFROM ")[1]
    assert builder.index("COPY pyproject.toml uv.lock") < builder.index("uv sync --locked")
    # COPY . . copies only what .dockerignore lets through.
    assert "COPY . ." in dockerfile


@pytest.mark.parametrize("variant", VARIANTS)
def test_compose_file_is_valid_and_wired(projects: dict[str, Path], variant: str) -> None:
    project = projects[variant]
    run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
        cwd=project,
    )
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    assert "version" not in compose
    services = compose["services"]
    web, proxy = services["web"], services["nginx"]
    assert web["build"] == "."
    assert web["env_file"] == [{"path": ".env", "required": False}]
    assert web["environment"]["APP_ENV"] == "production"
    assert "ports" not in web
    assert proxy["image"] == "nginx:1.28"
    assert proxy["ports"] == ["127.0.0.1:${HTTP_PORT:-8080}:80"]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert "./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert f"./nginx/local:{LOCAL_CONF_IN_CONTAINER.rstrip('/')}:ro" in proxy["volumes"]
    assert f"static:{STATIC_IN_CONTAINER.rstrip('/')}:ro" in proxy["volumes"]
    assert web["environment"]["STATIC_VOLUME"] == STATIC_IN_CONTAINER.rstrip("/")
    postgres = VARIANTS[variant].get("database") == "postgres"
    redis = bool(VARIANTS[variant].get("redis"))
    assert ("db" in services) == postgres
    assert ("redis" in services) == redis
    if postgres:
        db = services["db"]
        assert db["image"] == "postgres:17"
        assert "pg_isready" in " ".join(db["healthcheck"]["test"])
        assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
        assert web["depends_on"]["db"] == {"condition": "service_healthy"}
        assert "@db:5432/" in web["environment"]["DATABASE_URL"]
    else:
        assert "data:/app/instance" in web["volumes"]
    if redis:
        assert services["redis"]["image"] == "redis:7"
        assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert web["depends_on"]["redis"] == {"condition": "service_healthy"}


def site_paths(project: Path) -> dict[str, str]:
    """Container paths in nginx/default.conf mapped to the rendered project on disk."""
    return {
        STATIC_IN_CONTAINER: f"{project / SLUG / 'static'}/",
        LOCAL_CONF_IN_CONTAINER: f"{project / 'nginx' / 'local'}/",
    }


def test_nginx_config_passes_nginx_t(projects: dict[str, Path]) -> None:
    project = projects["sqlite"]
    generated = (project / "nginx" / "default.conf").read_text()
    for directive in (
        "server_tokens off;",
        "client_max_body_size 1m;",
        "gzip on;",
        f"include {LOCAL_CONF_IN_CONTAINER}*.conf;",
        "server web:8000;",
        "keepalive 16;",
        "proxy_set_header X-Forwarded-Proto $forwarded_proto;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header Host $http_host;",
        "location /static/",
    ):
        assert directive in generated
    assert "application/json" in re.search(r"gzip_types([^;]+);", generated).group(1)
    assert len(re.findall(r"add_header .* always;", generated)) == 4
    site = nginx_site(generated, free_port(), f"127.0.0.1:{free_port()}", site_paths(project))
    result = nginx_test(site)
    assert result.returncode == 0, result.stderr
    # A user customisation in nginx/local/ is picked up.
    (project / "nginx" / "local" / "extra.conf").write_text('add_header X-Extra "1" always;\n')
    try:
        assert nginx_test(site).returncode == 0
    finally:
        (project / "nginx" / "local" / "extra.conf").unlink()


@pytest.mark.parametrize(("workers", "expected"), [("auto", None), ("3", 3)])
def test_gunicorn_workers_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str, expected: int | None
) -> None:
    project = render(tmp_path, workers=workers)
    conf = str(project / "gunicorn.conf.py")
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(conf)
    assert settings["workers"] == (expected or 2 * settings["usable_cpus"]() + 1)
    assert settings["wsgi_app"] == "wsgi:app"
    assert settings["accesslog"] == settings["errorlog"] == "-"
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(conf)["workers"] == 7
    # gunicorn_local.py next to the file overrides it.
    (project / "gunicorn_local.py").write_text("timeout = 120\n")
    assert runpy.run_path(conf)["timeout"] == 120


# --- slow: install and run ---------------------------------------------------------------


def clean_env(venv: Venv, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in venv.env().items() if k not in PROJECT_VARIABLES}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def venvs() -> Iterator[dict[Path, Venv]]:
    """One virtualenv per dependency set (shared across runs through the uv cache)."""
    cache: dict[Path, Venv] = {}
    yield cache


def venv_for(venvs: dict[Path, Venv], project: Path) -> Venv:
    if project not in venvs:
        venvs[project] = uv_venv(project_requirements(project))
    return venvs[project]


def production_env(**env: str) -> dict[str, str]:
    """A production environment over plain HTTP on 127.0.0.1 (tests have no TLS)."""
    return {
        "APP_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        **env,
    }


@dataclasses.dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    project: Path
    venv: Venv
    env: dict[str, str]

    def __iter__(self) -> Iterator[object]:  # `as (url, proc)` in the older tests
        return iter((self.url, self.proc))

    def token_header(self) -> dict[str, str]:
        """Make a user with `flask create-user` (as a CI script would), then get a token."""
        username, password = f"ci-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
        env = clean_env(self.venv, **self.env, USER_PASSWORD=password, FLASK_SKIP_DOTENV="1")
        run([self.venv.bin("flask"), "create-user", username], self.project, env)
        reply = http(
            "POST", f"{self.url}/api/auth/token/", {"username": username, "password": password}
        )
        assert reply.status == 200, reply.body
        return {"Authorization": f"Bearer {reply.json()['token']}"}


@contextlib.contextmanager
def gunicorn(
    project: Path, venv: Venv, log: Path, via_entrypoint: bool, **env: str
) -> Iterator[Server]:
    """Gunicorn from gunicorn.conf.py on a free 127.0.0.1 port (optionally via entrypoint.sh)."""
    port = free_port()
    settings = production_env(
        GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", DB_WAIT_SECONDS="10", **env
    )
    command = ["gunicorn", "-c", "gunicorn.conf.py"]
    if via_entrypoint:
        command = ["sh", "entrypoint.sh", *command]
    with process(command, cwd=project, env=clean_env(venv, **settings), log=log) as proc:
        # The entrypoint starts Python three times; a busy CI machine needs the margin.
        wait_http(f"http://127.0.0.1:{port}/healthz", proc, timeout=120)
        yield Server(f"http://127.0.0.1:{port}", proc, project, venv, settings)


def assert_error(response: Response, status: int) -> None:
    """An RFC 9457 problem details answer."""
    assert response.status == status, response.body
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status
    assert response.json()["type"] == "about:blank"


def exercise_api(base: str, auth: dict[str, str]) -> None:
    """Create, read, update, list and delete an item, and hit each error path once."""
    anonymous = http("POST", f"{base}/api/items/", {"name": "Widget"})
    assert_error(anonymous, 401)
    created = http("POST", f"{base}/api/items/", {"name": "Widget", "description": "Blue"}, auth)
    assert created.status == 201, created.body
    item = created.json()
    assert item["created_at"].endswith("Z")  # UTC with its offset, on every database
    url = f"{base}/api/items/{item['id']}/"
    assert http("GET", url).json() == item
    patched = http("PATCH", url, {"description": "Red"}, auth)
    assert patched.status == 200 and patched.json()["description"] == "Red"
    assert http("PUT", url, {"name": "Gadget"}, auth).json()["name"] == "Gadget"
    listed = http("GET", f"{base}/api/items/?page_size=100").json()
    assert item["id"] in [entry["id"] for entry in listed["results"]]
    assert http("DELETE", url, headers=auth).status == 204
    assert_error(http("GET", url), 404)
    json_type = {"Content-Type": "application/json", **auth}
    assert_error(http("POST", f"{base}/api/items/", b"{oops", json_type), 400)
    assert_error(http("POST", f"{base}/api/items/", {"name": ""}, auth), 400)
    assert_error(http("POST", f"{base}/api/items/", {"name": "x\u0000y"}, auth), 400)
    assert_error(http("GET", f"{base}/api/items/?page=%C2%B2"), 404)  # ?page=²
    assert_error(http("GET", f"{base}/api/items/?page=99999999999"), 404)
    assert_error(http("DELETE", f"{base}/api/items/"), 405)
    assert_error(http("GET", f"{base}/api/nowhere/"), 404)
    assert http("GET", f"{base}/api/items").status == 308
    assert http("GET", f"{base}/api/openapi.json").json()["openapi"].startswith("3.")
    assert http("GET", f"{base}/readyz").json() == {"status": "ok"}


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["sqlite", "postgres-redis"])
def test_project_test_suite_and_ruff_pass_in_a_virtualenv(
    projects: dict[str, Path], venvs: dict[Path, Venv], variant: str
) -> None:
    project = projects[variant]
    venv = venv_for(venvs, project)
    run(
        [venv.bin("python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        project,
        clean_env(venv),
    )
    run([venv.bin("ruff"), "check", "--quiet", "."], project, clean_env(venv))


@pytest.mark.slow
def test_missing_migration_fails_the_project_test_suite(
    projects: dict[str, Path], venvs: dict[Path, Venv], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(projects["sqlite"], project)
    venv = venv_for(venvs, projects["sqlite"])
    models = project / SLUG / "models.py"
    models.write_text(
        models.read_text().replace(
            "    description: Mapped[str | None] = mapped_column(Text)\n",
            "    description: Mapped[str | None] = mapped_column(Text)\n"
            "    price: Mapped[int | None]\n",
        )
    )
    result = subprocess.run(
        [
            venv.bin("python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_migrations.py",
        ],
        cwd=project,
        env=clean_env(venv),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "test_migrations_match_the_models" in result.stdout
    assert "price" in result.stdout


@pytest.mark.slow
def test_sqlite_stack_entrypoint_gunicorn_and_nginx(
    projects: dict[str, Path], venvs: dict[Path, Venv], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(projects["sqlite"], project)
    venv = venv_for(venvs, projects["sqlite"])

    # `flask db upgrade` from the project directory with no environment: development, SQLite.
    run([venv.bin("flask"), "db", "upgrade"], project, clean_env(venv))
    assert (project / "instance" / "app.db").is_file()
    shutil.rmtree(project / "instance")

    check = run(
        [venv.bin("gunicorn"), "-c", "gunicorn.conf.py", "--check-config"],
        project,
        clean_env(venv, **production_env()),
    )
    assert check.returncode == 0

    log = tmp_path / "gunicorn.log"
    with gunicorn(project, venv, log, via_entrypoint=True) as server:
        app_url, proc = server.url, server.proc
        assert (project / "instance" / "app.db").is_file()  # the entrypoint migrated
        assert "Running upgrade  -> 0001" in log.read_text()
        auth = server.token_header()
        exercise_api(app_url, auth)
        too_big = b"x" * (1024 * 1024 + 1)
        json_type = {"Content-Type": "application/json", **auth}
        direct = http("POST", f"{app_url}/api/items/", too_big, json_type)
        assert_error(direct, 413)

        generated = (project / "nginx" / "default.conf").read_text()
        upstream = app_url.removeprefix("http://")
        with nginx(generated, upstream, site_paths(project)) as proxy:
            exercise_api(proxy.url, auth)
            api = http("GET", f"{proxy.url}/api/items/")
            assert api.status == 200
            assert api.headers["server"] == "nginx"  # server_tokens off: no version
            for name, value in SECURITY_HEADERS.items():
                assert value in api.headers[name], name
            not_found = http("GET", f"{proxy.url}/nowhere")
            assert_error(not_found, 404)
            assert "x-frame-options" in not_found.headers

            zipped = http(
                "GET", f"{proxy.url}/api/openapi.json", headers={"Accept-Encoding": "gzip"}
            )
            assert zipped.headers.get("content-encoding") == "gzip"
            assert json.loads(gzip.decompress(zipped.body))["openapi"].startswith("3.")

            static = http("GET", f"{proxy.url}/static/css/site.css")
            assert static.status == 200
            assert static.body == (project / SLUG / "static/css/site.css").read_bytes()
            assert static.headers["content-type"].startswith("text/css")
            assert "max-age=" in static.headers["cache-control"]
            assert "x-content-type-options" in static.headers
            assert http("GET", f"{proxy.url}/robots.txt").status == 200

            oversized = http(
                "POST",
                f"{proxy.url}/api/items/",
                b"x" * (2 * 1024 * 1024),
                {"Content-Type": "application/json"},
            )
            assert oversized.status == 413
            assert oversized.headers["content-type"] == "application/problem+json"
            assert oversized.json()["status"] == 413
            assert "x-content-type-options" in oversized.headers

            # Nginx served the static file itself: Gunicorn never logged it, and it still
            # answers when Gunicorn is gone (while the API through Nginx then fails).
            time.sleep(0.5)
            app_log = log.read_text()
            assert "GET /api/items" in app_log
            assert "/static/" not in app_log and "robots.txt" not in app_log
            stop(proc)
            assert proc.returncode == 0, "Gunicorn did not shut down cleanly on SIGTERM"
            assert http("GET", f"{proxy.url}/static/css/site.css").status == 200
            assert http("GET", f"{proxy.url}/api/items/").status == 502


@pytest.mark.slow
def test_postgres_stack_entrypoint_migrates_and_serves(
    projects: dict[str, Path], venvs: dict[Path, Venv], tmp_path: Path
) -> None:
    project = projects["postgres"]
    venv = venv_for(venvs, project)
    with postgres_cluster() as pg:
        # The project's own suite, migration check included, on PostgreSQL.
        test_url = pg.create_database("suite")
        run(
            [venv.bin("python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            project,
            clean_env(venv, TEST_DATABASE_URL=test_url),
        )
        url = pg.create_database("app")
        log = tmp_path / "gunicorn.log"
        with gunicorn(project, venv, log, via_entrypoint=True, DATABASE_URL=url) as server:
            app_url = server.url
            assert "Running upgrade 0001 -> 0002" in log.read_text()
            auth = server.token_header()
            body = {"name": "Stored in PostgreSQL"}
            created = http("POST", f"{app_url}/api/items/", body, auth)
            assert created.status == 201
            read = http("GET", f"{app_url}/api/items/{created.json()['id']}/")
            assert read.json()["name"] == "Stored in PostgreSQL"
            assert read.json()["created_at"].endswith("Z")  # timestamptz, written in UTC
            exercise_api(app_url, auth)
        version = run([PSQL, url, "-Atc", "SELECT version_num FROM alembic_version"], tmp_path)
        assert version.stdout.strip() == "0002"


@pytest.mark.slow
def test_readyz_answers_503_fast_when_the_database_is_unreachable(
    projects: dict[str, Path], venvs: dict[Path, Venv], tmp_path: Path
) -> None:
    project = projects["postgres"]
    venv = venv_for(venvs, project)
    dead = f"postgresql://app:app@127.0.0.1:{free_port()}/app"
    log = tmp_path / "gunicorn.log"
    with gunicorn(project, venv, log, via_entrypoint=False, DATABASE_URL=dead) as server:
        app_url = server.url
        assert http("GET", f"{app_url}/healthz").status == 200
        started = time.monotonic()
        assert_error(http("GET", f"{app_url}/readyz"), 503)
        assert time.monotonic() - started < 5


@pytest.mark.slow
def test_entrypoint_gives_up_on_an_unreachable_database(
    projects: dict[str, Path], venvs: dict[Path, Venv]
) -> None:
    project = projects["postgres"]
    venv = venv_for(venvs, project)
    env = clean_env(
        venv,
        **production_env(
            DATABASE_URL=f"postgresql://app:app@127.0.0.1:{free_port()}/app", DB_WAIT_SECONDS="2"
        ),
    )
    result = subprocess.run(
        ["sh", "entrypoint.sh", "true"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "The database did not answer within 2 s" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # waiting, gave up


@pytest.mark.slow
def test_production_without_secrets_stops_with_one_line(
    projects: dict[str, Path], venvs: dict[Path, Venv]
) -> None:
    project = projects["postgres-redis"]
    venv = venv_for(venvs, project)
    for command in (["sh", "entrypoint.sh"], ["gunicorn", "-c", "gunicorn.conf.py"]):
        result = subprocess.run(
            command,
            cwd=project,
            env=clean_env(venv, APP_ENV="production"),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 3, result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines == [lines[0]] and "Traceback" not in result.stderr
        for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
            assert f"{name} is not set" in lines[0]


@pytest.mark.slow
def test_redis_backs_readiness_in_production(
    projects: dict[str, Path], venvs: dict[Path, Venv], tmp_path: Path
) -> None:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    project = tmp_path / "project"
    shutil.copytree(projects["redis"], project)
    venv = venv_for(venvs, projects["redis"])
    port = free_port()
    redis_cmd = [
        redis_server,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--dir",
        str(tmp_path),
    ]
    with process(redis_cmd, cwd=tmp_path, log=tmp_path / "redis.log") as redis_proc:
        deadline = time.monotonic() + 10
        while "Ready to accept connections" not in (tmp_path / "redis.log").read_text():
            assert time.monotonic() < deadline and redis_proc.poll() is None, "redis did not start"
            time.sleep(0.1)
        log = tmp_path / "gunicorn.log"
        env = {"REDIS_URL": f"redis://127.0.0.1:{port}/0"}
        with gunicorn(project, venv, log, via_entrypoint=True, **env) as server:
            app_url = server.url
            assert http("GET", f"{app_url}/readyz").status == 200
            exercise_api(app_url, server.token_header())
            redis_proc.send_signal(signal.SIGTERM)
            redis_proc.wait(10)
            response = http("GET", f"{app_url}/readyz")
            assert_error(response, 503)
            assert response.json()["detail"] == "Redis is unreachable."


@pytest.mark.slow
def test_dockerfile_steps_work_in_a_fresh_virtualenv(
    projects: dict[str, Path], tmp_path: Path
) -> None:
    """Replay the image build without Docker: the builder's dependency step, the final
    stage's COPY lines into an empty /app, then its ENTRYPOINT + CMD and HEALTHCHECK."""
    project = projects["sqlite"]
    dockerfile = (project / "Dockerfile").read_text()
    # The builder installs the lock of these ranges, runtime only (tests/test_containers.py
    # builds it); here the same ranges, without the lock.
    assert "uv sync --locked --no-dev --no-install-project" in dockerfile
    requirements = tomllib.loads((project / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]
    venv = uv_venv(requirements)

    app = tmp_path / "app"
    app.mkdir()
    final = dockerfile.split("\nFROM ")[-1]
    assert re.findall(r"^COPY (?!--from)(.+)$", final, re.M) == [". ."]
    ignored = [
        line.removeprefix("**/")
        for line in (project / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    for source in sorted(project.rglob("*")):
        rel = source.relative_to(project)
        if source.is_dir() or any(
            fnmatch.fnmatch(part, pat) for part in rel.parts for pat in ignored
        ):
            continue
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, app / rel)
    image_files = {"entrypoint.sh", "gunicorn.conf.py", "migrations", SLUG, "wsgi.py"}
    assert {p.name for p in app.iterdir()} == image_files | {
        "Makefile",
        "README.md",
        "pyproject.toml",
    }
    (app / "instance").mkdir()

    image_env = dict(re.findall(r"^\s*(?:ENV )?([A-Z_]+)=(\S+?)\s*\\?$", final, re.M))
    assert image_env["APP_ENV"] == "production"
    image_env.pop("PATH")
    entrypoint = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", final, re.M).group(1))
    command = json.loads(re.search(r"^CMD (\[.*\])$", final, re.M).group(1))
    healthcheck = json.loads(re.search(r"^\s+CMD (\[\"python\".*\])$", final, re.M).group(1))
    port = free_port()
    # What `docker run` would add: the secret from the environment, a free host port.
    image_env.update(production_env(GUNICORN_BIND=f"127.0.0.1:{port}"))
    assert image_env["DATABASE_URL"] == "sqlite:////app/instance/app.db"
    image_env["DATABASE_URL"] = f"sqlite:///{app / 'instance' / 'app.db'}"
    env = clean_env(venv, **image_env)
    entrypoint = [
        str(app / Path(part).name) if part.startswith("/app/") else part for part in entrypoint
    ]
    with process([*entrypoint, *command], cwd=app, env=env, log=tmp_path / "app.log") as proc:
        wait_http(f"http://127.0.0.1:{port}/healthz", proc, timeout=60)
        run([venv.bin("python"), *healthcheck[1:]], app, env)
        server = Server(f"http://127.0.0.1:{port}", proc, app, venv, image_env)
        exercise_api(server.url, server.token_header())
    assert (app / "instance" / "app.db").is_file()


@pytest.mark.slow
def test_plain_pip_install_of_the_project(projects: dict[str, Path], tmp_path: Path) -> None:
    project = projects["postgres-redis"]
    uv = tool("uv")
    venv = tmp_path / "venv"
    run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path)
    run(
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin/python"), str(project)],
        tmp_path,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import importlib.resources as r, my_project;"
        "from my_project import create_app;"
        "app = create_app('testing');"
        "print(r.files('my_project').joinpath('static/css/site.css').is_file())"
    )
    result = run([str(venv / "bin/python"), "-c", probe], elsewhere, {"PATH": os.environ["PATH"]})
    assert result.stdout.strip() == "True"
    assert not (project / "build").exists() and not list(project.glob("*.egg-info"))

"""The generated projects' GitHub configuration: the CI workflow and dependabot.yml.

Every variant's workflow validates against GitHub's workflow schema and its
dependabot.yml against Dependabot's (check-jsonschema's vendored copies), and zizmor,
the workflow security linter, finds nothing of medium severity or above. The slow tests
run the test job's own `run:` commands here, in a checkout of the rendered project,
against a real PostgreSQL and Redis on 127.0.0.1 standing in for the job's services.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import yaml

from generator.project import complete
from generator.render import render_template
from tests.django_support import redis_server
from tests.stack import PG_BIN, Postgres, free_port, postgres_cluster, run

FRAMEWORKS = ("flask", "django")
VARIANTS: dict[str, dict[str, object]] = {
    "sqlite": {},
    "postgres": {"database": "postgres"},
    "redis": {"redis": True},
    "celery": {"database": "postgres", "redis": True, "celery": True},
}
CASES = [(framework, variant) for framework in FRAMEWORKS for variant in VARIANTS]
# The variable each starter's tests read for their database (Flask's TestingConfig,
# Django's settings through pytest-django), and the file that reads it.
DATABASE_VARIABLE = {"flask": "TEST_DATABASE_URL", "django": "DATABASE_URL"}
READS_DATABASE_VARIABLE = {"flask": "{slug}/config.py", "django": "{slug}/settings.py"}
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")
SERVICE_PORTS = {5432: "postgres", 6379: "redis"}
TOOLS = Path(sys.executable).parent


def tool(name: str) -> str:
    """A command-line tool from the test extras, installed beside this Python or on PATH."""
    found = TOOLS / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    assert on_path, f"{name} is not installed (it comes with the `test` extra of pyproject.toml)"
    return on_path


def case_id(case: tuple[str, str]) -> str:
    return "-".join(case)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    root = tmp_path_factory.mktemp("workflows")
    rendered = {}
    for framework, variant in CASES:
        answers = complete({"project_name": "Ci App", **VARIANTS[variant]})  # type: ignore[arg-type]
        out = root / f"{framework}-{variant}"
        rendered[framework, variant] = render_template(framework, answers, out)  # type: ignore[arg-type]
    return rendered


def workflow(project: Path) -> dict:
    return yaml.safe_load((project / ".github/workflows/ci.yml").read_text())


def dependabot(project: Path) -> dict:
    return yaml.safe_load((project / ".github/dependabot.yml").read_text())


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", f"vendor.{schema}", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def zizmor(project: Path) -> list[dict]:
    """zizmor's findings of medium severity or above, in its strictest persona."""
    result = subprocess.run(
        [
            *(tool("zizmor"), "--offline", "--persona=auditor", "--min-severity=medium"),
            *("--format=json", "--no-progress", str(project)),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # zizmor exits 0 with no findings, 10-14 when it reports some; anything else is a crash.
    assert result.returncode == 0 or 10 <= result.returncode <= 14, result.stderr
    assert "completed" in result.stderr and "ci.yml" in result.stderr, result.stderr
    return json.loads(result.stdout)


# --- schemas and zizmor, every variant --------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_workflow_and_dependabot_match_their_schemas(projects, case):
    project = projects[case]
    checked = check_jsonschema("github-workflows", project / ".github/workflows/ci.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    checked = check_jsonschema("dependabot", project / ".github/dependabot.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_zizmor_finds_nothing_of_medium_severity_or_above(projects, case):
    assert zizmor(projects[case]) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_zizmor_suppression_says_why(projects, framework):
    text = (projects[framework, "celery"] / ".github/workflows/ci.yml").read_text()
    lines = text.splitlines()
    ignores = [
        (n, m[1])
        for n, line in enumerate(lines)
        if (m := re.search(r"zizmor: ignore\[([\w-]+)\]", line))
    ]
    assert ignores, "the services' images are expected to carry a reasoned suppression"
    for number, audit in ignores:
        before = "\n".join(lines[max(0, number - 3) : number])
        assert re.search(rf"#.*{audit}", before), f"line {number + 1}: no reason for {audit}"


def test_the_checks_catch_a_broken_workflow(projects, tmp_path):
    """zizmor and the schema reject what the workflow avoids: a tag-pinned action that
    keeps git credentials, and a job without runs-on."""
    project = tmp_path / "broken"
    shutil.copytree(projects["flask", "sqlite"], project)
    path = project / ".github/workflows/ci.yml"
    text = path.read_text()
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v4", text, count=1)
    text = text.replace("persist-credentials: false", "persist-credentials: true", 1)
    path.write_text(text)
    found = {finding["ident"] for finding in zizmor(project)}
    assert {"unpinned-uses", "artipacked"} <= found
    path.write_text(text.replace("runs-on: ubuntu-24.04\n", "", 1))
    assert check_jsonschema("github-workflows", path).returncode != 0


# --- what the workflow does -------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_workflow_is_least_privilege_pinned_and_bounded(projects, case):
    project = projects[case]
    text = (project / ".github/workflows/ci.yml").read_text()
    flow = workflow(project)
    assert flow["permissions"] == {"contents": "read"}
    assert "${{ github.ref }}" in flow["concurrency"]["group"]
    for name, job in flow["jobs"].items():
        assert "permissions" not in job, f"{name} widens the workflow's permissions"
        assert 0 < job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
    uses = [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses and all(PINNED.match(line) for line in uses), uses
    # GitHub expressions only where they are data, never inside a shell script.
    for job in flow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_test_job_uses_the_chosen_database_and_redis(projects, case):
    framework, variant = case
    project = projects[case]
    answers = VARIANTS[variant]
    job = workflow(project)["jobs"]["test"]
    services = job.get("services", {})
    postgres = answers.get("database") == "postgres"
    redis = bool(answers.get("redis") or answers.get("celery"))
    assert ("postgres" in services) is postgres
    assert ("redis" in services) is redis
    env = job.get("env", {})
    variable = DATABASE_VARIABLE[framework]
    assert set(env) == {name for name, on in ((variable, postgres), ("REDIS_URL", redis)) if on}
    if postgres:
        # The variable is the one the starter reads, and names the service's own database.
        reader = READS_DATABASE_VARIABLE[framework].format(slug=project.name)
        assert f'"{variable}"' in (project / reader).read_text()
        url = urlsplit(env[variable])
        service = services["postgres"]["env"]
        assert (url.hostname, url.port) == ("localhost", 5432)
        assert url.username == service["POSTGRES_USER"]
        assert url.password == service["POSTGRES_PASSWORD"]
        assert url.path == "/" + service["POSTGRES_DB"]
    if redis:
        assert urlsplit(env["REDIS_URL"])[1:3] == ("localhost:6379", "/0")
    # The services run the images the Compose stack runs.
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())["services"]
    for service, composed in (("postgres", "db"), ("redis", "redis")):
        if service in services:
            assert services[service]["image"] == compose[composed]["image"], service


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_workflow_calls_only_make_targets_that_exist(projects, case):
    project = projects[case]
    targets = set(re.findall(r"(?m)^([a-z][\w.-]*):", (project / "Makefile").read_text()))
    called = set()
    for job in workflow(project)["jobs"].values():
        for step in job["steps"]:
            called |= set(re.findall(r"\bmake ([a-z][\w.-]*)", step.get("run", "")))
    assert {"lint", "typecheck", "test"} <= called
    assert called <= targets, called - targets


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_containers_job_checks_the_stack_through_nginx(projects, case):
    project = projects[case]
    runs = "\n".join(s.get("run", "") for s in workflow(project)["jobs"]["containers"]["steps"])
    assert "docker compose build" in runs
    assert re.search(r"docker compose up .*--wait", runs)
    assert "docker compose down --volumes" in runs
    # Nginx's published port in docker-compose.yml is the one the health check calls.
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    (published,) = compose["services"]["nginx"]["ports"]
    port = re.fullmatch(r"127\.0\.0\.1:\$\{HTTP_PORT:-(\d+)\}:80", published)
    assert port, published
    assert f"http://127.0.0.1:{port[1]}$path" in runs
    assert "for path in /healthz /readyz" in runs


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_dependabot_updates_every_kind_of_dependency(projects, case):
    project = projects[case]
    updates = dependabot(project)["updates"]
    # uv's ecosystem updates pyproject.toml and uv.lock in one pull request.
    ecosystems = {update["package-ecosystem"] for update in updates}
    assert ecosystems == {"uv", "github-actions", "docker", "docker-compose", "pre-commit"}
    for update in updates:
        assert update["directory"] == "/"
        assert update["cooldown"]["default-days"] >= 3


# --- slow: the test job's commands on a real PostgreSQL and Redis -----------------------


def checkout(project: Path, dest: Path) -> Path:
    """What actions/checkout gives the runner: the files git tracks, not .env or caches."""
    git = shutil.which("git") or "git"
    run([git, "init", "--quiet"], cwd=project)
    run([git, "add", "--all"], cwd=project)
    run([git, "checkout-index", "--all", f"--prefix={dest}/"], cwd=project)
    return dest


def local_url(value: str, pg: Postgres, redis_port: int) -> str:
    """The job's service URL with the host, port and credentials of the local server."""
    url = urlsplit(value)
    service = SERVICE_PORTS.get(url.port or 0)
    assert url.hostname == "localhost" and service, f"not a service of the job: {value}"
    netloc = (
        f"scaffold:{pg.password}@127.0.0.1:{pg.port}"
        if service == "postgres"
        else f"127.0.0.1:{redis_port}"
    )
    return urlunsplit(url._replace(netloc=netloc))


def runner_env(job: dict, pg: Postgres, redis_port: int) -> dict[str, str]:
    """The runner's environment: ours without any setting a starter reads, uv's Python
    (setup-uv's python-version: this interpreter), and the job's env pointing here."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert version in job["strategy"]["matrix"]["python-version"]
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "UV_PROJECT_ENVIRONMENT"}
    drop |= {"APP_ENV", "DJANGO_ENV", "FLASK_APP", "SECRET_KEY", "ALLOWED_HOSTS"}
    drop |= {"DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(CI="true", UV_PYTHON=sys.executable, PYTHONDONTWRITEBYTECODE="1")
    for name, value in job.get("env", {}).items():
        env[name] = local_url(value, pg, redis_port)
    return env


def psql(pg: Postgres, *commands: str) -> None:
    cmd = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "scaffold"]
    cmd += ["-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        cmd += ["-c", command]
    subprocess.run(
        cmd, check=True, capture_output=True, env={**os.environ, "PGPASSWORD": pg.password}
    )


def redis_connections(port: int, timeout: float = 15) -> int:
    """Connections Redis has accepted so far (waiting for it to listen, just started)."""
    cmd = [shutil.which("redis-cli") or "redis-cli", "-p", str(port), "info", "stats"]
    deadline = time.monotonic() + timeout
    while True:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=10)
        found = re.search(r"total_connections_received:(\d+)", out.stdout)
        if found:
            return int(found[1])
        assert time.monotonic() < deadline, f"Redis on {port} did not answer: {out.stderr}"
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize(("framework", "test_database"), [("flask", "app"), ("django", "test_app")])
def test_test_job_commands_pass_on_postgres_and_redis(framework, test_database, tmp_path):
    answers = complete({"project_name": "Ci App", "database": "postgres", "redis": True})
    rendered = render_template(framework, answers, tmp_path / "rendered")  # type: ignore[arg-type]
    project = checkout(rendered, tmp_path / "checkout")
    if framework == "django" and not (project / "uv.lock").exists():
        # Both branches of the install step: Django's run installs exactly a uv.lock (the
        # one `uv lock` writes), Flask's a project rendered without one.
        run([shutil.which("uv") or "uv", "lock", "--quiet"], cwd=project, timeout=300)
    job = workflow(project)["jobs"]["test"]
    steps = [step["run"] for step in job["steps"] if "run" in step]
    assert len(steps) >= 4
    redis_port = free_port()
    with postgres_cluster() as pg, redis_server(redis_port, tmp_path):
        # The service's database exists from the start (POSTGRES_DB); the log shows who used it.
        pg.create_database(urlsplit(job["env"][DATABASE_VARIABLE[framework]]).path[1:])
        psql(pg, "ALTER SYSTEM SET log_connections = on", "SELECT pg_reload_conf()")
        redis_before = redis_connections(redis_port)
        env = runner_env(job, pg, redis_port)
        for script in steps:
            # GitHub's default shell for `run:` on Linux.
            run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                cwd=project,
                env=env,
                timeout=600,
            )
        server_log = (pg.base / "server.log").read_text()
        redis_after = redis_connections(redis_port)
    assert re.search(
        rf"connection authorized: user=scaffold database={test_database}\b", server_log
    )
    if framework == "django":
        # Django's cache is Redis whenever REDIS_URL is set; Flask's tests keep it in memory.
        assert redis_after > redis_before + 1
    run([str(project / ".venv/bin/pre-commit"), "validate-config"], cwd=project, env=env)

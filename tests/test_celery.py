"""The `celery` option: Celery wired the Flask way and the Django way, and proven on the real
components.

Fast tests render both templates with and without Celery and check the files statically:
nothing of Celery is left without it; with it, the worker service, its health check, the
documentation and the lint tools are right, and `scaffold deploy --check` is clean.

Slow tests install a rendered project with uv and run it for real on this machine: a
throwaway redis-server, the app under Gunicorn (through the container's entrypoint.sh and
gunicorn.conf.py) and a Celery worker process started from the project directory, both
with the code and the virtualenv mounted read-only, as in a pod of k8s/. A task
queued through the running app waits in Redis while no worker runs, is executed by the
worker once it starts, and its result is read back over HTTP; stopping the worker leaves
the app live and ready.
"""

from __future__ import annotations

import contextlib
import functools
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from generator.cli import cli
from generator.errors import UsageError
from generator.project import complete
from generator.render import render_template
from tests.django_support import Session, redis_server
from tests.stack import (
    REPO,
    Venv,
    free_port,
    http,
    process,
    project_requirements,
    run,
    stop,
    uv_venv,
    wait_http,
)

FRAMEWORKS = ("flask", "django")
SLUG = "task_app"
# What `celery -A` is given in each framework (the worker command and its health check).
CELERY_APP = {"flask": "make_celery", "django": SLUG}
VARIANTS = {
    "plain": {},
    "celery": {"celery": True},
    "celery-postgres": {"celery": True, "database": "postgres"},
}
# Files that exist only with the option.
CELERY_FILES = {
    "flask": ["make_celery.py", f"{SLUG}/tasks.py", f"{SLUG}/api/tasks.py", "tests/test_tasks.py"],
    "django": [f"{SLUG}/celery.py", f"{SLUG}/items/tasks.py", "tests/test_tasks.py"],
}


def render(framework: str, out: Path, **answers: object) -> Path:
    """Render exactly as `scaffold new` does (the generator's own answers and render)."""
    return render_template(
        framework,  # type: ignore[arg-type]
        complete({"project_name": "Task App", **answers}),  # type: ignore[dict-item]
        out,
    )


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    base = tmp_path_factory.mktemp("celery-renders")
    return {
        (framework, variant): render(framework, base / framework / variant, **answers)
        for framework in FRAMEWORKS
        for variant, answers in VARIANTS.items()
    }


def files(project: Path) -> dict[str, str]:
    return {
        p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
        for p in project.rglob("*")
        if p.is_file()
    }


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed (it comes with the `test` extra of pyproject.toml)"
    return found


def compose(project: Path) -> dict:
    return yaml.safe_load((project / "docker-compose.yml").read_text())


# --- fast: rendering ---------------------------------------------------------------------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_without_celery_nothing_of_it_is_left(projects, framework):
    project = projects[framework, "plain"]
    rendered = files(project)
    for rel in CELERY_FILES[framework]:
        assert rel not in rendered
    mentions = [rel for rel, text in rendered.items() if "celery" in text.lower()]
    assert mentions == []
    assert "worker" not in compose(project)["services"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_with_celery_every_piece_is_there(projects, framework):
    project = projects[framework, "celery"]
    rendered = files(project)
    for rel in CELERY_FILES[framework]:
        assert rel in rendered, rel
    dependencies = tomllib.loads(rendered["pyproject.toml"])["project"]["dependencies"]
    assert any(d.startswith("celery[redis]>=") for d in dependencies)
    example = rendered[".env.example"]
    assert "# CELERY_BROKER_URL=redis://" in example
    assert "# CELERY_RESULT_BACKEND=redis://" in example
    readme = rendered["README.md"]
    assert "## Background tasks (Celery)" in readme
    assert f"celery -A {CELERY_APP[framework]} worker" in readme
    if framework == "flask":
        # Created in the app factory, tasks run in the app context, configured from the env.
        assert "init_extensions(app)" in rendered[f"{SLUG}/__init__.py"]
        assert "    celery_init_app(app)" in rendered[f"{SLUG}/extensions.py"]
        assert "with app.app_context():" in rendered[f"{SLUG}/extensions.py"]
        config = rendered[f"{SLUG}/config.py"]
        assert 'environ.get("CELERY_BROKER_URL") or redis_url' in config
        assert "redis_url = check(cls.redis_url, environ)" in config
    else:
        celery_py = rendered[f"{SLUG}/celery.py"]
        assert 'app.config_from_object("django.conf:settings", namespace="CELERY")' in celery_py
        assert "app.autodiscover_tasks()" in celery_py
        assert "from .celery import app as celery_app" in rendered[f"{SLUG}/__init__.py"]
        settings = rendered[f"{SLUG}/settings.py"]
        broker = 'CELERY_BROKER_URL = env.get("CELERY_BROKER_URL") or env.get("REDIS_URL")'
        assert broker in settings


@pytest.mark.parametrize("variant", ["celery", "celery-postgres"])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_compose_runs_a_worker_from_the_same_image(projects, framework, variant):
    project = projects[framework, variant]
    run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
        cwd=project,
    )
    services = compose(project)["services"]
    worker, web = services["worker"], services["web"]
    assert worker["build"] == web["build"] == "."
    assert worker["command"] == ["celery", "-A", CELERY_APP[framework], "worker", "--loglevel=INFO"]
    assert worker["depends_on"]["redis"] == {"condition": "service_healthy"}
    # web migrates; the worker waits for it and never migrates itself.
    assert worker["depends_on"]["web"] == {"condition": "service_healthy"}
    assert worker["environment"]["MIGRATE_ON_START"] == "false"
    assert worker["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    if variant == "celery-postgres":
        assert worker["environment"]["DATABASE_URL"] == web["environment"]["DATABASE_URL"]
    else:  # the same SQLite volume as web
        web_volumes = [v for v in web["volumes"] if v.startswith(("instance:", "data:"))]
        assert web_volumes and set(web_volumes) <= set(worker["volumes"])
    check = worker["healthcheck"]
    assert check["test"][0] == "CMD-SHELL"
    assert f"celery -A {CELERY_APP[framework]} inspect ping" in check["test"][1]
    assert "ports" not in worker


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_lint_tools_stay_clean(projects, framework):
    project = projects[framework, "celery"]
    run([tool("ruff"), "check", "--quiet", "--no-cache", "."], cwd=project)
    run([tool("ruff"), "format", "--check", "--quiet", "--no-cache", "."], cwd=project)
    run([tool("bandit"), "-q", "-r", ".", "-ll", "-x", "./tests"], cwd=project)
    run([tool("hadolint"), "--failure-threshold", "warning", "Dockerfile"], cwd=project)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_celery_without_redis_is_refused(tmp_path, capfd, framework):
    with pytest.raises(UsageError, match="celery needs redis"):
        complete({"project_name": "x", "celery": True, "redis": False})
    # Plain cookiecutter, whose answers the generator does not check, refuses it too.
    with pytest.raises(FailedHookException):
        cookiecutter(
            str(REPO / "templates" / framework),
            no_input=True,
            extra_context={"celery": True, "redis": False},
            output_dir=str(tmp_path),
        )
    assert "celery needs redis" in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_deploy_check_is_clean_right_after_new(tmp_path, framework):
    runner = CliRunner()
    args = ["new", "--no-input", "-o", str(tmp_path), "--framework", framework]
    args += ["--set", "project_name=jobs", "--set", "celery=true"]
    created = runner.invoke(cli, args, catch_exceptions=False)
    assert created.exit_code == 0, created.output
    checked = runner.invoke(cli, ["deploy", "-C", str(tmp_path / "jobs"), "--check"])
    assert checked.exit_code == 0, checked.output


# --- slow: the project's own tests ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_projects_own_tests_cover_the_task_without_a_broker(projects, framework):
    """The generated suite runs its tasks eagerly: no Redis, no worker needed."""
    project = projects[framework, "celery"]
    venv = uv_venv(project_requirements(project))
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("APP_ENV", "DJANGO_ENV", "REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL"):
        env.pop(name, None)
    result = run(
        [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_tasks.py"],
        cwd=project, env=env, timeout=600,
    )  # fmt: skip
    assert " passed" in result.stdout and "skipped" not in result.stdout
    run([str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env, 600)


# --- slow: a real Redis, the app under Gunicorn and a Celery worker -----------------------


@dataclass
class Running:
    """The app running under Gunicorn, with what a test needs to drive it."""

    framework: str
    project: Path
    url: str
    env: dict[str, str]
    venv: Venv
    redis_port: int
    csrf: Session | None = None

    @functools.cached_property
    def flask_auth(self) -> dict[str, str]:
        """A user made with `flask create-user`, and its bearer token (writes need one)."""
        password = secrets.token_urlsafe(16)
        env = {**self.env, "USER_PASSWORD": password}
        run([str(self.venv.path / "bin" / "flask"), "create-user", "ci"], self.project, env)
        reply = http(
            "POST", f"{self.url}/api/auth/token/", {"username": "ci", "password": password}
        )
        assert reply.status == 200, reply.body
        return {"Authorization": f"Bearer {reply.json()['token']}"}  # type: ignore[index]

    def create_item(self, description: str) -> int:
        if self.framework == "flask":
            fields = {"name": "Report", "description": description}
            created = http("POST", f"{self.url}/api/items/", fields, self.flask_auth)
            assert created.status == 201, created.body
            return int(created.json()["id"])  # type: ignore[index]
        code = (
            f"from {SLUG}.items.models import Item; "
            f"print(Item.objects.create(name='Report', description={description!r}).pk)"
        )
        out = run([str(self.venv.python), "manage.py", "shell", "-c", code], self.project, self.env)
        return int(out.stdout.strip().splitlines()[-1])

    def enqueue(self, item_id: int) -> str:
        """Queue the summary task through the running app; return the URL to poll."""
        if self.framework == "flask":
            queued = http("POST", f"{self.url}/api/items/{item_id}/summary/", None, self.flask_auth)
            status, location, body = queued.status, queued.headers.get("location"), queued.body
        else:
            assert self.csrf is not None
            reply = self.csrf.post(
                f"/items/{item_id}/summary/",
                headers={"X-CSRFToken": self.csrf.cookies["csrftoken"]},
            )
            status, location, body = reply.status, reply.header("Location"), reply.body
        assert status == 202, body
        assert location, "202 without a Location to poll"
        return f"{self.url}{location}"

    def queued_messages(self) -> int:
        """How many messages wait in Redis on Celery's default queue (RESP over a socket)."""
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=5) as sock:
            sock.sendall(b"*2\r\n$4\r\nLLEN\r\n$6\r\ncelery\r\n")
            reply = sock.recv(64)
        assert reply.startswith(b":"), reply
        return int(reply[1:].split(b"\r\n")[0])


def poll(url: str, states: set[str], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        reply = http("GET", url)
        assert reply.status == 200, reply.body
        body = reply.json()
        assert isinstance(body, dict)
        if body["state"] in states:
            return body
        assert time.monotonic() < deadline, f"{url} stayed {body}"
        time.sleep(0.2)


_READ_ONLY = (
    'while [ "$1" != -- ]; do mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" '
    '|| exit 97; shift; done; shift; exec "$@"'
)


def read_only(paths: list[Path], cmd: list[str]) -> list[str]:
    """`cmd` in a private mount namespace where `paths` are read-only: the code and the
    virtualenv as a pod with readOnlyRootFilesystem sees them (k8s/). As is where the
    machine does not allow mount namespaces."""
    if not _can_mount_read_only():
        return cmd
    unshare = ["unshare", "--mount", "--propagation", "private"]
    return [*unshare, "sh", "-c", _READ_ONLY, "sh", *map(str, paths), "--", *cmd]


@functools.cache
def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory(prefix="scaffold-ro-") as tmp:
        probe = f"! touch {tmp}/probe 2>/dev/null"
        result = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", _READ_ONLY, "sh",
             tmp, "--", "sh", "-c", probe],
            capture_output=True, check=False,
        )  # fmt: skip
        return result.returncode == 0 and not Path(tmp, "probe").exists()


def app_env(framework: str, venv: Venv, workdir: Path, redis_url: str) -> dict[str, str]:
    """Production settings, as docker-compose.yml gives them, on this machine."""
    env = venv.env(
        SECRET_KEY=secrets.token_urlsafe(50),
        REDIS_URL=redis_url,
        WEB_CONCURRENCY="2",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "MIGRATE_ON_START", "HOSTNAME"):
        env.pop(name, None)
    if framework == "flask":
        env.update(
            APP_ENV="production",
            ALLOWED_HOSTS="127.0.0.1",
            HTTPS_ONLY="false",
            DATABASE_URL=f"sqlite:///{workdir / 'app.db'}",
            FLASK_SKIP_DOTENV="1",
            DB_WAIT_ATTEMPTS="10",
        )
    else:
        env.update(
            DJANGO_ENV="production",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            HTTPS_ONLY="false",
            DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
            STATIC_ROOT=str(workdir / "static"),
            MEDIA_ROOT=str(workdir / "media"),
            DB_WAIT_SECONDS="20",
        )
        env.pop("STATIC_VOLUME", None)
    return env


@contextlib.contextmanager
def running_app(framework: str, tmp_path: Path) -> Iterator[Running]:
    project = render(framework, tmp_path / "render", celery=True)
    venv = uv_venv(project_requirements(project))
    redis_port = free_port()
    workdir = tmp_path / "run"
    workdir.mkdir()
    with redis_server(redis_port, workdir):
        env = app_env(framework, venv, workdir, f"redis://127.0.0.1:{redis_port}/0")
        if framework == "django":  # the Dockerfile's build step
            build = {k: v for k, v in env.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
            run([str(venv.python), "manage.py", "collectstatic", "--noinput"], project,
                {**build, "DJANGO_ENV": "build"})  # fmt: skip
        port = free_port()
        web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        log = workdir / "web.log"
        # The image's layout: instance/ exists (Flask's SQLite folder; unused here).
        (project / "instance").mkdir(exist_ok=True)
        # entrypoint.sh: wait for the database, migrate, then Gunicorn with gunicorn.conf.py,
        # with the code and the virtualenv read-only.
        cmd = read_only([project, venv.path], ["sh", "entrypoint.sh"])
        with process(cmd, cwd=project, env=web_env, log=log) as web:
            url = f"http://127.0.0.1:{port}"
            try:
                wait_http(f"{url}/healthz", web, timeout=90)
            except AssertionError as err:
                raise AssertionError(f"{err}\n{log.read_text()[-6000:]}") from None
            app = Running(framework, project, url, env, venv, redis_port)
            if framework == "django":
                app.csrf = Session(url)
                assert app.csrf.get("/admin/login/").status == 200
                assert "csrftoken" in app.csrf.cookies
            yield app


def start_worker(app: Running, log: Path):
    """The worker as compose and k8s/ run it: the entrypoint, no migrations, then Celery."""
    cmd = ["sh", "entrypoint.sh", "celery", "-A", CELERY_APP[app.framework], "worker"]
    cmd += ["--loglevel=INFO", "--concurrency=1"]
    env = {**app.env, "MIGRATE_ON_START": "false"}
    return process(read_only([app.project, app.venv.path], cmd), cwd=app.project, env=env, log=log)


def wait_ready(proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not re.search(r"celery@\S+ ready\.", log.read_text(errors="replace")):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the worker did not get ready:\n{log.read_text()[-6000:]}")
        time.sleep(0.2)


def healthcheck(app: Running) -> subprocess.CompletedProcess[str]:
    """The worker's health check exactly as docker-compose.yml declares it."""
    test = compose(app.project)["services"]["worker"]["healthcheck"]["test"]
    command = test[1].replace("$$", "$")  # Compose's escape for a literal $
    env = {**app.env, "HOSTNAME": socket.gethostname()}
    return subprocess.run(
        ["sh", "-c", command], cwd=app.project, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_worker_runs_tasks_queued_through_the_running_app(framework, tmp_path):
    with running_app(framework, tmp_path) as app:
        item_id = app.create_item("three little words")

        # No worker yet: the task waits in Redis (production never runs tasks in-process).
        first = app.enqueue(item_id)
        assert poll(first, {"PENDING"})["state"] == "PENDING"
        assert app.queued_messages() == 1

        log = tmp_path / "worker.log"
        with start_worker(app, log) as worker:
            wait_ready(worker, log)
            done = poll(first, {"SUCCESS", "FAILURE"})
            expected = {"item_id": item_id, "name": "Report", "words": 3, "characters": 18}
            assert done == {"task_id": done["task_id"], "state": "SUCCESS", "result": expected}
            assert app.queued_messages() == 0
            # The worker process ran it (and said so), not the web process.
            assert f"[{done['task_id']}] succeeded" in log.read_text()
            assert f"[{done['task_id']}]" not in (tmp_path / "run" / "web.log").read_text()

            healthy = healthcheck(app)
            assert healthy.returncode == 0, healthy.stdout + healthy.stderr
            assert "pong" in healthy.stdout

            second = app.enqueue(item_id)
            assert poll(second, {"SUCCESS", "FAILURE"})["result"] == expected

            stop(worker)  # SIGTERM: Celery's warm shutdown
            assert worker.returncode == 0, log.read_text()[-4000:]
            assert "Warm shutdown" in log.read_text()

        # Without a worker the app stays live and ready, and still accepts tasks.
        assert http("GET", f"{app.url}/healthz").status == 200
        assert http("GET", f"{app.url}/readyz").status == 200
        third = app.enqueue(item_id)
        time.sleep(1)
        assert poll(third, {"PENDING", "SUCCESS"})["state"] == "PENDING"
        assert app.queued_messages() == 1
        unhealthy = healthcheck(app)
        assert unhealthy.returncode != 0, unhealthy.stdout

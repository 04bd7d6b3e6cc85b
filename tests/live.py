"""A generated project running for real: PostgreSQL, its entrypoint, Gunicorn, then Nginx.

Used by the fault tests and the load benchmark. Everything listens on 127.0.0.1 and is
stopped by PID when the context ends.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.criteria import Framework
from generator.engine import recommend
from generator.project import complete
from generator.render import create_project
from tests.stack import (
    Nginx,
    Postgres,
    Venv,
    free_port,
    http,
    nginx,
    postgres_cluster,
    process,
    project_requirements,
    run,
    uv_venv,
    wait_http,
)

ADMIN = ("admin", "load-test-password-1")


@dataclass
class LiveStack:
    """A running project: where to reach it and the handles to break it."""

    framework: Framework
    project: Path
    venv: Venv
    postgres: Postgres
    gunicorn: subprocess.Popen[bytes]
    proxy: Nginx
    auth_header: dict[str, str]
    gunicorn_port: int

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def gunicorn_url(self) -> str:
        return f"http://127.0.0.1:{self.gunicorn_port}"

    @property
    def items_url(self) -> str:
        return f"{self.url}/api/items/"

    def worker_pids(self) -> list[int]:
        """The Gunicorn workers: children of the master (the entrypoint exec'd into it)."""
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.gunicorn.pid)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return [int(pid) for pid in out.stdout.split()]

    def create_item(self, name: str) -> int:
        response = http("POST", self.items_url, {"name": name}, headers=self.auth_header)
        assert response.status == 201, (response.status, response.body[:300])
        return int(response.json()["id"])  # type: ignore[index]

    def item_names(self) -> set[str]:
        names: set[str] = set()
        url: str | None = self.items_url
        while url:
            data = http("GET", url).json()
            rows = data["results"] if isinstance(data, dict) and "results" in data else data
            if isinstance(data, dict) and "items" in data:
                rows = data["items"]
            names |= {row["name"] for row in rows}
            url = data.get("next") if isinstance(data, dict) else None
            if url:
                url = self.url + url[url.index("/api/") :]
        return names


def _environment(framework: Framework, venv: Venv, database_url: str, port: int, root: Path):
    common = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DB_CONNECT_TIMEOUT": "2",
    }
    if framework == "flask":
        return venv.env(
            APP_ENV="production", ALLOWED_HOSTS="127.0.0.1", HTTPS_ONLY="false", **common
        )
    return venv.env(
        DJANGO_ENV="production",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS_ONLY="false",
        STATIC_ROOT=str(root / "static"),
        MEDIA_ROOT=str(root / "media"),
        DJANGO_SUPERUSER_USERNAME=ADMIN[0],
        DJANGO_SUPERUSER_PASSWORD=ADMIN[1],
        DJANGO_SUPERUSER_EMAIL="admin@example.com",
        **common,
    )


def _django_token(project: Path, env: dict[str, str], url: str) -> dict[str, str]:
    run([env["VIRTUAL_ENV"] + "/bin/python", "manage.py", "createsuperuser", "--noinput"],
        cwd=project, env=env)  # fmt: skip
    response = http("POST", f"{url}/api/token/", {"username": ADMIN[0], "password": ADMIN[1]})
    assert response.status == 200, response.body[:300]
    return {"Authorization": f"Token {response.json()['token']}"}  # type: ignore[index]


def _flask_token(project: Path, env: dict[str, str], url: str) -> dict[str, str]:
    run([env["VIRTUAL_ENV"] + "/bin/flask", "create-user", ADMIN[0]],
        cwd=project, env={**env, "USER_PASSWORD": ADMIN[1], "FLASK_SKIP_DOTENV": "1"})  # fmt: skip
    response = http("POST", f"{url}/api/auth/token/", {"username": ADMIN[0], "password": ADMIN[1]})
    assert response.status == 200, response.body[:300]
    return {"Authorization": f"Bearer {response.json()['token']}"}  # type: ignore[index]


@contextlib.contextmanager
def live_stack(framework: Framework, output_dir: Path) -> Iterator[LiveStack]:
    """Generate a PostgreSQL project and run it through its own entrypoint behind Nginx."""
    answers = complete({"project_name": "live app", "database": "postgres", "api": True})
    project = create_project(framework, answers, recommend(answers), output_dir)
    venv = uv_venv(project_requirements(project))
    root = Path(tempfile.mkdtemp(prefix="scaffold-live-"))
    with postgres_cluster() as pg:
        port = free_port()
        env = _environment(framework, venv, pg.create_database("live"), port, root)
        if framework == "django":
            run([str(venv.python), "manage.py", "collectstatic", "--noinput"], cwd=project, env=env)
        with process(["sh", "entrypoint.sh"], cwd=project, env=env, log=root / "web.log") as web:
            wait_http(f"http://127.0.0.1:{port}/healthz", web, timeout=60)
            paths = {
                "/srv/static/": f"{root / 'static'}/" if framework == "django"
                else f"{project / 'live_app' / 'static'}/",
                "/srv/media/": f"{root / 'media'}/",
                "/etc/nginx/conf.d/local/": f"{project / 'nginx' / 'local'}/",
            }  # fmt: skip
            site = (project / "nginx" / "default.conf").read_text()
            with nginx(site, f"127.0.0.1:{port}", paths) as proxy:
                sign_in = _django_token if framework == "django" else _flask_token
                auth = sign_in(project, env, proxy.url)
                yield LiveStack(framework, project, venv, pg, web, proxy, auth, port)


def kill_one_worker(stack: LiveStack) -> int:
    """SIGKILL one Gunicorn worker; return its PID."""
    victim = stack.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    return victim


def wait_for_workers(stack: LiveStack, count: int, timeout: float = 20) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = stack.worker_pids()
        if len(pids) == count:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"expected {count} workers, have {stack.worker_pids()}")


def basic_auth(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}

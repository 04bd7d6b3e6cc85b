"""Both generated starters' APIs running for real, for the contract and fuzzing tests.

A starter is rendered through the generator (Flask; Django with `api=true`), installed in
a shared uv virtualenv, migrated by its own entrypoint, given a user by its documented
non-interactive command, served by Gunicorn on 127.0.0.1 (with its Nginx site in front
for the docs page), and handed over with a Bearer token from `POST /api/auth/token/`.
Everything is stopped by PID when the context ends. The contract is templates/CONTRACT.md.
"""

from __future__ import annotations

import contextlib
import http.client as httplib
import json
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal
from urllib.parse import urlsplit

from generator.engine import recommend
from generator.project import complete
from generator.render import create_project
from tests.django_support import CHROMIUM
from tests.stack import (
    Nginx,
    Postgres,
    Response,
    Venv,
    free_port,
    http,
    nginx,
    postgres_cluster,
    process,
    project_requirements,
    run,
    stop,
    uv_venv,
    wait_http,
)

Framework = Literal["flask", "django"]
Database = Literal["sqlite", "postgres"]
FRAMEWORKS: tuple[Framework, ...] = ("flask", "django")
DATABASES: tuple[Database, ...] = ("sqlite", "postgres")
SLUG = "contract_app"
USERNAME = "apiuser"
PASSWORD = "contract-test-password-0123"
ALLOWED_ORIGIN = "https://app.example.com"
PROBLEM_JSON = "application/problem+json"
# Limits high enough for the many requests of one test module from one client; the
# throttle tests run their own servers with the defaults (the same names in both starters).
UNTHROTTLED = {
    "THROTTLE_AUTH_RATE": "100000/minute",
    "THROTTLE_WRITE_RATE": "100000/minute",
}
# Variables of the calling shell that would change how a generated project behaves.
PROJECT_VARIABLES = (
    "APP_ENV",
    "DJANGO_ENV",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CORS_ALLOWED_ORIGINS",
    "HTTPS_ONLY",
    "MAX_REQUEST_BYTES",
    "WEB_CONCURRENCY",
    "GUNICORN_BIND",
    "FLASK_APP",
    "FLASK_DEBUG",
    "USER_PASSWORD",
    *UNTHROTTLED,
)


# --- rendering and installing ------------------------------------------------------------


def render_starter(framework: Framework, output_dir: Path, **answers: object) -> Path:
    """Render a starter with the generator's own pipeline; `api` is on for both."""
    completed = complete({"project_name": "contract app", "api": True, **answers})  # type: ignore[arg-type]
    output_dir.mkdir(parents=True, exist_ok=True)
    return create_project(framework, completed, recommend(completed), output_dir)


def install(project: Path) -> Venv:
    """The project's dependencies in a uv virtualenv shared by every project that has them."""
    return uv_venv(project_requirements(project))


# --- running -----------------------------------------------------------------------------


@dataclass
class ApiServer:
    """A starter served by Gunicorn (and its Nginx site), with a user and a token."""

    framework: Framework
    database: Database
    project: Path
    venv: Venv
    env: dict[str, str]
    gunicorn: int
    proxy: Nginx
    log: Path
    token: str = ""

    @property
    def url(self) -> str:
        """Gunicorn itself: what the app answers, without Nginx in between."""
        return f"http://127.0.0.1:{self.gunicorn}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(
        self,
        method: str,
        path: str,
        body: object | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        token: bool = False,
    ) -> Response:
        sent = {**(self.auth if token else {}), **(headers or {})}
        return http(method, self.url + path, body, sent, timeout=30)

    def create_item(self, name: str, **fields: object) -> dict[str, object]:
        created = self.request("POST", "/api/items/", {"name": name, **fields}, token=True)
        assert created.status == 201, (created.status, created.body[:500])
        item = created.json()
        assert isinstance(item, dict), item
        return item

    def log_tail(self, size: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-size:]


def production_env(
    framework: Framework, venv: Venv, workdir: Path, database_url: str, **extra: str
) -> dict[str, str]:
    """The contract's production environment on this machine, without the caller's."""
    env = {k: v for k, v in venv.env().items() if k not in PROJECT_VARIABLES}
    env.update(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no TLS terminator in front of these servers.
        HTTPS_ONLY="false",
        DATABASE_URL=database_url,
        WEB_CONCURRENCY="2",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        DB_WAIT_SECONDS="30",
        DB_CONNECT_TIMEOUT="3",
        CORS_ALLOWED_ORIGINS=ALLOWED_ORIGIN,
        PYTHONDONTWRITEBYTECODE="1",
    )
    if framework == "django":
        env.update(
            # The starter before the contract work read DJANGO_ENV; both name the same mode.
            DJANGO_ENV="production",
            STATIC_ROOT=str(workdir / "static"),
            MEDIA_ROOT=str(workdir / "media"),
        )
    env.update(extra)
    return env


def sqlite_url(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'db.sqlite3'}"


def oversized_post(url: str, path: str, size: int, headers: Mapping[str, str]) -> Response:
    """Announce a JSON body of `size` bytes and read the answer; the body is never sent, so
    the server must refuse on the announced length, as it should."""
    parts = urlsplit(url)
    conn = httplib.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=15)
    try:
        conn.putrequest("POST", path)
        for name, value in {**headers, "Content-Type": "application/json"}.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def create_user(
    framework: Framework, project: Path, venv: Venv, env: Mapping[str, str], username: str
) -> None:
    """The documented non-interactive way to create a user, with PASSWORD."""
    if framework == "flask":
        run(
            [venv.bin("flask"), "create-user", username],
            cwd=project,
            env={**env, "USER_PASSWORD": PASSWORD},
        )
    else:
        run(
            [str(venv.python), "manage.py", "createsuperuser", "--noinput"],
            cwd=project,
            env={
                **env,
                "DJANGO_SUPERUSER_USERNAME": username,
                "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
                "DJANGO_SUPERUSER_EMAIL": f"{username}@example.com",
            },
        )


def obtain_token(url: str, username: str, password: str) -> str:
    response = http("POST", f"{url}/api/auth/token/", {"username": username, "password": password})
    assert response.status == 200, (response.status, response.body[:500])
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("token"), str), body
    return str(body["token"])


def _nginx_paths(framework: Framework, project: Path, workdir: Path) -> dict[str, str]:
    static = workdir / "static" if framework == "django" else project / SLUG / "static"
    return {
        "/srv/static/": f"{static}/",
        "/srv/media/": f"{workdir / 'media'}/",
        "/etc/nginx/conf.d/local/": f"{project / 'nginx' / 'local'}/",
    }


@contextlib.contextmanager
def serve(
    framework: Framework,
    database: Database,
    project: Path,
    venv: Venv,
    database_url: str,
    *,
    with_user: bool = True,
    **extra_env: str,
) -> Iterator[ApiServer]:
    """Migrate and serve `project` through its entrypoint; create a user and a token."""
    workdir = Path(tempfile.mkdtemp(prefix=f"scaffold-api-{framework}-"))
    (workdir / "media").mkdir()
    port = free_port()
    env = production_env(
        framework, venv, workdir, database_url, GUNICORN_BIND=f"127.0.0.1:{port}", **extra_env
    )
    if framework == "django":
        run([str(venv.python), "manage.py", "collectstatic", "--noinput"], cwd=project, env=env)
    log = workdir / "gunicorn.log"
    try:
        with process(["sh", "entrypoint.sh"], cwd=project, env=env, log=log) as proc:
            try:
                wait_http(f"http://127.0.0.1:{port}/healthz", proc, timeout=90)
            except AssertionError as err:
                raise AssertionError(f"{err}\n{log.read_text(errors='replace')[-6000:]}") from None
            site = (project / "nginx" / "default.conf").read_text()
            paths = _nginx_paths(framework, project, workdir)
            with nginx(site, f"127.0.0.1:{port}", paths) as proxy:
                server = ApiServer(framework, database, project, venv, env, port, proxy, log)
                if with_user:
                    create_user(framework, project, venv, env, USERNAME)
                    server.token = obtain_token(server.url, USERNAME, PASSWORD)
                yield server
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class Starters:
    """Rendered and installed starters, one per (framework, database, redis), made on first
    use; projects with the same dependencies share one virtualenv."""

    def __init__(self, base: Path, **answers: object) -> None:
        self.base = base
        self.answers = answers  # beyond framework, database and redis: the same for all
        self._projects: dict[tuple[Framework, Database, bool], tuple[Path, Venv]] = {}

    def get(
        self, framework: Framework, database: Database, *, redis: bool = False
    ) -> tuple[Path, Venv]:
        key = (framework, database, redis)
        if key not in self._projects:
            where = self.base / f"{framework}-{database}{'-redis' if redis else ''}"
            project = render_starter(
                framework, where, database=database, redis=redis, **self.answers
            )
            self._projects[key] = (project, install(project))
        return self._projects[key]


class Servers:
    """Running servers, one per (framework, database), started on first use and stopped,
    PostgreSQL last, by `close`."""

    def __init__(self, starters: Starters, **env: str) -> None:
        self.starters = starters
        self.env = env
        self.stack = contextlib.ExitStack()
        self._postgres: Postgres | None = None
        self._running: dict[tuple[Framework, Database], ApiServer] = {}
        self._failed: set[tuple[Framework, Database]] = set()

    def postgres(self) -> Postgres:
        if self._postgres is None:
            self._postgres = self.stack.enter_context(postgres_cluster())
        return self._postgres

    def __call__(self, framework: Framework, database: Database) -> ApiServer:
        key = (framework, database)
        if key in self._failed:
            raise AssertionError(f"the {framework}-{database} server did not start (see above)")
        if key not in self._running:
            try:
                self._running[key] = self._start(framework, database)
            except BaseException:
                # Fail the other tests of this variant at once instead of retrying.
                self._failed.add(key)
                raise
        return self._running[key]

    def _start(self, framework: Framework, database: Database) -> ApiServer:
        project, venv = self.starters.get(framework, database)
        url = (
            sqlite_url(Path(tempfile.mkdtemp(prefix="scaffold-api-db-")))
            if database == "sqlite"
            else self.postgres().create_database(f"{framework}_{secrets.token_hex(4)}")
        )
        return self.stack.enter_context(serve(framework, database, project, venv, url, **self.env))

    def close(self) -> None:
        self.stack.close()


# --- problem details ---------------------------------------------------------------------


def assert_problem(response: Response, status: int) -> dict[str, object]:
    """An RFC 9457 problem+json body with the contract's members, for `status`."""
    assert response.status == status, (response.status, response.headers, response.body[:800])
    content_type = response.headers.get("content-type", "")
    assert content_type.split(";")[0].strip() == PROBLEM_JSON, (content_type, response.body[:300])
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("type") == "about:blank", body
    assert body.get("status") == status, body
    assert isinstance(body.get("title"), str) and body["title"], body
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return body


def field_errors(body: Mapping[str, object]) -> dict[str, list[str]]:
    """The problem's `errors` member: field name to a list of messages."""
    errors = body.get("errors")
    assert isinstance(errors, dict), body
    for name, messages in errors.items():
        assert isinstance(messages, list) and messages, (name, messages)
        assert all(isinstance(message, str) for message in messages), (name, messages)
    return errors


# --- a real browser ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageLoad:
    dom: str
    requests: list[str]  # every URL the page itself asked for, in order


def load_page(url: str, wait_ms: int = 15000) -> PageLoad:
    """Load `url` in headless Chromium; return the DOM after scripts ran and every URL the
    page requested (from Chromium's network log). Hosts other than 127.0.0.1 resolve to
    nothing, so a page that needs the internet cannot pass by reaching it."""
    profile = Path(tempfile.mkdtemp(prefix="scaffold-chromium-"))
    netlog = profile / "netlog.json"
    dom = profile / "dom.html"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-proxy-server",
        "--disable-features=AutofillServerCommunication",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile / 'data'}",
        f"--log-net-log={netlog}",
        f"--virtual-time-budget={wait_ms}",
        "--dump-dom",
        url,
    ]
    try:
        with open(dom, "wb") as out:
            proc = process_output(cmd, profile, out)
        if proc != 0:
            raise AssertionError(f"Chromium exited {proc} loading {url}")
        return PageLoad(dom.read_text(errors="replace"), page_requests(netlog))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def process_output(cmd: list[str], cwd: Path, out: IO[bytes], timeout: float = 90) -> int:
    """Run Chromium in its own process group with stdout to `out`; stop it by PID."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        stop(proc)
        raise AssertionError(f"Chromium did not finish within {timeout}s") from None


def page_requests(netlog: Path) -> list[str]:
    """URLs the page asked for: its own load, and every request it initiated. The
    browser's own traffic (updates, autofill) has no initiator and is left out."""
    data = json.loads(_complete_netlog(netlog.read_text()))
    kinds = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    urls: list[str] = []
    for event in data["events"]:
        params = event.get("params") or {}
        if kinds.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        by_page = str(params.get("initiator", "")).startswith("http://127.0.0.1:")
        if by_page or params.get("request_type") == "main frame":
            urls.append(params["url"])
    return urls


def _complete_netlog(text: str) -> str:
    """A net log cut short (Chromium killed) lacks its closing brackets."""
    text = text.rstrip()
    if text.endswith("}"):
        return text
    return text.rstrip(",") + "]}"

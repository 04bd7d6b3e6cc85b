"""Observability of both starters through real Nginx, Gunicorn, Prometheus and a Sentry stand-in.

* Request ids: ``X-Request-ID: abc`` through Nginx comes back and is on the app's and
  Gunicorn's JSON log lines; a request without one gets a generated id.
* Metrics: a real Prometheus scrapes ``/metrics`` of a three-worker Gunicorn and sees
  every request, whichever worker served it.
* Errors: with ``SENTRY_DSN`` pointing at a receiver on 127.0.0.1 an exception in a view
  arrives there as an event; without a DSN nothing is sent.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.criteria import Framework
from generator.engine import recommend
from generator.project import complete
from generator.render import create_project
from tests.stack import (
    Venv,
    free_port,
    http,
    nginx,
    process,
    project_requirements,
    uv_venv,
    wait_http,
)

pytestmark = pytest.mark.slow

PROMETHEUS = shutil.which("prometheus")
FIELDS = {"time", "level", "logger", "message", "request_id", "method", "path", "status"}
FIELDS |= {"duration_ms"}


class SentryReceiver:
    """Stands in for Sentry's ingest endpoint: keeps every request body it receives."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                # The SDK compresses what it sends.
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.bodies.append(body)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.server.server_address[1]}/1"

    def __enter__(self) -> SentryReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Site:
    framework: Framework
    project: Path
    venv: Venv
    gunicorn: str
    url: str
    log: Path
    metrics_dir: Path
    database: Path

    def json_lines(self) -> list[dict[str, object]]:
        lines = []
        for raw in self.log.read_text().splitlines():
            if raw.startswith("{"):
                lines.append(json.loads(raw))
        return lines


def _render(framework: Framework, out: Path) -> Path:
    answers = complete({"project_name": "observed app", "database": "sqlite", "api": True})
    return create_project(framework, answers, recommend(answers), out)


@contextlib.contextmanager
def _site(framework: Framework, tmp: Path, **extra: str) -> Iterator[Site]:
    project = _render(framework, tmp / "out")
    venv = uv_venv(project_requirements(project))
    port = free_port()
    database = tmp / "db.sqlite3"
    metrics_dir = tmp / "metrics"
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{database}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "3",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "LOG_LEVEL": "info",
        # TLS would end in front of Nginx; these requests are plain HTTP on 127.0.0.1.
        "HTTPS_ONLY": "false",
        **extra,
    }
    if framework == "django":
        env |= {"STATIC_ROOT": str(tmp / "static")}
        env |= {"MEDIA_ROOT": str(tmp / "media")}
    environ = venv.env(**env)
    if framework == "django":
        subprocess.run(
            [str(venv.python), "manage.py", "collectstatic", "--noinput"],
            cwd=project, env=environ, check=True, capture_output=True,
        )  # fmt: skip
    log = tmp / "web.log"
    with process(["sh", "entrypoint.sh"], cwd=project, env=environ, log=log) as web:
        wait_http(f"http://127.0.0.1:{port}/healthz", web, timeout=90)
        site = (project / "nginx" / "default.conf").read_text()
        paths = {"/etc/nginx/conf.d/local/": f"{project / 'nginx' / 'local'}/"}
        with nginx(site, f"127.0.0.1:{port}", paths) as proxy:
            yield Site(
                framework, project, venv, f"http://127.0.0.1:{port}", proxy.url, log,
                metrics_dir, database,
            )  # fmt: skip


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_request_ids_and_json_lines_through_nginx(framework: Framework, tmp_path: Path) -> None:
    with _site(framework, tmp_path) as site:
        given = http("GET", f"{site.url}/healthz", headers={"X-Request-ID": "abc"})
        assert given.headers["x-request-id"] == "abc"
        made = http("GET", f"{site.url}/healthz")
        generated = made.headers["x-request-id"]
        assert len(generated) == 32 and generated != "abc"
        bogus = http("GET", f"{site.url}/api/items/", headers={"Host": "evil.example"})
        assert bogus.status == 400

        def logged() -> bool:
            ids = {line.get("request_id") for line in site.json_lines()}
            return {"abc", generated} <= ids

        _wait(logged)
        text = site.log.read_text()
    lines = site.json_lines()
    app_lines = [line for line in lines if str(line["logger"]).endswith(".request")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    for line in app_lines + access:
        assert set(line) >= FIELDS, line
    ours = [line for line in app_lines if line["request_id"] == "abc"]
    assert ours and (ours[0]["method"], ours[0]["path"], ours[0]["status"]) == (
        "GET", "/healthz", 200,
    )  # fmt: skip
    assert any(line["request_id"] == "abc" for line in access), access
    assert any(line["request_id"] == generated for line in access), access
    # The bad host is at most one warning, without a traceback.
    assert "Traceback" not in text
    host_lines = [
        line for line in lines
        if "evil.example" in str(line["message"]) and line["level"] != "INFO"
        and line["logger"] != "gunicorn.access"
    ]  # fmt: skip
    assert len(host_lines) <= 1, host_lines
    assert all(line["level"] == "WARNING" for line in host_lines)


@pytest.mark.skipif(PROMETHEUS is None, reason="needs Debian's prometheus package")
@pytest.mark.parametrize("framework", ["flask", "django"])
def test_prometheus_counts_requests_of_every_worker(framework: Framework, tmp_path: Path) -> None:
    with _site(framework, tmp_path) as site:
        target = urllib.parse.urlsplit(site.gunicorn).netloc
        prom_port = free_port()
        config = tmp_path / "prometheus.yml"
        config.write_text(
            "global: {scrape_interval: 1s}\n"
            "scrape_configs:\n"
            f"  - job_name: web\n    static_configs: [{{targets: ['{target}']}}]\n"
        )
        command = [
            str(PROMETHEUS), f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{prom_port}",
        ]  # fmt: skip
        with process(command, cwd=tmp_path, log=tmp_path / "prometheus.log"):
            api = f"http://127.0.0.1:{prom_port}/api/v1/query?query="
            query = urllib.parse.quote('sum(http_requests_total{route="/healthz",status="200"})')

            def total() -> float:
                try:
                    reply = http("GET", api + query)
                except OSError:
                    return -1.0
                if reply.status != 200:
                    return -1.0
                result = json.loads(reply.body)["data"]["result"]
                return float(result[0]["value"][1]) if result else 0.0

            # The start-up health check is already counted: wait for the first scrape.
            _wait(lambda: total() >= 1, timeout=30)
            base = total()
            count = 60
            with ThreadPoolExecutor(6) as pool:
                statuses = list(
                    pool.map(lambda _: http("GET", f"{site.gunicorn}/healthz").status, range(count))
                )
            assert statuses == [200] * count
            # Each worker keeps its own counter file; all of them are added up.
            assert len(list(site.metrics_dir.glob("counter_*.db"))) >= 2
            _wait(lambda: total() >= base + count, timeout=30)
            assert total() == base + count
        # The public server block does not hand out the metrics.
        assert http("GET", f"{site.url}/metrics").status == 404


def _break_items(database: Path) -> None:
    """Drop the items table: the items view then fails with an exception."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if "item" in table:
                db.execute(f'DROP TABLE "{table}"')
        db.commit()


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_sentry_receives_view_errors_only_with_a_dsn(framework: Framework) -> None:
    for with_dsn in (True, False):
        tmp = Path(tempfile.mkdtemp(prefix="scaffold-sentry-"))
        with SentryReceiver() as receiver:
            extra = {"SENTRY_DSN": receiver.dsn, "SENTRY_RELEASE": "r-42"} if with_dsn else {}
            with _site(framework, tmp, **extra) as site:
                _break_items(site.database)
                # A page view (Django's API answers errors itself, as problem details).
                page = "/api/items/" if framework == "flask" else "/"
                failed = http("GET", f"{site.url}{page}")
                assert failed.status == 500
                if with_dsn:
                    _wait(lambda: any(b"OperationalError" in b for b in receiver.bodies))
                    event = next(b for b in receiver.bodies if b"OperationalError" in b)
                    assert b'"release":"r-42"' in event.replace(b" ", b"")
                    assert b'"environment":"production"' in event.replace(b" ", b"")
                else:
                    time.sleep(3)
                    assert receiver.bodies == []
        shutil.rmtree(tmp, ignore_errors=True)

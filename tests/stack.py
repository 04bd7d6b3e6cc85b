"""Real components for end-to-end tests: virtualenvs, processes, PostgreSQL, Nginx.

Everything here listens on 127.0.0.1 only, and every process a helper starts is
stopped by its PID when the helper's context ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import http.client as httplib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
CACHE_DIR = Path(os.environ.get("SCAFFOLD_TEST_CACHE", Path.home() / ".cache" / "scaffold-tests"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- virtualenvs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Venv:
    path: Path

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def bin(self, name: str) -> str:
        return str(self.path / "bin" / name)

    def env(self, **extra: str) -> dict[str, str]:
        """An environment that runs this venv's tools first, without the caller's venv."""
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        env["PATH"] = f"{self.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.path)
        env.update(extra)
        return env


def project_requirements(project_dir: Path, extras: tuple[str, ...] = ("dev",)) -> list[str]:
    """The dependencies a generated project declares in its pyproject.toml (plus extras)."""
    meta = tomllib.loads((project_dir / "pyproject.toml").read_text())["project"]
    requirements = list(meta.get("dependencies", []))
    for extra in extras:
        requirements += meta.get("optional-dependencies", {}).get(extra, [])
    return sorted(set(requirements))


def uv_venv(requirements: list[str]) -> Venv:
    """A virtualenv with exactly these requirements, built once with uv and shared by key.

    The project itself is not installed: tests run from the project directory, so two
    projects with the same dependencies share one environment. A file lock keeps two
    test processes from building the same environment at once.
    """
    key = hashlib.sha256(
        json.dumps([sys.version_info[:2], sorted(requirements)]).encode()
    ).hexdigest()[:16]
    venv = Venv(CACHE_DIR / "venvs" / key)
    venv.path.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.path.parent / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv.path / ".complete").exists():
            return venv
        shutil.rmtree(venv.path, ignore_errors=True)
        uv = shutil.which("uv") or "uv"
        run([uv, "venv", "--quiet", "--python", sys.executable, str(venv.path)], cwd=REPO)
        requirements_file = venv.path / "requirements.txt"
        requirements_file.write_text("\n".join(requirements) + "\n")
        run(
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(venv.python),
                "-r",
                str(requirements_file),
            ],
            cwd=REPO,
            timeout=900,
        )
        (venv.path / ".complete").write_text("ok\n")
    return venv


def run(
    cmd: list[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail with its whole output (the reason a test broke)."""
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


# --- processes ---------------------------------------------------------------------------


@contextlib.contextmanager
def process(
    cmd: list[str], cwd: Path, env: Mapping[str, str] | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process in its own group; stop the group by PID when the block ends."""
    log = log or Path(tempfile.mkstemp(prefix="scaffold-proc-", suffix=".log")[1])
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], grace: float = 10) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def http(
    method: str,
    url: str,
    body: object | bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """One HTTP request with http.client: no redirects followed, no exceptions on 4xx/5xx."""
    parts = urlsplit(url)
    conn = httplib.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    sent_headers = dict(headers or {})
    payload: bytes | None
    if body is None or isinstance(body, bytes):
        payload = body
    else:
        payload = json.dumps(body).encode()
        sent_headers.setdefault("Content-Type", "application/json")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    try:
        conn.request(method, path, body=payload, headers=sent_headers)
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def wait_http(url: str, proc: subprocess.Popen[bytes] | None = None, timeout: float = 30) -> None:
    """Wait until a URL answers at all (any status), or fail when the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode} before answering {url}")
        try:
            http("GET", url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


# --- PostgreSQL --------------------------------------------------------------------------


@dataclass
class Postgres:
    """A throwaway cluster that a test can stop and start again (to simulate an outage)."""

    port: int
    password: str
    base: Path
    proc: subprocess.Popen[bytes] | None = None

    def url(self, database: str, scheme: str = "postgresql") -> str:
        return f"{scheme}://scaffold:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database owned by the test user; return its URL."""
        cmd = [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
        subprocess.run(
            _as_postgres([*cmd, "-U", "scaffold", "-O", "scaffold", name]),
            check=True,
            env={**os.environ, "PGPASSWORD": self.password},
        )
        return self.url(name)

    def ready(self) -> bool:
        probe = [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)]
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0

    def start(self) -> None:
        cmd = [str(PG_BIN / "postgres"), "-D", str(self.base / "data"), "-p", str(self.port)]
        cmd += ["-h", "127.0.0.1", "-k", str(self.base), "-c", "fsync=off"]
        with open(self.base / "server.log", "ab") as log:
            self.proc = subprocess.Popen(
                _as_postgres(cmd), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 30
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log_text = (self.base / "server.log").read_text()
                raise AssertionError(f"PostgreSQL did not start:\n{log_text}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Fast shutdown: connections are cut at once, as in a real outage."""
        if self.proc is None:
            return
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.base / "data"), "-m", "fast", "-w"]
        subprocess.run(_as_postgres([*pg_ctl, "stop"]), capture_output=True, check=False)
        stop(self.proc)
        self.proc = None


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    """A throwaway PostgreSQL cluster on a free 127.0.0.1 port, stopped by PID at the end."""
    if not (PG_BIN / "initdb").exists():
        raise AssertionError("PostgreSQL server binaries are missing: apt-get install postgresql")
    base = Path(tempfile.mkdtemp(prefix="scaffold-pg-"))
    password = hashlib.sha256(os.urandom(16)).hexdigest()[:24]
    pwfile = base / "pw"
    pwfile.write_text(password)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        os.chown(pwfile, user.pw_uid, user.pw_gid)
    initdb = [str(PG_BIN / "initdb"), "-D", str(base / "data"), "-U", "scaffold"]
    initdb += [f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256"]
    subprocess.run(_as_postgres([*initdb, "--no-sync"]), check=True, capture_output=True)
    server = Postgres(port=free_port(), password=password, base=base)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


# --- Nginx -------------------------------------------------------------------------------

_NGINX_MAIN = """\
{user}
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/access.log;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {run}/site.conf;
}}
"""


@dataclass(frozen=True)
class Nginx:
    port: int
    run_dir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def access_log(self) -> str:
        return (self.run_dir / "access.log").read_text()


def nginx_site(
    generated: str, port: int, upstream: str, paths: Mapping[str, str] | None = None
) -> str:
    """The generated site config with only the listen port, upstream and disk paths rewritten."""
    site = re.sub(r"listen\s+[^;]+;", f"listen 127.0.0.1:{port};", generated)
    site = re.sub(r"(upstream\s+\w+\s*\{[^}]*?server\s+)[^;\s]+", rf"\g<1>{upstream}", site)
    for container_path, host_path in (paths or {}).items():
        site = site.replace(container_path, host_path)
    return site


def nginx_config(site: str, run_dir: Path) -> Path:
    """Write a main nginx.conf that includes the site the way the official image does."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "site.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = run_dir / "nginx.conf"
    conf.write_text(_NGINX_MAIN.format(user=user, run=run_dir))
    return conf


def nginx_test(site: str) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a site config; returns the result (stderr holds nginx's verdict)."""
    with tempfile.TemporaryDirectory(prefix="scaffold-nginx-t-") as tmp:
        conf = nginx_config(site, Path(tmp))
        return subprocess.run(
            [NGINX, "-t", "-c", str(conf), "-g", "daemon off;"],
            capture_output=True,
            text=True,
            check=False,
        )


@contextlib.contextmanager
def nginx(generated: str, upstream: str, paths: Mapping[str, str] | None = None) -> Iterator[Nginx]:
    """Real Nginx with the generated site config in front of `upstream`, stopped by PID."""
    run_dir = Path(tempfile.mkdtemp(prefix="scaffold-nginx-"))
    port = free_port()
    conf = nginx_config(nginx_site(generated, port, upstream, paths), run_dir)
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(conf), "-g", "daemon off;"],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        raise AssertionError(f"nginx -t failed:\n{checked.stderr}")
    with process(
        [NGINX, "-c", str(conf), "-g", "daemon off;"], cwd=run_dir, log=run_dir / "stdout.log"
    ) as proc:
        wait_http(f"http://127.0.0.1:{port}/", proc)
        yield Nginx(port=port, run_dir=run_dir)
    shutil.rmtree(run_dir, ignore_errors=True)

"""Find a running Docker Engine, or start Debian's dockerd and stop it again.

The tests never stop a daemon they did not start: `Engine.started_pid` is set only
when this module launched dockerd itself, and `stop()` signals exactly that PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SOCKET = "unix:///var/run/docker.sock"
INSTALL_HINT = "run .ci/install-containers.sh as root"


class EngineUnavailable(RuntimeError):
    """No Docker Engine with Compose v2 can be had on this machine."""


@dataclass(frozen=True)
class Engine:
    """A usable engine: server version, Compose version, and what we started."""

    server_version: str
    compose_version: str
    started_pid: int | None = None
    log_path: Path | None = None


def docker(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the docker client and capture its output as text."""
    return subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=check
    )


def server_version(timeout: float = 10) -> str | None:
    """Return the daemon's version when `docker info` answers, else None."""
    if shutil.which("docker") is None:
        return None
    try:
        done = docker("info", "--format", "{{.ServerVersion}}", timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    version = done.stdout.strip()
    return version if done.returncode == 0 and version else None


def compose_version() -> str:
    """Return the Compose v2 version, or raise EngineUnavailable."""
    try:
        done = docker("compose", "version", "--short", timeout=30, check=False)
    except subprocess.TimeoutExpired as err:
        raise EngineUnavailable("`docker compose version` hung") from err
    version = done.stdout.strip().lstrip("v")
    if done.returncode != 0 or not version or not version[0].isdigit() or version[0] < "2":
        raise EngineUnavailable(f"Docker Compose v2 plugin missing ({INSTALL_HINT})")
    return version


def _start_dockerd(workdir: Path, ready_timeout: float) -> tuple[int, Path]:
    if shutil.which("docker") is None:
        raise EngineUnavailable(f"no docker client on PATH ({INSTALL_HINT})")
    dockerd = shutil.which("dockerd")
    if dockerd is None:
        raise EngineUnavailable(f"no Docker Engine running and no dockerd ({INSTALL_HINT})")
    if os.geteuid() != 0:
        raise EngineUnavailable("no Docker Engine running, and starting dockerd needs root")
    host = os.environ.get("DOCKER_HOST", DEFAULT_SOCKET)
    if host != DEFAULT_SOCKET:
        raise EngineUnavailable(f"DOCKER_HOST={host} does not answer; not starting a daemon")
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "dockerd.log"
    pidfile = workdir / "dockerd.pid"
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [dockerd, "--host", DEFAULT_SOCKET, "--pidfile", str(pidfile)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in pytest must not hit the daemon first
        )
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
            raise EngineUnavailable(
                f"dockerd exited with {proc.returncode}: {' | '.join(tail)} (log: {log_path})"
            )
        if server_version(timeout=5):
            return proc.pid, log_path
        time.sleep(0.5)
    _terminate(proc.pid)
    raise EngineUnavailable(f"dockerd did not answer within {ready_timeout:.0f}s (log: {log_path})")


def _alive(pid: int) -> bool:
    try:
        # Reap it if it is our child; otherwise probe it with signal 0.
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _terminate(pid: int, grace: float = 60) -> None:
    """SIGTERM, wait for a clean shutdown (it stops its containers), then SIGKILL."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    while _alive(pid):
        time.sleep(0.1)


def acquire(workdir: Path, ready_timeout: float = 60) -> Engine:
    """Use the running engine, or start dockerd; raise EngineUnavailable with the reason."""
    started: int | None = None
    log_path: Path | None = None
    version = server_version()
    if version is None:
        started, log_path = _start_dockerd(workdir, ready_timeout)
        version = server_version() or "?"
    try:
        compose = compose_version()
    except EngineUnavailable:
        if started is not None:
            _terminate(started)
        raise
    return Engine(version, compose, started, log_path)


def release(engine: Engine) -> None:
    """Stop dockerd if (and only if) `acquire` started it."""
    if engine.started_pid is not None:
        _terminate(engine.started_pid)

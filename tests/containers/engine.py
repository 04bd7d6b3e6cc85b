"""Find a running Docker Engine, or start Debian's dockerd and stop it again.

The tests never stop a daemon they did not start: `Engine.started_pid` is set only
when this module launched dockerd itself, and `release()` signals exactly that PID.
Several test sessions on one machine may share a daemon: each holds a shared lock on
LOCK_PATH while it uses the engine, and the session that started dockerd waits for the
others to let go before it stops it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SOCKET = "unix:///var/run/docker.sock"
INSTALL_HINT = "run .ci/install-containers.sh as root"
# The dockerd processes this module started, by PID, so they are waited for (not leaked).
_STARTED: dict[int, subprocess.Popen[bytes]] = {}
LOCK_PATH = Path(tempfile.gettempdir()) / "scaffold-docker-engine.lock"
_LOCKS: list[int] = []  # file descriptors holding the shared "in use" lock


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
    _STARTED[proc.pid] = proc
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _STARTED.pop(proc.pid, None)
            tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
            raise EngineUnavailable(
                f"dockerd exited with {proc.returncode}: {' | '.join(tail)} (log: {log_path})"
            )
        if server_version(timeout=5):
            return proc.pid, log_path
        time.sleep(0.5)
    _terminate(proc.pid)
    raise EngineUnavailable(f"dockerd did not answer within {ready_timeout:.0f}s (log: {log_path})")


def _terminate(pid: int, grace: float = 60) -> None:
    """SIGTERM, wait for a clean shutdown (dockerd stops its containers), then SIGKILL."""
    proc = _STARTED.pop(pid, None)
    if proc is None:
        return  # not ours: never signal a process this module did not start
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _hold_shared_lock() -> None:
    fd = os.open(LOCK_PATH, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)  # waits while a session is stopping its daemon
    _LOCKS.append(fd)


def _drop_shared_lock() -> None:
    while _LOCKS:
        os.close(_LOCKS.pop())


def _wait_for_other_users(timeout: float) -> bool:
    """Take the lock exclusively once no other session uses the engine; False on timeout."""
    fd = os.open(LOCK_PATH, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                return False
            time.sleep(1)
            continue
        _LOCKS.append(fd)  # released by _drop_shared_lock once the daemon is stopped
        return True


def acquire(workdir: Path | None = None, ready_timeout: float = 60) -> Engine:
    """Use the running engine, or start dockerd; raise EngineUnavailable with the reason."""
    _hold_shared_lock()
    try:
        return _acquire(workdir, ready_timeout)
    except BaseException:
        _drop_shared_lock()
        raise


def _acquire(workdir: Path | None, ready_timeout: float) -> Engine:
    started: int | None = None
    log_path: Path | None = None
    version = server_version()
    if version is None:
        workdir = workdir or Path(tempfile.mkdtemp(prefix="scaffold-dockerd-"))
        started, log_path = _start_dockerd(workdir, ready_timeout)
        version = server_version() or "?"
    try:
        compose = compose_version()
    except EngineUnavailable:
        if started is not None:
            _terminate(started)
        raise
    return Engine(version, compose, started, log_path)


def release(engine: Engine, wait_for_others: float = 1200) -> str:
    """Let go of the engine; stop dockerd if (and only if) `acquire` started it.

    Returns what happened, for the test output.
    """
    _drop_shared_lock()
    if engine.started_pid is None:
        return "left the running engine alone"
    if not _wait_for_other_users(wait_for_others):
        _STARTED.pop(engine.started_pid, None)
        return f"left dockerd PID {engine.started_pid} running: another session still uses it"
    try:
        _terminate(engine.started_pid)
    finally:
        _drop_shared_lock()
    workdir = engine.log_path.parent if engine.log_path else None
    if workdir is not None and workdir.name.startswith("scaffold-dockerd-"):
        shutil.rmtree(workdir, ignore_errors=True)  # a clean stop: its log is not needed
    return f"stopped dockerd PID {engine.started_pid}"

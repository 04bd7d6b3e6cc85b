"""Small HTTP and wait helpers for the container tests (127.0.0.1 only)."""

from __future__ import annotations

import base64
import http.client
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tests.containers.engine import docker

T = TypeVar("T")


@dataclass(frozen=True)
class Response:
    """Status, headers (lower-case names) and the raw body, exactly as sent."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """One HTTP request to 127.0.0.1:port; no redirects followed, no decoding."""
    sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    data: bytes | None = None
    if body is not None:
        data = json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        sent["Authorization"] = f"Basic {token}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=sent)
        reply = conn.getresponse()
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
    finally:
        conn.close()


def wait_for(what: str, check: Callable[[], T | None], timeout: float, every: float = 0.5) -> T:
    """Call `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            result = check()
            if result:
                return result
        except (OSError, http.client.HTTPException) as err:
            last = err
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} ({last})")
        time.sleep(every)


def status_of(port: int, path: str) -> int | None:
    """The status of GET path, or None when nothing answers."""
    try:
        return request(port, path, timeout=5).status
    except (OSError, http.client.HTTPException):
        return None


def health(container: str) -> str:
    """The container's health status ("starting", "healthy", "unhealthy", or "")."""
    done = docker(
        "inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container
    )
    return done.stdout.strip()


def state(container: str, field: str) -> str:
    """One field of `.State`, e.g. StartedAt, Running, ExitCode."""
    return docker("inspect", "--format", f"{{{{.State.{field}}}}}", container).stdout.strip()


def wait_healthy(container: str, timeout: float) -> float:
    """Wait for the HEALTHCHECK to report healthy; return the seconds it took."""
    started = time.monotonic()

    def check() -> bool:
        status = health(container)
        if status == "unhealthy" or state(container, "Running") != "true":
            logs = docker("logs", "--tail", "40", container, check=False)
            raise AssertionError(
                f"{container} is {status or 'not running'}:\n{logs.stdout}{logs.stderr}"
            )
        return status == "healthy"

    wait_for(f"{container} to turn healthy", check, timeout)
    return time.monotonic() - started

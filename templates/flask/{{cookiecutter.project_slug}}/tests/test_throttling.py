"""Throttles on the token endpoint and on writes: 429 problem with Retry-After."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import USERNAME, make_app


def test_eleven_wrong_passwords_in_a_row_get_429(client: FlaskClient, user: object) -> None:
    statuses = [
        client.post("/api/auth/token/", json={"username": USERNAME, "password": "wrong"})
        for _ in range(11)
    ]
    assert [r.status_code for r in statuses] == [401] * 10 + [429]
    throttled = statuses[-1]
    assert throttled.mimetype == "application/problem+json"
    assert throttled.get_json()["status"] == 429
    assert int(throttled.headers["Retry-After"]) > 0


@pytest.fixture
def strict_app() -> Iterator[Flask]:
    yield from make_app(THROTTLE_WRITE_RATE="2/minute")


def test_writes_are_throttled_per_client(strict_app: Flask) -> None:
    client = strict_app.test_client()
    statuses = [client.post("/api/items/", json={"name": "x"}).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    # Reads are not throttled.
    assert client.get("/api/items/").status_code == 200
    other = strict_app.test_client()
    response = other.post("/api/items/", json={}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 401


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from {{ cookiecutter.project_slug }}.config import load_config

    monkeypatch.setenv("THROTTLE_AUTH_RATE", "3/hour")
    assert load_config("testing", str(tmp_path))["THROTTLE_AUTH_RATE"] == "3/hour"
    assert load_config("testing", str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"

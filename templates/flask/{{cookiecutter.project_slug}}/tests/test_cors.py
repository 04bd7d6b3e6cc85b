"""CORS for /api/ only, for the origins in CORS_ALLOWED_ORIGINS (none by default)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import make_app

ALLOWED = "https://app.example.com"


def preflight(client: FlaskClient, origin: str, path: str = "/api/items/"):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )


@pytest.fixture
def cors_app() -> Iterator[Flask]:
    yield from make_app(CORS_ALLOWED_ORIGINS=[ALLOWED])


def test_no_origin_is_allowed_by_default(client: FlaskClient) -> None:
    response = preflight(client, ALLOWED)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_allowed_origin_gets_the_allow_headers(cors_app: Flask) -> None:
    response = preflight(cors_app.test_client(), ALLOWED)
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_another_origin_gets_none(cors_app: Flask) -> None:
    response = preflight(cors_app.test_client(), "https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_is_for_the_api_only(cors_app: Flask) -> None:
    response = preflight(cors_app.test_client(), ALLOWED, "/healthz")
    assert "Access-Control-Allow-Origin" not in response.headers


def test_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from {{ cookiecutter.project_slug }}.config import load_config

    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", f"{ALLOWED}, https://b.example.com")
    origins = load_config("testing", str(tmp_path))["CORS_ALLOWED_ORIGINS"]
    assert origins == [ALLOWED, "https://b.example.com"]

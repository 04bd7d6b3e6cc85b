"""HTTPS only, HSTS, and the hosts served (ALLOWED_HOSTS)."""

from collections.abc import Iterator

import pytest
from flask import Flask

from .conftest import make_app


@pytest.fixture
def https_app() -> Iterator[Flask]:
    yield from make_app(HTTPS_ONLY=True, HSTS_SECONDS=60)


def test_plain_http_is_redirected_to_https(https_app: Flask) -> None:
    response = https_app.test_client().get("/api/items/?page=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost/api/items/?page=1"


def test_https_answers_with_hsts(https_app: Flask) -> None:
    response = https_app.test_client().get("/api/items/", base_url="https://localhost")
    assert response.status_code == 200
    # Starts low, without subdomains or preload: raise HSTS_SECONDS once HTTPS works.
    assert response.headers["Strict-Transport-Security"] == "max-age=60"


def test_probes_answer_over_plain_http(https_app: Flask) -> None:
    assert https_app.test_client().get("/healthz").status_code == 200


def test_no_https_redirect_or_hsts_when_off(app: Flask) -> None:
    response = app.test_client().get("/api/items/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def test_an_unknown_host_is_refused(app: Flask) -> None:
    response = app.test_client().get("/api/items/", headers={"Host": "evil.example.net"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"

"""Request ids, log lines with the same fields in both formats, metrics, Sentry off."""

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from logging.config import dictConfig

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import REGISTRY

from {{ cookiecutter.project_slug }}.observability import configure_logging
from {{ cookiecutter.project_slug }}.telemetry import REQUEST_FIELDS, init_sentry, logging_config

from .conftest import make_app

FIELDS = {"time", "level", "logger", "message", *REQUEST_FIELDS}
REQUEST_LOGGER = "{{ cookiecutter.project_slug }}.request"


@pytest.fixture
def json_lines() -> Iterator[Callable[[], list[dict[str, object]]]]:
    """Production's JSON logging, written to a buffer; the testing setup afterwards."""
    buffer = io.StringIO()
    dictConfig(logging_config("INFO", json=True))
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    configure_logging("INFO", "testing")


def test_request_id_from_the_request_is_returned(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "abc"})
    assert response.headers["X-Request-ID"] == "abc"


def test_request_id_is_generated_when_missing_or_unsafe(client: FlaskClient) -> None:
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    forged = client.get("/healthz", headers={"X-Request-ID": "a b level=ERROR"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


def test_production_lines_are_json_with_the_request_fields(
    client: FlaskClient, json_lines: Callable[[], list[dict[str, object]]]
) -> None:
    client.get("/healthz", headers={"X-Request-ID": "abc"})
    lines = [line for line in json_lines() if line["logger"] == REQUEST_LOGGER]
    assert len(lines) == 1
    line = lines[0]
    assert set(line) >= FIELDS
    assert line["request_id"] == "abc"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


def test_app_lines_during_a_request_carry_its_id(
    app: Flask, json_lines: Callable[[], list[dict[str, object]]]
) -> None:
    @app.get("/_log_something")
    def log_something() -> str:
        app.logger.warning("inside")
        return "ok"

    app.test_client().get("/_log_something", headers={"X-Request-ID": "req-1"})
    inside = [line for line in json_lines() if line["message"] == "inside"]
    assert inside and inside[0]["request_id"] == "req-1"


def test_development_lines_are_readable(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "development")
    try:
        logging.getLogger(REQUEST_LOGGER).info("GET / 200", extra={"status": 200})
    finally:
        configure_logging("INFO", "testing")
    err = capsys.readouterr().err
    assert re.search(r"INFO +" + re.escape(REQUEST_LOGGER) + r": GET / 200 \[status=200\]", err)


def test_a_bogus_host_is_one_warning_at_most() -> None:
    for app in make_app(TRUSTED_HOSTS=["good.example"]):
        buffer = io.StringIO()
        handler = logging.getLogger().handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        previous = handler.setStream(buffer)
        try:
            response = app.test_client().get("/healthz", headers={"Host": "evil.example"})
        finally:
            handler.setStream(previous)
        assert response.status_code == 400
        assert "Traceback" not in buffer.getvalue()
        assert len(buffer.getvalue().splitlines()) <= 1


def _count(route: str, status: str) -> float:
    labels = {"method": "GET", "route": route, "status": status}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


def test_metrics_count_requests_by_route_and_status(client: FlaskClient) -> None:
    before, missing = _count("/healthz", "200"), _count("<unmatched>", "404")
    client.get("/healthz")
    client.get("/no/such/page")
    assert _count("/healthz", "200") == before + 1
    assert _count("<unmatched>", "404") == missing + 1
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    assert 'http_requests_total{method="GET",route="/healthz",status="200"}' in response.text
    assert "http_request_duration_seconds_bucket" in response.text


def test_metrics_are_not_served_through_the_proxy(client: FlaskClient) -> None:
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404
    assert "http_requests_total" not in response.text


def test_sentry_stays_off_without_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    assert init_sentry("production") is False

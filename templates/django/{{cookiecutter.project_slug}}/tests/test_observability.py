{%- import "shape.jinja" as s with context -%}
{#- An API-only project's root redirects to the API docs. -#}
{%- set home = "200" if s.pages else "302" -%}
"""Request ids, log lines with the same fields in both formats, metrics, Sentry off."""

import io
import json
import logging
import re
from logging.config import dictConfig

import pytest
from django.conf import settings
from prometheus_client import REGISTRY

from {{ cookiecutter.project_slug }}.telemetry import REQUEST_FIELDS, build_logging, init_sentry

FIELDS = {"time", "level", "logger", "message", *REQUEST_FIELDS}
REQUEST_LOGGER = "{{ cookiecutter.project_slug }}.request"


@pytest.fixture
def log_buffer():
    """Production's JSON logging, written to a buffer; the testing setup afterwards."""
    buffer = io.StringIO()
    dictConfig(build_logging("INFO", "production"))
    logging.getLogger().handlers[0].setStream(buffer)
    yield buffer
    dictConfig(settings.LOGGING)


def _json(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


@pytest.mark.django_db
def test_request_id_from_the_request_is_returned(client):
    response = client.get("/", headers={"X-Request-ID": "abc"})
    assert response["X-Request-ID"] == "abc"


@pytest.mark.django_db
def test_request_id_is_generated_when_missing_or_unsafe(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/")["X-Request-ID"])
    forged = client.get("/", headers={"X-Request-ID": "a b level=ERROR"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


@pytest.mark.django_db
def test_production_lines_are_json_with_the_request_fields(client, log_buffer):
    client.get("/", headers={"X-Request-ID": "abc"})
    lines = [line for line in _json(log_buffer) if line["logger"] == REQUEST_LOGGER]
    assert len(lines) == 1
    line = lines[0]
    assert set(line) >= FIELDS
    assert line["request_id"] == "abc"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", {{ home }})
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


def test_development_lines_are_readable(capsys):
    dictConfig(build_logging("INFO", "development"))
    try:
        logging.getLogger(REQUEST_LOGGER).info("GET / 200", extra={"status": 200})
    finally:
        dictConfig(settings.LOGGING)
    err = capsys.readouterr().err
    assert re.search(r"INFO +" + re.escape(REQUEST_LOGGER) + r": GET / 200 \[status=200\]", err)


@pytest.mark.django_db
def test_a_bogus_host_is_one_warning_line(client, log_buffer):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Traceback" not in log_buffer.getvalue()
    warnings = [line for line in _json(log_buffer) if line["level"] != "INFO"]
    assert len(warnings) == 1
    assert warnings[0]["level"] == "WARNING"
    assert "evil.example" in warnings[0]["message"]


def _count(route, status):
    labels = {"method": "GET", "route": route, "status": status}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_status(client):
    before, missing = _count("/", "{{ home }}"), _count("<unmatched>", "404")
    client.get("/")
    client.get("/no/such/page/")
    assert _count("/", "{{ home }}") == before + 1
    probes = _count("/healthz", "200")
    assert client.get("/healthz").status_code == 200
    assert _count("/healthz", "200") == probes + 1
    assert _count("<unmatched>", "404") == missing + 1
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert 'http_requests_total{method="GET",route="/",status="{{ home }}"}' in response.content.decode()
    assert "http_request_duration_seconds_bucket" in response.content.decode()


@pytest.mark.django_db
def test_metrics_are_not_served_through_the_proxy(client):
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404
    assert "http_requests_total" not in response.content.decode()


def test_sentry_stays_off_without_a_dsn(monkeypatch):
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    assert init_sentry("production") is False

"""Observability wiring for the app: request ids and logs, metrics, error reports.

* Each request gets an id: ``X-Request-ID`` from Nginx or the client if it is plain,
  else a new one. It is on every log line written while the request is served, on the
  request's own log line and in the response's ``X-Request-ID`` header.
* ``/metrics`` answers in Prometheus' format, before the app's host check (Prometheus
  scrapes by address), and only to a request that came straight to Gunicorn: one with
  ``X-Forwarded-For`` came through Nginx, from outside, and is answered 404.
* Sentry receives unhandled errors when ``SENTRY_DSN`` is set; otherwise it is not
  started at all.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from logging.config import dictConfig
from typing import Any

from flask import Flask, g, request
from flask.wrappers import Response

from . import metrics
from .telemetry import init_sentry, logging_config, request_id_from, request_id_var, wants_json

log = logging.getLogger(__name__.rsplit(".", 1)[0] + ".request")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def configure_logging(level: str, app_env: str | None = None) -> None:
    """Set up logging before ``app.logger`` is first used (Flask then adds no handler)."""
    env = app_env if app_env is not None else os.environ.get("APP_ENV")
    # Alembic announces its plugins at INFO on every start.
    quiet = {"alembic.runtime.plugins": {"level": "WARNING"}}
    dictConfig(logging_config(level, json=wants_json(env), loggers=quiet))


def init_observability(app: Flask, app_env: str | None = None) -> None:
    """Request ids, request log lines, metrics and (if configured) Sentry for ``app``.

    Call it before other extensions add ``before_request`` functions, so that a request
    they answer early (429, 401) still gets an id and a log line.
    """
    init_sentry(app_env if app_env is not None else os.environ.get("APP_ENV"))
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)
    app.wsgi_app = _MetricsEndpoint(app.wsgi_app)  # type: ignore[method-assign]


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get("X-Request-ID"))
    g.request_id_token = request_id_var.set(g.request_id)


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # before_request never ran (an earlier handler answered)
        return response
    seconds = time.perf_counter() - started
    route = request.url_rule.rule if request.url_rule is not None else None
    response.headers["X-Request-ID"] = g.request_id
    metrics.observe(request.method, route, response.status_code, seconds)
    log.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
        },
    )
    return response


def _forget(_error: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id_var.reset(token)


class _MetricsEndpoint:
    """Answer ``GET /metrics`` ahead of the app: no host check, no request log line."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") != "/metrics" or "HTTP_X_FORWARDED_FOR" in environ:
            return self.app(environ, start_response)
        body, content_type = metrics.exposition()
        start_response(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        )
        return [body]

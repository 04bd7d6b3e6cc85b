"""Observability wiring for the site: request ids and logs, metrics, error reports.

* Each request gets an id: ``X-Request-ID`` from Nginx or the client if it is plain,
  else a new one. It is on every log line written while the request is served, on the
  request's own log line and in the response's ``X-Request-ID`` header.
* ``/metrics`` answers in Prometheus' format, before the host check (Prometheus scrapes
  by address), and only to a request that came straight to Gunicorn: one with
  ``X-Forwarded-For`` came through Nginx, from outside, and is answered 404.
* Sentry receives unhandled errors when ``SENTRY_DSN`` is set; otherwise it is not
  started at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .health import PROBES
from .telemetry import request_id_from, request_id_var

log = logging.getLogger(__name__.rsplit(".", 1)[0] + ".request")


class RequestObservabilityMiddleware:
    """First in MIDDLEWARE: ids, one log line and metrics for every request; ``/metrics``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from . import metrics

        if request.path == "/metrics" and "HTTP_X_FORWARDED_FOR" not in request.META:
            body, content_type = metrics.exposition()
            return HttpResponse(body, content_type=content_type)
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            # The URL pattern ("/items/<int:pk>/"), as Flask names its rules.
            route = "/" + match.route if match is not None else None
            if route is None and request.path in PROBES:  # answered by HealthCheckMiddleware
                route = request.path
            response["X-Request-ID"] = request_id
            metrics.observe(request.method or "", route, response.status_code, seconds)
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
        finally:
            request_id_var.reset(token)

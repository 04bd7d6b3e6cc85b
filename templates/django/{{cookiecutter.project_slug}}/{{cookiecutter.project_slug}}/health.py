"""Liveness (/healthz) and readiness (/readyz) probes.

They are answered by a middleware placed before SecurityMiddleware and CommonMiddleware:
Docker's HEALTHCHECK, a Kubernetes kubelet or a load balancer reach the app by its IP
address over plain HTTP, so their requests carry no allowed Host header and would
otherwise get a 400 (DisallowedHost) or an HTTPS redirect.
"""

import logging

{% if cookiecutter.redis -%}
from django.core.cache import cache
{% endif -%}
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """The app can do useful work: its database{% if cookiecutter.redis %} and cache{% endif %} answer, else 503."""
    checks = {"database": _database_ok()}
{%- if cookiecutter.redis %}
    checks["cache"] = _cache_ok()
{%- endif %}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("readiness: database unavailable: %s", exc)
        return False
    return True
{%- if cookiecutter.redis %}


def _cache_ok() -> bool:
    try:
        cache.set("readyz", "ok", timeout=5)
    except Exception as exc:  # each cache backend raises its own connection errors
        logger.warning("readiness: cache unavailable: %s", exc)
        return False
    return True
{%- endif %}


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer the probes before host validation and HTTPS redirection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)

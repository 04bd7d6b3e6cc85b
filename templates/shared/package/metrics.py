"""Prometheus metrics: request counts and latencies by route and status.

With ``PROMETHEUS_MULTIPROC_DIR`` set (the image sets it for Gunicorn) every worker
writes its counts to files there and ``/metrics`` adds up all of them, whichever worker
answers the scrape. Use a directory that starts empty with the server (a tmpfs such as
/dev/shm): counts left by an earlier run would be added again. Without it (tests, the
development server) the counts live in this process.
"""

from __future__ import annotations

import os
from pathlib import Path

# prometheus-client picks its storage when imported: the directory must exist by then.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# Requests with no route (404s, scans) share one label, so a scan cannot add series.
UNMATCHED = "<unmatched>"
REQUESTS = Counter(
    "http_requests_total",
    "Requests answered, by method, route and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by method, route and status.",
    ["method", "route", "status"],
)


def observe(method: str, route: str | None, status: int, seconds: float) -> None:
    labels = (method, route or UNMATCHED, str(status))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


def exposition() -> tuple[bytes, str]:
    """The metrics of every worker (or of this process) in Prometheus' text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

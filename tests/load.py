"""A bounded HTTP load generator for 127.0.0.1: N keep-alive clients, T seconds, at most
M requests, each request's status and latency recorded.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    """What a load run saw: every status (0 = connection error) and every latency."""

    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        """Connection failures and 5xx answers."""
        return sum(n for status, n in self.statuses.items() if status == 0 or status >= 500)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> str:
        rate = self.requests / self.seconds if self.seconds else 0.0
        p50 = statistics.median(self.latencies) * 1000 if self.latencies else 0.0
        return (
            f"{self.requests} requests in {self.seconds:.1f}s = {rate:.0f} req/s, "
            f"p50 {p50:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
            f"errors {self.errors}, statuses {dict(sorted(self.statuses.items()))}"
        )


def run_load(
    url: str,
    clients: int = 8,
    seconds: float = 5.0,
    max_requests: int = 20_000,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Send GETs to `url` from `clients` threads until `seconds` pass or `max_requests`."""
    if not url.startswith(("http://127.", "http://localhost")):
        raise ValueError("load is only ever sent to this machine's loopback addresses")
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    result = LoadResult()
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(
                    parts.hostname or "127.0.0.1", parts.port, timeout=10
                )
            elapsed = time.perf_counter() - start
            with lock:
                result.statuses[status] += 1
                result.latencies.append(elapsed)
        conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    result.seconds = time.monotonic() - began
    return result

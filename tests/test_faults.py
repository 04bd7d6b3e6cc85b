"""Generated projects under load and faults, through real Nginx, Gunicorn and PostgreSQL.

Bounded load from tests/load.py only to 127.0.0.1. These tests check behaviour (no 5xx,
worker replaced, readiness follows the database, no data lost); the figures themselves
are printed by benchmarks/load.py.
"""

from __future__ import annotations

import threading

import pytest

from tests.live import kill_one_worker, live_stack, wait_for_workers
from tests.load import run_load
from tests.stack import http

pytestmark = pytest.mark.slow
CLIENTS = 8


@pytest.fixture(scope="module", params=["flask", "django"])
def stack(request, tmp_path_factory):
    with live_stack(request.param, tmp_path_factory.mktemp(request.param)) as live:
        yield live


def test_load_gives_no_server_errors(stack):
    stack.create_item("before load")
    result = run_load(stack.items_url, clients=CLIENTS, seconds=4, max_requests=20_000)
    print(f"\n{stack.framework}: {result.summary()}")
    assert result.requests > 100
    assert result.errors == 0
    assert set(result.statuses) == {200}


def test_killing_a_worker_mid_load_loses_at_most_the_requests_in_flight(stack):
    workers = wait_for_workers(stack, 2)
    outcome = {}
    load = threading.Thread(
        target=lambda: outcome.setdefault(
            "result", run_load(stack.items_url, clients=CLIENTS, seconds=4)
        )
    )
    load.start()
    threading.Event().wait(1.0)
    victim = kill_one_worker(stack)
    load.join(60)
    result = outcome["result"]
    print(f"\n{stack.framework} (one worker killed): {result.summary()}")
    assert result.errors <= CLIENTS  # at most one in-flight request per client
    assert result.statuses[200] > 100
    replaced = wait_for_workers(stack, 2)
    assert victim not in replaced and set(replaced) != set(workers)
    assert stack.gunicorn.poll() is None  # the master lives on
    assert http("GET", f"{stack.url}/healthz").status == 200


def test_database_outage_readiness_and_recovery_without_data_loss(stack):
    names = {f"kept {i}" for i in range(5)}
    for name in names:
        stack.create_item(name)
    stack.postgres.stop()
    try:
        assert http("GET", f"{stack.url}/readyz").status == 503
        assert http("GET", f"{stack.url}/healthz").status == 200
    finally:
        stack.postgres.start()
    deadline_ok = any(http("GET", f"{stack.url}/readyz").status == 200 for _ in range(50))
    assert deadline_ok
    assert names <= stack.item_names()
    stack.create_item("after the outage")
    assert "after the outage" in stack.item_names()

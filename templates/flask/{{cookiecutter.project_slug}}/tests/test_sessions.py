"""Cache and server-side sessions (Redis in production, memory in tests)."""

from unittest import mock

from flask import Flask, session
from flask.testing import FlaskClient
from flask_session.base import ServerSideSessionInterface
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from {{ cookiecutter.project_slug }}.extensions import cache


def test_cache_stores_values(app: Flask) -> None:
    cache.set("answer", 42)
    assert cache.get("answer") == 42


def test_sessions_are_server_side(app: Flask) -> None:
    assert isinstance(app.session_interface, ServerSideSessionInterface)

    @app.get("/visit")
    def visit() -> dict:
        session["visits"] = session.get("visits", 0) + 1
        return {"visits": session["visits"]}

    client = app.test_client()
    assert client.get("/visit").get_json() == {"visits": 1}
    assert client.get("/visit").get_json() == {"visits": 2}
    cookie = client.get_cookie("session")
    assert cookie is not None and "visits" not in cookie.value


def test_readyz_is_503_when_redis_is_unreachable(app: Flask, client: FlaskClient) -> None:
    broken = mock.Mock(spec=Redis)
    broken.ping.side_effect = RedisConnectionError("connection refused")
    app.config["SESSION_REDIS"] = broken
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["detail"] == "Redis is unreachable."

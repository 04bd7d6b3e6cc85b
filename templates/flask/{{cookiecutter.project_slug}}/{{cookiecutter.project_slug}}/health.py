"""Probes for the container platform: liveness and readiness."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
{%- if cookiecutter.redis %}
from redis.exceptions import RedisError
{%- endif %}
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .errors import first_line, problem
from .extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, Any]:
    """Liveness: the process answers. Touches no database."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> Response | dict[str, Any]:
    """Readiness: the database answers ``SELECT 1``; 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("Readiness check failed: database: %s", first_line(error))
        return problem(503, "The database is unreachable.")
{%- if cookiecutter.redis %}
    client = current_app.config.get("SESSION_REDIS")
    if client is not None:
        try:
            client.ping()
        except RedisError as error:
            current_app.logger.warning("Readiness check failed: Redis: %s", first_line(error))
            return problem(503, "Redis is unreachable.")
{%- endif %}
    return {"status": "ok"}

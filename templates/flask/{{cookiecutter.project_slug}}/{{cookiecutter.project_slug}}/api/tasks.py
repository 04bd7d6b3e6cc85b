"""Background work over HTTP: queue a task about an item, then poll for its result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from celery import states
from celery.result import AsyncResult
from flask import current_app, url_for
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ..errors import error_body, first_line
from ..tasks import summarize_item
from . import bp
from .items import get_item_or_404


@bp.post("/items/<int:item_id>/summary")
def summarize(item_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Queue the summary of an item; answer 202 with the task's id and where to poll it."""
    item = get_item_or_404(item_id)
    try:
        result = summarize_item.delay(item.id)
    except OperationalError as error:
        current_app.logger.warning("Task not queued: broker unreachable: %s", first_line(error))
        return error_body(503, "The task queue is unreachable."), 503, {}
    location = url_for(".get_task", task_id=result.id)
    return {"task_id": result.id}, 202, {"Location": location}


@bp.get("/tasks/<uuid:task_id>")
def get_task(task_id: UUID) -> tuple[dict[str, Any], int]:
    """Report a task: PENDING (queued, or unknown), STARTED, RETRY, SUCCESS or FAILURE."""
    result = AsyncResult(str(task_id), app=current_app.extensions["celery"])
    try:
        state = result.state
        body: dict[str, Any] = {"task_id": result.id, "state": state}
        if state == states.SUCCESS:
            body["result"] = result.result
        elif state == states.FAILURE:
            # The exception may hold internals: log it, answer in general terms.
            current_app.logger.warning("Task %s failed: %r", result.id, result.result)
            body["error"] = "The task failed."
    except (OperationalError, RedisError) as error:
        current_app.logger.warning("Task state unknown: result store: %s", first_line(error))
        return error_body(503, "The task results are unreachable."), 503
    return body, 200

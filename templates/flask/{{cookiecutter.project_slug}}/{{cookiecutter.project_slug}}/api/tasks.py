"""Background work over the API: queue a task about an item, then poll for its result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from celery import states
from celery.result import AsyncResult
from flask import abort, current_app, url_for
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ..errors import first_line
from ..tasks import summarize_item
from .auth import write_access
from .blueprint import Blueprint
from .items import get_item_or_404
from .schemas import TaskQueuedSchema, TaskSchema

bp = Blueprint("tasks", __name__, url_prefix="/api", description="Background tasks.")


@bp.route("/items/<int:item_id>/summary/", methods=["POST"])
@write_access(bp)
@bp.response(202, TaskQueuedSchema, headers={"Location": {"schema": {"type": "string"}}})
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(503, response="SERVICE_UNAVAILABLE")
def summarize(item_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Queue the summary of an item; answer 202 with the task's id and where to poll it."""
    item = get_item_or_404(item_id)
    try:
        result = summarize_item.delay(item.id)
    except OperationalError as error:
        current_app.logger.warning("Task not queued: broker unreachable: %s", first_line(error))
        abort(503, description="The task queue is unreachable.")
    return {"task_id": result.id}, {"Location": url_for(".get_task", task_id=result.id)}


@bp.route("/tasks/<uuid:task_id>/", methods=["GET"])
@bp.response(200, TaskSchema)
@bp.alt_response(503, response="SERVICE_UNAVAILABLE")
def get_task(task_id: UUID) -> dict[str, Any]:
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
        abort(503, description="The task results are unreachable.")
    return body

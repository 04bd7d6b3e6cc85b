"""Background tasks: queued over the API, run (eagerly in tests) inside the app context."""

import threading
from unittest import mock
from uuid import uuid4

from flask import Flask
from flask.testing import FlaskClient
from kombu.exceptions import OperationalError

from {{ cookiecutter.project_slug }}.tasks import summarize_item


def create_item(client: FlaskClient, auth: dict[str, str], **fields: object) -> int:
    response = client.post("/api/items/", json={"name": "Report", **fields}, headers=auth)
    assert response.status_code == 201
    return response.get_json()["id"]


def test_tests_run_tasks_without_a_broker(app: Flask) -> None:
    config = app.extensions["celery"].conf
    assert config.task_always_eager is True
    assert config.broker_url == "memory://"


def test_summary_is_queued_and_its_result_polled(client: FlaskClient, auth: dict[str, str]) -> None:
    item_id = create_item(client, auth, description="three little words")
    queued = client.post(f"/api/items/{item_id}/summary/", headers=auth)
    assert queued.status_code == 202
    task_id = queued.get_json()["task_id"]
    assert queued.headers["Location"] == f"/api/tasks/{task_id}/"

    polled = client.get(queued.headers["Location"])
    assert polled.status_code == 200
    assert polled.get_json() == {
        "task_id": task_id,
        "state": "SUCCESS",
        "result": {"item_id": item_id, "name": "Report", "words": 3, "characters": 18},
    }


def test_a_task_pushes_the_app_context_itself(client: FlaskClient, auth: dict[str, str]) -> None:
    """Worker threads have no Flask context of their own: the task brings the app's."""
    item_id = create_item(client, auth)
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(summarize_item.apply([item_id]).get()))
    worker.start()
    worker.join(10)
    assert results == [{"item_id": item_id, "name": "Report", "words": 0, "characters": 0}]


def test_summary_of_a_missing_item_is_404(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/api/items/999/summary/", headers=auth)
    assert response.status_code == 404


def test_queueing_needs_a_token(client: FlaskClient, auth: dict[str, str]) -> None:
    item_id = create_item(client, auth)
    response = client.post(f"/api/items/{item_id}/summary/")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_failed_task_reports_failure_without_internals(client: FlaskClient) -> None:
    result = summarize_item.delay(12345)
    polled = client.get(f"/api/tasks/{result.id}/")
    assert polled.get_json() == {
        "task_id": result.id,
        "state": "FAILURE",
        "error": "The task failed.",
    }


def test_an_unknown_task_is_pending(client: FlaskClient) -> None:
    task_id = str(uuid4())
    assert client.get(f"/api/tasks/{task_id}/").get_json() == {
        "task_id": task_id,
        "state": "PENDING",
    }
    assert client.get("/api/tasks/not-a-task-id/").status_code == 404


def test_an_unreachable_broker_is_503(client: FlaskClient, auth: dict[str, str]) -> None:
    item_id = create_item(client, auth)
    failure = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    with mock.patch.object(summarize_item, "delay", side_effect=failure):
        response = client.post(f"/api/items/{item_id}/summary/", headers=auth)
    assert response.status_code == 503
    assert response.get_json()["detail"] == "The task queue is unreachable."

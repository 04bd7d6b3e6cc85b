"""Background tasks: run at once in tests{% if cookiecutter.api %}, queued through the API and polled for their result{% endif %}."""

import threading
{%- if cookiecutter.api %}
from unittest import mock
from uuid import uuid4

import pytest
from kombu.exceptions import OperationalError
{%- endif %}

from {{ cookiecutter.project_slug }}.celery import app as celery_app
from {{ cookiecutter.project_slug }}.items.tasks import summarize_item


def test_the_suite_runs_tasks_without_a_broker():
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url == "memory://"


def test_settings_name_the_broker_and_the_tasks_are_found():
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert "{{ cookiecutter.project_slug }}.items.tasks.summarize_item" in celery_app.tasks
    assert celery_app.conf.task_time_limit == 300


def test_every_thread_uses_the_project_app():
    """Gunicorn's threads and ASGI's executor must not fall back to an unconfigured app."""
    seen = []
    thread = threading.Thread(target=lambda: seen.append(summarize_item.app))
    thread.start()
    thread.join(10)
    assert seen == [celery_app]


def test_the_task_summarizes_an_item(item):
    result = summarize_item.delay(item.pk)
    assert result.get(timeout=5) == {
        "item_id": item.pk,
        "name": "First item",
        "words": 4,
        "characters": 19,
    }
{%- if cookiecutter.api %}


def test_summary_is_queued_through_the_api_and_its_result_polled(authed, item):
    queued = authed.post(f"/api/items/{item.pk}/summary/")
    assert queued.status_code == 202, queued.content
    task_id = queued.json()["task_id"]
    assert queued["Location"] == f"/api/tasks/{task_id}/"
    polled = authed.get(queued["Location"])
    assert polled.status_code == 200
    assert polled.json() == {
        "task_id": task_id,
        "state": "SUCCESS",
        "result": {"item_id": item.pk, "name": "First item", "words": 4, "characters": 19},
    }


def test_queueing_needs_a_token_and_a_post(api, item):
    url = f"/api/items/{item.pk}/summary/"
    refused = api.post(url)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert api.get(url).status_code == 405


def test_queueing_is_throttled_like_every_write(authed, item, monkeypatch):
    from {{ cookiecutter.project_slug }}.api.throttling import WriteRateThrottle

    monkeypatch.setattr(WriteRateThrottle, "rate", "1/minute", raising=False)
    assert authed.post(f"/api/items/{item.pk}/summary/").status_code == 202
    assert authed.post(f"/api/items/{item.pk}/summary/").status_code == 429


@pytest.mark.django_db
def test_summary_of_a_missing_item_is_404(authed):
    assert authed.post("/api/items/999/summary/").status_code == 404


@pytest.mark.django_db
def test_a_failed_task_reports_failure_without_internals(api):
    result = summarize_item.delay(12345)
    polled = api.get(f"/api/tasks/{result.id}/")
    assert polled.json() == {"task_id": result.id, "state": "FAILURE", "error": "The task failed."}


def test_an_unknown_task_is_pending_and_a_bad_id_is_404(api):
    task_id = str(uuid4())
    assert api.get(f"/api/tasks/{task_id}/").json() == {"task_id": task_id, "state": "PENDING"}
    missing = api.get("/api/tasks/not-a-task-id/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_an_unreachable_broker_is_a_503_problem(authed, item):
    failure = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    with mock.patch.object(summarize_item, "delay", side_effect=failure):
        response = authed.post(f"/api/items/{item.pk}/summary/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert "redis" not in response.json()["detail"]
{%- endif %}

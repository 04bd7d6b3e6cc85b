"""Background tasks: queued by a view, run at once in tests, polled for their result."""

import threading
from unittest import mock
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from {{ cookiecutter.project_slug }}.celery import app as celery_app
from {{ cookiecutter.project_slug }}.items.tasks import summarize_item


def test_the_suite_runs_tasks_without_a_broker():
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url == "memory://"


def test_settings_name_the_broker_and_the_tasks_are_found():
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert "{{ cookiecutter.project_slug }}.items.tasks.summarize_item" in celery_app.tasks


def test_every_thread_uses_the_project_app():
    """Gunicorn's threads and ASGI's executor must not fall back to an unconfigured app."""
    seen = []
    thread = threading.Thread(target=lambda: seen.append(summarize_item.app))
    thread.start()
    thread.join(10)
    assert seen == [celery_app]


def test_summary_is_queued_and_its_result_polled(client, item):
    queued = client.post(reverse("items:summarize", args=[item.pk]))
    assert queued.status_code == 202
    task_id = queued.json()["task_id"]
    assert queued["Location"] == f"/tasks/{task_id}/"

    polled = client.get(queued["Location"])
    assert polled.status_code == 200
    assert polled.json() == {
        "task_id": task_id,
        "state": "SUCCESS",
        "result": {"item_id": item.pk, "name": "First item", "words": 4, "characters": 19},
    }


def test_queueing_is_a_post_protected_by_csrf(item):
    url = reverse("items:summarize", args=[item.pk])
    assert Client().get(url).status_code == 405
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403


@pytest.mark.django_db
def test_summary_of_a_missing_item_is_404(client):
    assert client.post(reverse("items:summarize", args=[999])).status_code == 404


@pytest.mark.django_db
def test_a_failed_task_reports_failure_without_internals(client):
    result = summarize_item.delay(12345)
    polled = client.get(reverse("items:task", args=[result.id]))
    assert polled.json() == {"task_id": result.id, "state": "FAILURE", "error": "The task failed."}


def test_an_unknown_task_is_pending(client):
    task_id = str(uuid4())
    polled = client.get(reverse("items:task", args=[task_id]))
    assert polled.json() == {"task_id": task_id, "state": "PENDING"}
    assert client.get("/tasks/not-a-task-id/").status_code == 404


def test_an_unreachable_broker_is_503(client, item):
    failure = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    with mock.patch.object(summarize_item, "delay", side_effect=failure):
        response = client.post(reverse("items:summarize", args=[item.pk]))
    assert response.status_code == 503
    assert response.json() == {"error": "The task queue is unreachable."}

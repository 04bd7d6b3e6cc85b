{% if cookiecutter.celery|default(false) -%}
import logging
from uuid import UUID

from celery import states
from celery.result import AsyncResult
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ..celery import app as celery_app
from .models import Item
from .tasks import summarize_item

logger = logging.getLogger(__name__)
{%- else -%}
from django.views.generic import DetailView, ListView

from .models import Item
{%- endif %}


class ItemListView(ListView):
    """The home page: the newest items, a page at a time."""

    model = Item
    paginate_by = 20


class ItemDetailView(DetailView):
    """One item."""

    model = Item
{%- if cookiecutter.celery|default(false) %}


@require_POST
def summarize(request: HttpRequest, pk: int) -> JsonResponse:
    """Queue the summary of an item: 202 with the task's id, and where to poll it."""
    item = get_object_or_404(Item, pk=pk)
    try:
        result = summarize_item.delay(item.pk)
    except OperationalError as exc:
        logger.warning("Task not queued: broker unreachable: %s", exc)
        return JsonResponse({"error": "The task queue is unreachable."}, status=503)
    location = reverse("items:task", args=[result.id])
    return JsonResponse({"task_id": result.id}, status=202, headers={"Location": location})


@require_GET
def task_status(request: HttpRequest, task_id: UUID) -> JsonResponse:
    """A task's state (PENDING also means unknown), and its result once it succeeded."""
    result = AsyncResult(str(task_id), app=celery_app)
    try:
        state = result.state
        body = {"task_id": result.id, "state": state}
        if state == states.SUCCESS:
            body["result"] = result.result
        elif state == states.FAILURE:
            # The exception may hold internals: log it, answer in general terms.
            logger.warning("Task %s failed: %r", result.id, result.result)
            body["error"] = "The task failed."
    except (OperationalError, RedisError) as exc:
        logger.warning("Task state unknown: result store unreachable: %s", exc)
        return JsonResponse({"error": "The task results are unreachable."}, status=503)
    return JsonResponse(body)
{%- endif %}

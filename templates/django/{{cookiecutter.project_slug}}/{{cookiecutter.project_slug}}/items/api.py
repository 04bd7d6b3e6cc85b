"""The items API: /api/items/ (anyone reads, token holders write){% if cookiecutter.celery|default(false) %}, and their background tasks{% endif %}."""
{% if cookiecutter.celery|default(false) %}
import logging
from uuid import UUID

from celery import states
from celery.result import AsyncResult
from drf_spectacular.utils import OpenApiResponse, extend_schema
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError
from rest_framework import routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ..celery import app as celery_app
from .models import Item
from .serializers import ItemSerializer, TaskSerializer
from .tasks import summarize_item

logger = logging.getLogger(__name__)


class Unavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The task queue is unreachable; try again later."
    default_code = "unavailable"
{%- else %}
from rest_framework import routers, viewsets

from .models import Item
from .serializers import ItemSerializer
{%- endif %}


class ItemViewSet(viewsets.ModelViewSet):
    """List, create, read, update and delete items, in the order they were made."""

    queryset = Item.objects.order_by("id")
    serializer_class = ItemSerializer
    lookup_value_regex = "[0-9]+"
{%- if cookiecutter.celery|default(false) %}

    @extend_schema(
        request=None,
        responses={
            202: TaskSerializer,
            503: OpenApiResponse(description="The task queue is unreachable."),
        },
    )
    @action(detail=True, methods=["post"])
    def summary(self, request: Request, pk: str) -> Response:
        """Queue the item's summary: 202 with the task's id, and where to poll it."""
        item = self.get_object()
        try:
            result = summarize_item.delay(item.pk)
        except OperationalError as exc:
            logger.warning("Task not queued: broker unreachable: %s", exc)
            raise Unavailable from exc
        location = reverse("task-detail", args=[result.id])
        body = {"task_id": result.id, "state": states.PENDING}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class TaskViewSet(viewsets.ViewSet):
    """A task's state (PENDING also means unknown), and its result once it succeeded."""

    lookup_value_regex = "[0-9a-fA-F-]{36}"

    @extend_schema(
        responses={
            200: TaskSerializer,
            503: OpenApiResponse(description="The task results are unreachable."),
        },
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        try:
            task_id = str(UUID(pk))
        except ValueError:
            raise NotFound("There is no task with this id.") from None
        result = AsyncResult(task_id, app=celery_app)
        try:
            state = result.state
            body = {"task_id": task_id, "state": state}
            if state == states.SUCCESS:
                body["result"] = result.result
            elif state == states.FAILURE:
                # The exception may hold internals: log it, answer in general terms.
                logger.warning("Task %s failed: %r", task_id, result.result)
                body["error"] = "The task failed."
        except (OperationalError, RedisError) as exc:
            logger.warning("Task state unknown: result store unreachable: %s", exc)
            raise Unavailable("The task results are unreachable; try again later.") from exc
        return Response(body)
{%- endif %}


router = routers.DefaultRouter()
router.include_format_suffixes = False
router.register("items", ItemViewSet)
{%- if cookiecutter.celery|default(false) %}
router.register("tasks", TaskViewSet, basename="task")
{%- endif %}

{% if cookiecutter.celery|default(false) -%}
from rest_framework import serializers

{% endif -%}
from ..api.serializers import StrictModelSerializer
from .models import Item


class ItemSerializer(StrictModelSerializer):
    """An item in the API; the server sets `id` and `created_at`."""

    class Meta:
        model = Item
        fields = ("id", "name", "description", "created_at")
        read_only_fields = ("id", "created_at")
{%- if cookiecutter.celery|default(false) %}


class TaskSerializer(serializers.Serializer):
    """A background task: its state, and its result once it succeeded."""

    task_id = serializers.UUIDField()
    state = serializers.ChoiceField(
        choices=["PENDING", "RECEIVED", "STARTED", "RETRY", "SUCCESS", "FAILURE", "REVOKED"]
    )
    result = serializers.DictField(required=False)
    error = serializers.CharField(required=False)
{%- endif %}

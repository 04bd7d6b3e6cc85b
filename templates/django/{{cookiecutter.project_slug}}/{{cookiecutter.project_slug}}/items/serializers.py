from rest_framework import serializers

from .models import Item


class ItemSerializer(serializers.ModelSerializer):
    """An item in the API; the server sets `id` and `created_at`."""

    class Meta:
        model = Item
        fields = ("id", "name", "description", "created_at")
        read_only_fields = ("id", "created_at")

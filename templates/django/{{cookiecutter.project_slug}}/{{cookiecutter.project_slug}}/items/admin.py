from django.contrib import admin

from .models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Items in the admin: searchable by name, newest first."""

    list_display = ("name", "created_at")
    search_fields = ("name", "description")
    date_hierarchy = "created_at"

from django.db import models
from django.urls import reverse


class Item(models.Model):
    """Something worth listing: a name, an optional description, a creation time."""

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("items:detail", args=[self.pk])

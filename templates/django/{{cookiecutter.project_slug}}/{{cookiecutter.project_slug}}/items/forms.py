from django import forms

from .models import Item


class ItemForm(forms.ModelForm):
    """The fields a visitor edits; `created_at` is set by the database."""

    class Meta:
        model = Item
        fields = ("name", "description")

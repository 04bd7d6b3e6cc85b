{%- import "shape.jinja" as s with context -%}
"""The item pages: the list and one item{% if s.forms %}, and the forms to add, edit and delete{% endif %}."""
{% if s.forms %}
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from .forms import ItemForm
{%- else %}
from django.views.generic import DetailView, ListView
{% endif %}
from .models import Item


class ItemListView(ListView):
    """The home page: the newest items, a page at a time."""

    model = Item
    paginate_by = 20


class ItemDetailView(DetailView):
    """One item."""

    model = Item
{%- if s.forms %}


# Writing needs a login, as the API's writes need a token; reading does not.
class ItemCreateView(LoginRequiredMixin, SuccessMessageMixin, CreateView):
    """A new item from the form; back to the form, with the errors, when it is invalid."""

    model = Item
    form_class = ItemForm
    success_message = 'Added "%(name)s".'


class ItemUpdateView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """Change an item."""

    model = Item
    form_class = ItemForm
    success_message = 'Saved "%(name)s".'


class ItemDeleteView(LoginRequiredMixin, SuccessMessageMixin, DeleteView):
    """Ask first (GET), then delete (POST)."""

    model = Item
    success_url = reverse_lazy("items:list")
    success_message = "Deleted the item."
{%- endif %}

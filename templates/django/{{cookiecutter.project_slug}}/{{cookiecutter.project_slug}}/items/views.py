from django.views.generic import DetailView, ListView

from .models import Item


class ItemListView(ListView):
    """The home page: the newest items, a page at a time."""

    model = Item
    paginate_by = 20


class ItemDetailView(DetailView):
    """One item."""

    model = Item

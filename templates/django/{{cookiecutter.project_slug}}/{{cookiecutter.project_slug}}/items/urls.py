{%- import "shape.jinja" as s with context -%}
from django.urls import path

from . import views

app_name = "items"

urlpatterns = [
{%- if cookiecutter.app_type == "static" %}
    # The static pages own "/" (pages/urls.py).
    path("items/", views.ItemListView.as_view(), name="list"),
{%- else %}
    path("", views.ItemListView.as_view(), name="list"),
{%- endif %}
{%- if s.forms %}
    path("items/new/", views.ItemCreateView.as_view(), name="create"),
{%- endif %}
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="detail"),
{%- if s.forms %}
    path("items/<int:pk>/edit/", views.ItemUpdateView.as_view(), name="update"),
    path("items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="delete"),
{%- endif %}
]

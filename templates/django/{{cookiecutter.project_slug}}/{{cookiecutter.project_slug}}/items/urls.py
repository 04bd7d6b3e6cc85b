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
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="detail"),
]

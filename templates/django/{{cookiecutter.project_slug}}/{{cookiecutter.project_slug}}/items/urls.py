from django.urls import path

from . import views

app_name = "items"

urlpatterns = [
    path("", views.ItemListView.as_view(), name="list"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="detail"),
{%- if cookiecutter.celery|default(false) %}
    path("items/<int:pk>/summary/", views.summarize, name="summarize"),
    path("tasks/<uuid:task_id>/", views.task_status, name="task"),
{%- endif %}
]

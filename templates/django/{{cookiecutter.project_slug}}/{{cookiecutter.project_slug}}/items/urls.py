from django.urls import path

from . import views

app_name = "items"

urlpatterns = [
    path("", views.ItemListView.as_view(), name="list"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="detail"),
]

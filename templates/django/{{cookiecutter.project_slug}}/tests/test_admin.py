import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from {{ cookiecutter.project_slug }}.items.models import Item


@pytest.mark.django_db
def test_admin_login_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_superuser_logs_in_and_sees_the_models(client):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "a-long-passphrase")
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "a-long-passphrase", "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:accounts_user_changelist").encode() in index.content
    assert reverse("admin:items_item_changelist").encode() in index.content


def test_admin_lists_and_edits_items(admin_client, item):
    assert admin_client.get(reverse("admin:items_item_changelist")).status_code == 200
    change = admin_client.get(reverse("admin:items_item_change", args=[item.pk]))
    assert change.status_code == 200
    response = admin_client.post(
        reverse("admin:items_item_add"), {"name": "Added", "description": ""}
    )
    assert response.status_code == 302
    assert Item.objects.filter(name="Added").exists()


def test_admin_user_pages(admin_client, admin_user):
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    change = reverse("admin:accounts_user_change", args=[admin_user.pk])
    assert admin_client.get(change).status_code == 200

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.items.models import Item


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def token(db) -> str:
    user = get_user_model().objects.create_user("writer", password="a-long-passphrase")
    return Token.objects.create(user=user).key


def test_anyone_can_list_items_a_page_at_a_time(api, item):
    response = api.get("/api/items/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "First item"
    assert set(body["results"][0]) == {"id", "name", "description", "created_at"}


def test_anyone_can_read_one_item(api, item):
    response = api.get(f"/api/items/{item.pk}/")
    assert response.status_code == 200
    assert response.json()["description"] == "Line one.\nLine two."


@pytest.mark.django_db
def test_anonymous_writes_are_refused(api):
    response = api.post("/api/items/", {"name": "Nope"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Item.objects.exists()


def test_token_holder_creates_updates_and_deletes(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = api.post("/api/items/", {"name": "New", "description": "From the API"}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/items/{created.json()['id']}/"
    assert api.patch(url, {"name": "Renamed"}, format="json").json()["name"] == "Renamed"
    assert api.delete(url).status_code == 204
    assert not Item.objects.exists()


def test_validation_errors_name_the_field(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post("/api/items/", {"name": "x" * 101}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_token_endpoint_exchanges_credentials_for_a_token(api, token):
    response = api.post(
        "/api/token/", {"username": "writer", "password": "a-long-passphrase"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"token": token}


@pytest.mark.django_db
def test_openapi_schema_describes_the_items_api(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/items/" in schema["paths"]

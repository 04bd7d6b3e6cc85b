"""Writes need a token from POST /api/auth/token/; logins and writes are throttled."""

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from {{ cookiecutter.project_slug }}.api.throttling import WriteRateThrottle
from {{ cookiecutter.project_slug }}.items.models import Item

from .conftest import PASSWORD

PROBLEM = "application/problem+json"


def login(api, username="writer", password=PASSWORD, **extra):
    body = {"username": username, "password": password}
    return api.post("/api/auth/token/", body, format="json", **extra)


@pytest.mark.django_db
def test_anonymous_writes_are_401_problems(api, item):
    for response in (
        api.post("/api/items/", {"name": "Nope"}, format="json"),
        api.put(f"/api/items/{item.pk}/", {"name": "Nope"}, format="json"),
        api.patch(f"/api/items/{item.pk}/", {"name": "Nope"}, format="json"),
        api.delete(f"/api/items/{item.pk}/"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response["Content-Type"] == PROBLEM
        assert response.json()["title"] == "Unauthorized"
    assert list(Item.objects.values_list("name", flat=True)) == ["First item"]


def test_the_token_endpoint_exchanges_credentials_for_a_bearer_token(api, writer):
    response = login(api)
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    assert login(api).json() == {"token": token}, "one token per user"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.post("/api/items/", {"name": "Mine"}, format="json").status_code == 201


def test_drf_token_keyword_still_works(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.post("/api/items/", {"name": "Old client"}, format="json").status_code == 201


@pytest.mark.django_db
def test_a_wrong_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api.post("/api/items/", {"name": "x"}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_wrong_credentials_are_401_problems(api, writer):
    for username, password in (("writer", "wrong"), ("nobody", PASSWORD), (" writer", PASSWORD)):
        response = login(api, username, password)
        assert response.status_code == 401, (username, password)
        assert response["Content-Type"] == PROBLEM
        assert response["WWW-Authenticate"] == "Bearer"
        assert "token" not in response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"username": "writer"},
        {"username": "writer", "password": PASSWORD, "extra": 1},
        {"username": 7, "password": PASSWORD},
    ],
)
def test_malformed_credentials_are_400_problems(api, writer, body):
    response = api.post("/api/auth/token/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "errors" in response.json()


def test_eleven_wrong_passwords_in_a_row_get_429_with_retry_after(api, writer):
    for _ in range(10):
        assert login(api, password="wrong").status_code == 401
    response = login(api, password="wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 429
    # The right password does not get through either until the window has passed.
    assert login(api).status_code == 429
    # Another client address has its own count.
    assert login(api, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_login_throttle(api, writer):
    # From a client that is not a trusted proxy, X-Forwarded-For is ignored ...
    direct = {"REMOTE_ADDR": "203.0.113.5"}
    for n in range(10):
        forged = {**direct, "HTTP_X_FORWARDED_FOR": f"10.0.0.{n}"}
        assert login(api, password="wrong", **forged).status_code == 401
    assert login(api, password="wrong", **direct).status_code == 429
    # ... and behind a trusted proxy only the hop the proxy added counts.
    for n in range(10):
        proxied = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}, 198.51.100.7"}
        assert login(api, password="wrong", **proxied).status_code == 401
    assert login(api, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7").status_code == 429


def test_writes_are_throttled_per_user_reads_are_not(authed, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "3/minute", raising=False)
    for _ in range(3):
        assert authed.post("/api/items/", {"name": "x"}, format="json").status_code == 201
    limited = authed.post("/api/items/", {"name": "x"}, format="json")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited["Content-Type"] == PROBLEM
    assert authed.get("/api/items/").status_code == 200


def test_the_rates_come_from_the_settings():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"login": "10/minute", "write": "60/minute"}


@pytest.mark.django_db
def test_createsuperuser_noinput_reads_the_environment(monkeypatch, api):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "another-long-passphrase")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@example.com")
    call_command("createsuperuser", interactive=False, verbosity=0)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and authenticate(username="admin", password="another-long-passphrase")
    assert login(api, "admin", "another-long-passphrase").status_code == 200

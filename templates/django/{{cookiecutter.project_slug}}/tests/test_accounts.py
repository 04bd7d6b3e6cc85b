{%- import "shape.jinja" as s with context -%}
"""The user model and its password hashing{% if s.signup_api %}; sign-up through the API{% endif %}."""
{% if s.signup_api %}
import pytest
{%- endif %}
from django.contrib.auth import get_user_model
{%- if s.signup_api %}
from rest_framework.authtoken.models import Token
{%- endif %}

from {{ cookiecutter.project_slug }} import settings as project_settings
{%- if s.signup_api %}

PROBLEM = "application/problem+json"
{%- endif %}


def test_custom_user_model_is_active():
    assert get_user_model()._meta.label == "accounts.User"


def test_passwords_are_hashed_with_argon2_first():
    # The suite itself swaps in a fast hasher (conftest.py), so read the module.
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
{%- if s.signup_api %}


def signup(api, **fields):
    body = {"username": "newcomer", "email": "new@example.com", "password": "a-long-passphrase"}
    return api.post("/api/auth/signup/", {**body, **fields}, format="json")


@pytest.mark.django_db
def test_sign_up_returns_a_token_that_writes(api):
    response = signup(api)
    assert response.status_code == 201, response.content
    token = response.json()["token"]
    assert Token.objects.get(key=token).user.username == "newcomer"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.post("/api/items/", {"name": "Mine"}, format="json").status_code == 201


@pytest.mark.django_db
def test_the_new_account_logs_in_with_its_password(api):
    signup(api)
    body = {"username": "newcomer", "password": "a-long-passphrase"}
    assert api.post("/api/auth/token/", body, format="json").status_code == 200
    body["password"] = "a-wrong-passphrase"
    assert api.post("/api/auth/token/", body, format="json").status_code == 401


@pytest.mark.django_db
def test_a_taken_username_or_a_weak_password_is_a_400_problem(api):
    assert signup(api).status_code == 201
    taken = signup(api, email="other@example.com")
    assert taken.status_code == 400 and taken["Content-Type"] == PROBLEM
    assert "username" in taken.json()["errors"]
    weak = signup(api, username="second", password="12345678")
    assert weak.status_code == 400 and "password" in weak.json()["errors"]
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_sign_up_refuses_unknown_fields(api):
    response = signup(api, is_staff=True)
    assert response.status_code == 400
    assert not get_user_model().objects.filter(is_staff=True).exists()
{%- endif %}

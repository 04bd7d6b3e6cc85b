import pytest
{%- if cookiecutter.api %}
from django.contrib.auth import get_user_model
{%- endif %}
from django.core.cache import cache
{%- if cookiecutter.api %}
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
{%- endif %}

from {{ cookiecutter.project_slug }}.items.models import Item
{%- if cookiecutter.api %}

PASSWORD = "a-long-passphrase"
{%- endif %}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create users; a deliberately slow hasher would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no cached data{% if cookiecutter.api %} and no throttling counts{% endif %}."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def item(db) -> Item:
    return Item.objects.create(name="First item", description="Line one.\nLine two.")
{%- if cookiecutter.api %}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def writer(db):
    return get_user_model().objects.create_user("writer", password=PASSWORD)


@pytest.fixture
def token(writer) -> str:
    return Token.objects.create(user=writer).key


@pytest.fixture
def authed(api, token) -> APIClient:
    """A client sending `Authorization: Bearer <token>`."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api
{%- endif %}

import pytest

from {{ cookiecutter.project_slug }}.items.models import Item


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create users; a deliberately slow hasher would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def item(db) -> Item:
    return Item.objects.create(name="First item", description="Line one.\nLine two.")

import pytest

{% if cookiecutter.celery|default(false) -%}
from {{ cookiecutter.project_slug }}.celery import app as celery_app
{% endif -%}
from {{ cookiecutter.project_slug }}.items.models import Item
{%- if cookiecutter.celery|default(false) %}

# The suite runs each task at once, in its own process (no broker, no worker), whatever
# broker .env may name for development.
celery_app.conf.update(
    broker_url="memory://",
    result_backend="cache+memory://",
    task_always_eager=True,
    task_store_eager_result=True,
)
{%- endif %}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create users; a deliberately slow hasher would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def item(db) -> Item:
    return Item.objects.create(name="First item", description="Line one.\nLine two.")

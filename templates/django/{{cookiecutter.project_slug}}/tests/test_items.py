{%- import "shape.jinja" as s with context -%}
import pytest
{%- if s.forms %}
from django.contrib.auth import get_user_model
{%- endif %}
{%- if s.forms %}
from django.test import Client
{%- endif %}
from django.urls import reverse

from {{ cookiecutter.project_slug }}.items.models import Item


def test_item_str_is_its_name(item):
    assert str(item) == "First item"


@pytest.mark.django_db
def test_home_page_lists_items_newest_first(client):
    Item.objects.create(name="Older")
    Item.objects.create(name="Newer")
    response = client.get(reverse("items:list"))
    assert response.status_code == 200
    assert [i.name for i in response.context["item_list"]] == ["Newer", "Older"]
    assert "items/item_list.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_home_page_links_the_stylesheet(client):
    response = client.get("/")
    assert b'<link rel="stylesheet" href="/static/css/site.css">' in response.content


@pytest.mark.django_db
def test_home_page_without_items(client):
    response = client.get(reverse("items:list"))
    assert response.status_code == 200
    assert b"No items yet" in response.content


def test_detail_page_shows_the_item(client, item):
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert b"<h1>First item</h1>" in response.content
    assert b"<p>Line one.<br>Line two.</p>" in response.content


@pytest.mark.django_db
def test_detail_page_of_a_missing_item_is_404(client):
    assert client.get(reverse("items:detail", args=[999])).status_code == 404


@pytest.mark.django_db
def test_site_name_is_escaped(client, settings):
    settings.SITE_NAME = '<script>alert("x")</script>'
    response = client.get("/")
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.content


def test_item_name_is_limited_to_100_characters():
    assert Item._meta.get_field("name").max_length == 100
    assert Item._meta.get_field("description").blank
{%- if s.forms %}


# --- create, edit, delete through the forms ---------------------------------------------------


@pytest.fixture
def writer(client, db):
    """A signed-in client: the forms need an account."""
    client.force_login(get_user_model().objects.create_user("writer", password="a-long-pass"))
    return client


def test_the_forms_send_anonymous_visitors_to_the_login(client, item):
    for url in (
        reverse("items:create"),
        reverse("items:update", args=[item.pk]),
        reverse("items:delete", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    response = client.post(reverse("items:create"), {"name": "Sneaky"})
    assert response.status_code == 302
    assert not Item.objects.filter(name="Sneaky").exists()


@pytest.mark.django_db
def test_the_create_form_adds_an_item_and_says_so(writer):
    form = writer.get(reverse("items:create"))
    assert form.status_code == 200
    assert b'name="name"' in form.content and b'name="description"' in form.content
    assert b'name="csrfmiddlewaretoken"' in form.content
    response = writer.post(
        reverse("items:create"), {"name": "Made here", "description": "By hand."}, follow=True
    )
    item = Item.objects.get(name="Made here")
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert b"Added &quot;Made here&quot;." in response.content
    assert b"<h1>Made here</h1>" in response.content


@pytest.mark.django_db
def test_an_invalid_form_comes_back_with_its_errors(writer):
    response = writer.post(reverse("items:create"), {"name": "", "description": "No name"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert b'class="errorlist' in response.content
    assert b"No name" in response.content, "what was typed is kept"
    too_long = writer.post(reverse("items:create"), {"name": "x" * 101})
    assert "name" in too_long.context["form"].errors
    assert not Item.objects.exists()


def test_the_edit_form_changes_the_item(writer, item):
    url = reverse("items:update", args=[item.pk])
    assert b'value="First item"' in writer.get(url).content
    response = writer.post(url, {"name": "Renamed", "description": ""})
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    item.refresh_from_db()
    assert (item.name, item.description) == ("Renamed", "")


def test_delete_asks_first_then_deletes(writer, item):
    url = reverse("items:delete", args=[item.pk])
    confirm = writer.get(url)
    assert confirm.status_code == 200 and b"cannot be undone" in confirm.content
    assert Item.objects.filter(pk=item.pk).exists()
    response = writer.post(url, follow=True)
    assert response.redirect_chain == [(reverse("items:list"), 302)]
    assert b"Deleted the item." in response.content
    assert not Item.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_the_forms_of_a_missing_item_are_404(writer):
    for name in ("items:update", "items:delete"):
        assert writer.get(reverse(name, args=[999])).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(item):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(get_user_model().objects.create_user("csrf", password="a-long-pass"))
    for url, data in (
        (reverse("items:create"), {"name": "Forged"}),
        (reverse("items:update", args=[item.pk]), {"name": "Forged"}),
        (reverse("items:delete", args=[item.pk]), {}),
    ):
        assert browser.post(url, data).status_code == 403, url
    assert list(Item.objects.values_list("name", flat=True)) == ["First item"]
{%- endif %}

import pytest
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

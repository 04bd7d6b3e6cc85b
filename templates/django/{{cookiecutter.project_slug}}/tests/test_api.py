"""The items API and its conventions: pages, slashes, strict input, UTC timestamps."""

import re

import pytest

from {{ cookiecutter.project_slug }}.items.models import Item

PROBLEM = "application/problem+json"


def test_anyone_can_list_items_a_page_at_a_time(api, item):
    response = api.get("/api/items/")
    assert response.status_code == 200
    body = response.json()
    assert body == {"count": 1, "next": None, "previous": None, "results": body["results"]}
    assert body["results"][0]["name"] == "First item"
    assert set(body["results"][0]) == {"id", "name", "description", "created_at"}


def test_anyone_can_read_one_item(api, item):
    response = api.get(f"/api/items/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["description"] == "Line one.\nLine two."


def test_timestamps_are_rfc3339_in_utc(api, item):
    created = api.get(f"/api/items/{item.pk}/").json()["created_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", created), created


@pytest.mark.django_db
def test_pages_are_ordered_by_id_and_page_size_is_capped(api):
    Item.objects.bulk_create(Item(name=f"n{i}") for i in range(105))
    first = api.get("/api/items/").json()
    assert len(first["results"]) == 20
    ids = [row["id"] for row in first["results"]]
    assert ids == sorted(ids)
    assert first["next"].endswith("/api/items/?page=2")
    assert len(api.get("/api/items/?page_size=500").json()["results"]) == 100
    last = api.get("/api/items/?page=3&page_size=50").json()
    assert len(last["results"]) == 5 and last["next"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        *("page=0", "page=-1", "page=abc", "page=%C2%B2", "page=%D9%A1", "page=%201"),
        *("page=last", "page=99999999999", "page=2", "page_size=0", "page_size=x"),
        "page_size=%C2%B2",
    ],
)
def test_bad_or_out_of_range_pages_are_404_problems(api, query):
    Item.objects.create(name="only")
    response = api.get(f"/api/items/?{query}")
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404


def test_token_holder_creates_updates_and_deletes(authed):
    body = {"name": "New", "description": "From the API"}
    created = authed.post("/api/items/", body, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/items/{created.json()['id']}/"
    assert authed.patch(url, {"name": "Renamed"}, format="json").json()["name"] == "Renamed"
    replaced = authed.put(url, {"name": "Replaced", "description": ""}, format="json")
    assert replaced.status_code == 200 and replaced.json()["name"] == "Replaced"
    assert authed.delete(url).status_code == 204
    assert not Item.objects.exists()


def test_the_form_without_a_slash_is_a_308_to_the_canonical_path(authed, item):
    got = authed.get("/api/items?page=1")
    assert got.status_code == 308
    assert got["Location"] == "/api/items/?page=1"
    # 308, unlike APPEND_SLASH's 301, tells the client to repeat the POST with its body.
    posted = authed.post("/api/items", {"name": "x"}, format="json")
    assert posted.status_code == 308 and posted["Location"] == "/api/items/"
    assert authed.delete(f"/api/items/{item.pk}").status_code == 308
    assert Item.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "x" * 101}, "name", "no more than 100"),
        ({"name": None}, "name", "may not be null"),
        ({"name": "ok", "description": None}, "description", "may not be null"),
        ({"name": "x\u0000y"}, "name", "Null characters are not allowed"),
        ({"name": "ok", "price": 3}, "price", "Unknown field"),
        ({"name": "ok", "id": 7}, "id", "read-only"),
        ({"name": 7}, "name", "Not a valid string"),
        ({"name": "   "}, "name", "may not be blank"),
        ({}, "name", "required"),
    ],
)
def test_invalid_bodies_are_400_problems_naming_the_field(authed, body, field, message):
    response = authed.post("/api/items/", body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "about:blank" and problem["title"] == "Bad Request"
    assert message in " ".join(problem["errors"][field])
    assert not Item.objects.exists()


def test_an_unpaired_surrogate_is_a_400_problem(authed):
    # JSON allows "\ud800"; neither UTF-8 nor the databases can hold it.
    body = b'{"name": "\\ud800"}'
    response = authed.post("/api/items/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"name": ["Not valid Unicode text."]}


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"{", b"[]", b'"text"', b"null", b'{"name": NaN}'])
def test_malformed_json_is_a_400_problem(authed, body):
    response = authed.post("/api/items/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM


def test_only_json_bodies_are_accepted(authed):
    response = authed.post("/api/items/", {"name": "form"})  # multipart, as a browser form
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM

"""Bad input gets 400/404/405/413/415/422 with a JSON error body, never a 500."""

import pytest
from flask import Flask
from flask.testing import FlaskClient


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.is_json
    error = response.get_json()["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    return error


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_missing_item_is_404(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/api/items/999", json={"name": "x"})
    assert_error(response, 404)


@pytest.mark.parametrize(
    "path", ["/api/items/abc", "/api/items/-1", "/api/items/99999999999999999999"]
)
def test_bad_or_huge_ids_are_404(client: FlaskClient, path: str) -> None:
    assert_error(client.get(path), 404)


def test_unknown_url_is_json_404(client: FlaskClient) -> None:
    assert_error(client.get("/nowhere"), 404)


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.post("/api/items/1", json={})
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/api/items", data="{not json", content_type="application/json")
    assert_error(response, 400)


def test_non_json_body_is_415(client: FlaskClient) -> None:
    response = client.post("/api/items", data="name=x", content_type="text/plain")
    assert_error(response, 415)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 42}, "name"),
        ({"name": None}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "ok", "description": 5}, "description"),
        ({"name": "ok", "colour": "red"}, "colour"),
        ([1, 2], "body"),
        ("text", "body"),
    ],
)
def test_invalid_fields_are_422(client: FlaskClient, body: object, field: str) -> None:
    error = assert_error(client.post("/api/items", json=body), 422)
    assert field in error["fields"]


def test_name_of_100_characters_is_accepted(client: FlaskClient) -> None:
    assert client.post("/api/items", json={"name": "x" * 100}).status_code == 201


def test_patch_validates_given_fields(client: FlaskClient) -> None:
    item = client.post("/api/items", json={"name": "Widget"}).get_json()
    error = assert_error(client.patch(f"/api/items/{item['id']}", json={"name": ""}), 422)
    assert set(error["fields"]) == {"name"}


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=0", "per_page=101", "page=-1"])
def test_bad_paging_is_422(client: FlaskClient, query: str) -> None:
    assert_error(client.get(f"/api/items?{query}"), 422)


def test_oversized_body_is_413(app: Flask, client: FlaskClient) -> None:
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/api/items", data=too_big, content_type="application/json")
    assert_error(response, 413)


def test_unexpected_exception_is_json_500(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    error = assert_error(response, 500)
    assert "kaboom" not in error["message"]

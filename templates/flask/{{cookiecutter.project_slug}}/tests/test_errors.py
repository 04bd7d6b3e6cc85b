"""Every error under /api/ is RFC 9457 problem details, and no input makes a 500."""

import pytest
from flask import Flask
from flask.testing import FlaskClient


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_missing_item_is_404(client: FlaskClient, auth: dict[str, str], method: str) -> None:
    response = getattr(client, method)("/api/items/999/", json={"name": "x"}, headers=auth)
    assert_problem(response, 404)


@pytest.mark.parametrize(
    "path", ["/api/items/abc/", "/api/items/-1/", "/api/items/99999999999999999999/"]
)
def test_bad_or_huge_ids_are_404(client: FlaskClient, path: str) -> None:
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize("path", ["/api/nowhere", "/api/nowhere/", "/nowhere"])
def test_unknown_url_is_a_404_problem(client: FlaskClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.post("/api/items/1/", json={})
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    assert_problem(client.delete("/api/items/"), 405)


def test_malformed_json_is_400(client: FlaskClient, auth: dict[str, str]) -> None:
    for body in ("{not json", "[" * 100_000, "\xff"):
        response = client.post(
            "/api/items/", data=body, content_type="application/json", headers=auth
        )
        assert_problem(response, 400)


def test_empty_body_is_400(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.patch("/api/items/1/", content_type="application/json", headers=auth)
    assert_problem(response, 400)


def test_non_json_body_is_415(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/api/items/", data="name=x", content_type="text/plain", headers=auth)
    assert_problem(response, 415)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": 42}, "name"),
        ({"name": None}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "x\u0000y"}, "name"),
        ({"name": "ok", "description": "a\u0000"}, "description"),
        ({"name": "\ud800"}, "name"),
        ({"name": "ok", "description": 5}, "description"),
        ({"name": "ok", "colour": "red"}, "colour"),
        ({"name": "ok", "id": 7}, "id"),
        ({"name": "ok", "created_at": "2026-01-01T00:00:00Z"}, "created_at"),
        ([1, 2], "_schema"),
        ("text", "_schema"),
    ],
)
def test_invalid_fields_are_400_with_field_errors(
    client: FlaskClient, auth: dict[str, str], body: object, field: str
) -> None:
    problem = assert_problem(client.post("/api/items/", json=body, headers=auth), 400)
    assert field in problem["errors"], problem
    assert all(isinstance(m, str) for m in problem["errors"][field])


def test_name_of_100_characters_is_accepted(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/api/items/", json={"name": "x" * 100}, headers=auth)
    assert response.status_code == 201


def test_patch_validates_given_fields(client: FlaskClient, auth: dict[str, str]) -> None:
    item = client.post("/api/items/", json={"name": "Widget"}, headers=auth).get_json()
    response = client.patch(f"/api/items/{item['id']}/", json={"name": None}, headers=auth)
    assert set(assert_problem(response, 400)["errors"]) == {"name"}


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=x",
        "page=-1",
        "page=²",  # a digit to str.isdigit(), not to int()
        "page=١",  # a digit to int(), but not ASCII
        "page=%201",
        "page=1_0",
        "page=2",  # past the end of an empty list
        "page=99999999999",
        "page=99999999999999999999999999",
        "page_size=0",
        "page_size=101",
        "page_size=x",
    ],
)
def test_bad_paging_is_404(client: FlaskClient, query: str) -> None:
    assert_problem(client.get(f"/api/items/?{query}"), 404)


def test_oversized_body_is_413(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/api/items/", data=too_big, content_type="application/json", headers=auth
    )
    assert_problem(response, 413)


def test_unexpected_exception_is_a_500_problem(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/boom/")
    def boom() -> None:
        raise RuntimeError("kaboom")

    problem = assert_problem(app.test_client().get("/api/boom/"), 500)
    assert "kaboom" not in problem["detail"]


def test_readiness_failure_is_a_problem_too(client: FlaskClient) -> None:
    from unittest import mock

    from sqlalchemy.exc import OperationalError

    from {{ cookiecutter.project_slug }}.extensions import db

    failure = OperationalError("SELECT 1", {}, Exception("connection refused"))
    with mock.patch.object(db.session, "execute", side_effect=failure):
        assert_problem(client.get("/readyz"), 503)

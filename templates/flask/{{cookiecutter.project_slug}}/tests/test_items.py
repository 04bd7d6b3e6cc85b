import re

from flask.testing import FlaskClient

# RFC 3339, UTC, with the offset: the same on SQLite and PostgreSQL.
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def create(client: FlaskClient, auth: dict[str, str], **fields: object) -> dict:
    response = client.post("/api/items/", json={"name": "Widget", **fields}, headers=auth)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_returns_201_with_location(client: FlaskClient, auth: dict[str, str]) -> None:
    body = {"name": "Widget", "description": "Blue"}
    response = client.post("/api/items/", json=body, headers=auth)
    assert response.status_code == 201
    item = response.get_json()
    assert item["name"] == "Widget"
    assert item["description"] == "Blue"
    assert response.headers["Location"] == f"/api/items/{item['id']}/"


def test_timestamps_are_utc_with_offset(client: FlaskClient, auth: dict[str, str]) -> None:
    item = create(client, auth)
    for name in ("created_at", "updated_at"):
        assert TIMESTAMP.match(item[name]), item[name]
    assert client.get(f"/api/items/{item['id']}/").get_json()["created_at"] == item["created_at"]


def test_description_is_optional_and_nullable(client: FlaskClient, auth: dict[str, str]) -> None:
    assert create(client, auth)["description"] is None
    assert create(client, auth, description=None)["description"] is None


def test_list_pages_items_by_id(client: FlaskClient, auth: dict[str, str]) -> None:
    ids = [create(client, auth, name=f"Item {n}")["id"] for n in range(3)]
    first = client.get("/api/items/?page_size=2").get_json()
    assert [item["id"] for item in first["results"]] == ids[:2]
    assert first["count"] == 3
    assert first["previous"] is None
    assert first["next"] == "http://localhost/api/items/?page=2&page_size=2"
    second = client.get(first["next"]).get_json()
    assert [item["id"] for item in second["results"]] == ids[2:]
    assert second["next"] is None
    assert second["previous"] == "http://localhost/api/items/?page=1&page_size=2"


def test_list_empty(client: FlaskClient) -> None:
    assert client.get("/api/items/").get_json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_get_one(client: FlaskClient, auth: dict[str, str]) -> None:
    item = create(client, auth)
    response = client.get(f"/api/items/{item['id']}/")
    assert response.status_code == 200
    assert response.get_json() == item


def test_put_replaces_every_field(client: FlaskClient, auth: dict[str, str]) -> None:
    item = create(client, auth, description="Old")
    response = client.put(f"/api/items/{item['id']}/", json={"name": "Gadget"}, headers=auth)
    assert response.status_code == 200
    assert response.get_json()["name"] == "Gadget"
    assert response.get_json()["description"] is None


def test_patch_changes_only_given_fields(client: FlaskClient, auth: dict[str, str]) -> None:
    item = create(client, auth, description="Kept")
    response = client.patch(f"/api/items/{item['id']}/", json={"name": "Renamed"}, headers=auth)
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    assert response.get_json()["description"] == "Kept"
    assert client.get(f"/api/items/{item['id']}/").get_json()["name"] == "Renamed"


def test_delete_returns_204_then_404(client: FlaskClient, auth: dict[str, str]) -> None:
    item = create(client, auth)
    response = client.delete(f"/api/items/{item['id']}/", headers=auth)
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/api/items/{item['id']}/").status_code == 404
    assert client.delete(f"/api/items/{item['id']}/", headers=auth).status_code == 404


def test_the_form_without_slash_redirects_with_308(client: FlaskClient) -> None:
    for method, path in [
        ("GET", "/api/items"),
        ("GET", "/api/items/1"),
        ("POST", "/api/auth/token"),
    ]:
        response = client.open(path, method=method)
        assert response.status_code == 308, path
        assert response.headers["Location"] == f"http://localhost{path}/"

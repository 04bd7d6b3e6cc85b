from flask.testing import FlaskClient


def create(client: FlaskClient, **fields: object) -> dict:
    response = client.post("/api/items", json={"name": "Widget", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_returns_201_with_location(client: FlaskClient) -> None:
    response = client.post("/api/items", json={"name": "  Widget  ", "description": "Blue"})
    assert response.status_code == 201
    item = response.get_json()
    assert item["name"] == "Widget"
    assert item["description"] == "Blue"
    assert item["created_at"] and item["updated_at"]
    assert response.headers["Location"] == f"/api/items/{item['id']}"


def test_description_is_optional(client: FlaskClient) -> None:
    assert create(client)["description"] is None


def test_list_pages_items_oldest_first(client: FlaskClient) -> None:
    ids = [create(client, name=f"Item {n}")["id"] for n in range(3)]
    body = client.get("/api/items?per_page=2").get_json()
    assert [item["id"] for item in body["items"]] == ids[:2]
    assert (body["page"], body["per_page"], body["total"]) == (1, 2, 3)
    body = client.get("/api/items?per_page=2&page=2").get_json()
    assert [item["id"] for item in body["items"]] == ids[2:]


def test_list_empty(client: FlaskClient) -> None:
    assert client.get("/api/items").get_json() == {
        "items": [],
        "page": 1,
        "per_page": 20,
        "total": 0,
    }


def test_get_one(client: FlaskClient) -> None:
    item = create(client)
    response = client.get(f"/api/items/{item['id']}")
    assert response.status_code == 200
    assert response.get_json() == item


def test_put_replaces_every_field(client: FlaskClient) -> None:
    item = create(client, description="Old")
    response = client.put(f"/api/items/{item['id']}", json={"name": "Gadget"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Gadget"
    assert response.get_json()["description"] is None


def test_patch_changes_only_given_fields(client: FlaskClient) -> None:
    item = create(client, description="Kept")
    response = client.patch(f"/api/items/{item['id']}", json={"name": "Renamed"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    assert response.get_json()["description"] == "Kept"
    assert client.get(f"/api/items/{item['id']}").get_json()["name"] == "Renamed"


def test_delete_returns_204_then_404(client: FlaskClient) -> None:
    item = create(client)
    response = client.delete(f"/api/items/{item['id']}")
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/api/items/{item['id']}").status_code == 404
    assert client.delete(f"/api/items/{item['id']}").status_code == 404

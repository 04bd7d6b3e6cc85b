"""The OpenAPI document comes from the code (flask-smorest); Swagger UI is served locally."""

import re

from flask import Flask
from flask.testing import FlaskClient


def document(client: FlaskClient) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_openapi_document(client: FlaskClient) -> None:
    spec = document(client)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    item = spec["components"]["schemas"]["Item"]
    assert item["properties"]["created_at"]["format"] == "date-time"
    assert item["additionalProperties"] is False
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_api_route_is_documented(app: Flask, client: FlaskClient) -> None:
    paths = document(client)["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule.startswith(("/api/docs", "/api/openapi")):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in paths, f"{path} is missing from the OpenAPI document"
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert {m.lower() for m in methods} <= set(paths[path]), path


def test_writes_are_documented_as_needing_a_token(client: FlaskClient) -> None:
    paths = document(client)["paths"]
    assert "security" not in paths["/api/items/"]["get"]
    for method in ("put", "patch", "delete"):
        operation = paths["/api/items/{item_id}/"][method]
        assert operation["security"] == [{"bearerAuth": []}]
        assert "401" in operation["responses"]


def test_errors_are_documented_as_problem_details(client: FlaskClient) -> None:
    spec = document(client)
    not_found = spec["components"]["responses"]["NOT_FOUND"]
    assert list(not_found["content"]) == ["application/problem+json"]
    assert "422" not in spec["paths"]["/api/items/"]["post"]["responses"]


def test_a_new_schema_field_is_validated_and_documented() -> None:
    """Adding a field to the schema is the only edit the API needs (besides the model)."""
    from marshmallow import fields

    from {{ cookiecutter.project_slug }}.api.schemas import ItemSchema

    class PricedItemSchema(ItemSchema):
        price = fields.Integer(required=True)

    assert "price" in PricedItemSchema().validate({"name": "x"})


def test_swagger_ui_is_served_without_a_cdn(client: FlaskClient) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # no inline script: a strict CSP can stay
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.data
        response.close()
    assert client.get("/api/docs/../config.py").status_code == 404
    assert client.get("/api/docs/index.html").status_code == 404

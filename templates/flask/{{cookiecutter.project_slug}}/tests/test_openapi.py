import re

from flask import Flask
from flask.testing import FlaskClient


def test_openapi_document(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"]
    assert "Item" in document["components"]["schemas"]


def test_every_route_is_documented(app: Flask, client: FlaskClient) -> None:
    documented = client.get("/api/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in documented, f"{path} is missing from the OpenAPI document"
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert {m.lower() for m in methods} <= set(documented[path]), path

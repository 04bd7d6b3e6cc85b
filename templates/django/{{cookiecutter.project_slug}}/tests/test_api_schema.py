"""The OpenAPI document, the Swagger UI page with local assets, and CORS for /api/ only."""

import pytest
from django.contrib.staticfiles import finders

ORIGIN = "https://app.example.com"


@pytest.fixture
def schema(api, db):
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_openapi_document_describes_the_api(schema):
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"/api/items/", "/api/items/{id}/", "/api/auth/token/"} <= set(paths)
    assert "/api/token/" not in paths
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert paths["/api/auth/token/"]["post"].get("security", []) in ([], [{}])


def test_errors_and_strict_bodies_are_documented(schema):
    create = schema["paths"]["/api/items/"]["post"]
    for code in ("400", "401", "413", "415", "429"):
        assert "application/problem+json" in create["responses"][code]["content"], code
    assert schema["components"]["schemas"]["ItemRequest"]["additionalProperties"] is False
    assert "Problem" in schema["components"]["schemas"]
{%- if cookiecutter.celery|default(false) %}


def test_the_task_endpoints_are_documented(schema):
    summary = schema["paths"]["/api/items/{id}/summary/"]["post"]
    assert "202" in summary["responses"] and "401" in summary["responses"]
    assert "/api/tasks/{id}/" in schema["paths"]
{%- endif %}


@pytest.mark.django_db
def test_the_schema_is_also_served_as_yaml(api):
    assert api.get("/api/schema/").status_code == 200


@pytest.mark.django_db
def test_swagger_ui_is_served_with_local_assets(api):
    page = api.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html
    assert "/api/openapi.json" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


@pytest.mark.django_db
def test_cors_preflight_from_an_allowed_origin_gets_the_allow_headers(api, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = api.options(
        "/api/items/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"]


@pytest.mark.django_db
@pytest.mark.parametrize("origins", [[], [ORIGIN]])
def test_cors_allows_no_other_origin_and_nothing_outside_the_api(api, settings, origins):
    settings.CORS_ALLOWED_ORIGINS = origins
    other = api.options(
        "/api/items/", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in other
    page = api.get("/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in page


def test_no_origin_is_allowed_by_default():
    from {{ cookiecutter.project_slug }} import settings as project_settings

    assert project_settings.CORS_ALLOWED_ORIGINS == []

"""Every error under /api/ is an RFC 9457 problem, whichever layer answers it."""

import pytest
from django.test import Client

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/items/999/", "/api/items/abc/"])
def test_unknown_urls_and_objects_are_404(api, path):
    assert_problem(api.get(path), 404)


@pytest.mark.django_db
def test_an_unknown_url_is_a_problem_in_debug_mode_too(api, settings):
    settings.DEBUG = True
    body = assert_problem(api.get("/api/nothing-here/"), 404)
    assert "DEBUG" not in body["detail"]


def test_a_method_not_allowed_is_405_with_allow(authed, item):
    response = authed.post(f"/api/items/{item.pk}/", {"name": "x"}, format="json")
    assert_problem(response, 405)
    assert "PATCH" in response["Allow"]


def test_an_oversized_body_is_413_before_it_is_read(authed, settings):
    body = b'{"name": "' + b"x" * settings.MAX_REQUEST_BYTES + b'"}'
    assert_problem(authed.post("/api/items/", body, content_type="application/json"), 413)


@pytest.mark.django_db
def test_an_oversized_form_post_to_a_page_is_413_too(settings):
    response = Client().post("/", {"x": "y" * settings.MAX_REQUEST_BYTES})
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_server_error_is_a_500_problem_without_internals(monkeypatch, api, item):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("{{ cookiecutter.project_slug }}.items.api.ItemViewSet.retrieve", broken)
    client = Client(raise_request_exception=False)
    body = assert_problem(client.get(f"/api/items/{item.pk}/"), 500)
    assert "secret" not in str(body)


def test_pages_keep_their_html_errors(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

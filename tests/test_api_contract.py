"""One contract test suite for both starters' APIs (templates/CONTRACT.md, "API conventions").

Each test runs against the Flask starter and the Django starter (api=true), rendered by the
generator, installed with uv, migrated by its entrypoint, given a user by its documented
command and served by real Gunicorn on 127.0.0.1, on SQLite and on PostgreSQL. The same
request must get the same answer from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api_support import (
    ALLOWED_ORIGIN,
    DATABASES,
    FRAMEWORKS,
    PASSWORD,
    UNTHROTTLED,
    USERNAME,
    ApiServer,
    Framework,
    Servers,
    Starters,
    assert_problem,
    field_errors,
    load_page,
    oversized_post,
    serve,
    sqlite_url,
)
from tests.django_support import redis_server
from tests.stack import Response, free_port, run

pytestmark = pytest.mark.slow

VARIANTS = [
    pytest.param((framework, database), id=f"{framework}-{database}")
    for framework in FRAMEWORKS
    for database in DATABASES
]
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def starters(tmp_path_factory: pytest.TempPathFactory) -> Starters:
    return Starters(tmp_path_factory.mktemp("api-contract"))


@pytest.fixture(scope="module")
def servers(starters: Starters) -> Iterator[Servers]:
    """Servers started on first use and kept for the module; one PostgreSQL for all."""
    pool = Servers(starters, **UNTHROTTLED)
    yield pool
    pool.close()


@pytest.fixture(params=VARIANTS)
def api(request: pytest.FixtureRequest, servers: Servers) -> ApiServer:
    framework, database = request.param
    return servers(framework, database)


# --- paths -------------------------------------------------------------------------------


def test_paths_end_with_a_slash_and_the_other_form_redirects_with_308(api: ApiServer) -> None:
    item = api.create_item("Slash")
    for method, canonical in [
        ("GET", "/api/items/"),
        ("GET", f"/api/items/{item['id']}/"),
        ("POST", "/api/items/"),
        ("PUT", f"/api/items/{item['id']}/"),
        ("POST", "/api/auth/token/"),
    ]:
        # With the token, so that only the path decides; a 308 keeps the method and body.
        response = api.request(method, canonical.rstrip("/"), {"name": "Short"}, token=True)
        assert response.status == 308, (method, canonical, response.status, response.body[:300])
        assert urlsplit(response.headers["location"]).path == canonical, response.headers
    assert api.request("GET", "/api/items/").status == 200


def test_the_same_operations_are_documented_by_both_starters(servers: Servers) -> None:
    operations = {}
    for framework in FRAMEWORKS:
        document = servers(framework, "sqlite").request("GET", "/api/openapi.json").json()
        assert isinstance(document, dict), document
        operations[framework] = {
            (re.sub(r"\{[^}]+\}", "{id}", path), method.lower())
            for path, item in document["paths"].items()
            for method in item
            if method.lower() in {"get", "post", "put", "patch", "delete"}
        }
    assert operations["flask"] == operations["django"]
    assert {("/api/items/", "get"), ("/api/items/", "post"), ("/api/auth/token/", "post")} <= (
        operations["flask"]
    )
    assert {("/api/items/{id}/", m) for m in ("get", "put", "patch", "delete")} <= (
        operations["flask"]
    )


# --- reading, writing, pagination --------------------------------------------------------


def test_create_read_update_delete_with_the_token(api: ApiServer) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    item = api.create_item("Widget", description="Blue")
    assert item["name"] == "Widget" and item["description"] == "Blue"
    assert isinstance(item["id"], int)
    url = f"/api/items/{item['id']}/"
    got = api.request("GET", url)
    assert got.status == 200 and got.json() == item
    assert got.headers["content-type"].split(";")[0] == "application/json"
    put = api.request("PUT", url, {"name": "Gadget", "description": "Red"}, token=True)
    assert put.status == 200, put.body[:500]
    assert put.json()["name"] == "Gadget"  # type: ignore[index]
    patched = api.request("PATCH", url, {"description": "Green"}, token=True)
    assert patched.status == 200, patched.body[:500]
    assert patched.json()["description"] == "Green"  # type: ignore[index]
    assert patched.json()["name"] == "Gadget"  # type: ignore[index]
    deleted = api.request("DELETE", url, token=True)
    assert deleted.status == 204 and deleted.body == b""
    assert_problem(api.request("GET", url), 404)
    # Timestamps are RFC 3339 in UTC with the offset, on every database.
    stamp = str(item["created_at"])
    assert RFC3339.match(stamp), stamp
    created = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert created.utcoffset() == timedelta(0), stamp
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=5), stamp


def test_the_list_is_paginated_by_id_with_count_next_previous_results(api: ApiServer) -> None:
    for n in range(3):
        api.create_item(f"Page {n}")
    first = api.request("GET", "/api/items/?page_size=2")
    assert first.status == 200, first.body[:500]
    body = first.json()
    assert isinstance(body, dict) and set(body) == {"count", "next", "previous", "results"}, body
    assert body["count"] >= 3 and len(body["results"]) == 2
    assert body["previous"] is None
    assert parse_qs(urlsplit(body["next"]).query)["page"] == ["2"], body["next"]
    second = api.request("GET", "/api/items/?page=2&page_size=2").json()
    assert isinstance(second, dict) and second["previous"] is not None, second
    ids = [row["id"] for row in body["results"] + second["results"]]
    assert ids == sorted(ids), ids
    default = api.request("GET", "/api/items/").json()
    assert isinstance(default, dict) and len(default["results"]) == min(20, default["count"])
    last_page = -(-int(body["count"]) // 2)
    last = api.request("GET", f"/api/items/?page={last_page}&page_size=2").json()
    assert isinstance(last, dict) and last["next"] is None, last


@pytest.mark.parametrize(
    "query",
    [
        *("page=999999", "page=0", "page=-1", "page=abc", "page=1.5", "page=%D9%A1"),
        *("page_size=0", "page_size=-3", "page_size=x", "page_size=%EF%BC%92"),
    ],
)
def test_a_bad_or_out_of_range_page_is_a_404_problem(api: ApiServer, query: str) -> None:
    assert_problem(api.request("GET", f"/api/items/?{query}"), 404)


# --- errors ------------------------------------------------------------------------------


JSON = {"Content-Type": "application/json"}
ERRORS = {
    # name: (method, path, body, headers, with the token, status)
    "malformed-json": ("POST", "/api/items/", b"{oops", JSON, True, 400),
    "anonymous-write": ("POST", "/api/items/", {"name": "anonymous"}, {}, False, 401),
    "no-such-item": ("GET", "/api/items/999999999/", None, {}, False, 404),
    "non-numeric-id": ("GET", "/api/items/abc/", None, {}, False, 404),
    "no-such-path": ("GET", "/api/no-such-thing/", None, {}, False, 404),
    "method-not-allowed": ("DELETE", "/api/items/", None, {}, True, 405),
    "unsupported-media-type": (
        "POST",
        "/api/items/",
        b"name=x",
        {"Content-Type": "text/plain"},
        True,
        415,
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_problem_json(api: ApiServer, case: str) -> None:
    method, path, body, headers, token, status = ERRORS[case]
    assert_problem(api.request(method, path, body, headers, token=token), status)


def test_a_body_over_max_request_bytes_is_a_413_problem(api: ApiServer) -> None:
    too_big = int(api.env.get("MAX_REQUEST_BYTES", "1048576")) + 1
    assert_problem(oversized_post(api.url, "/api/items/", too_big, api.auth), 413)


@pytest.mark.parametrize(
    ("method", "body", "field"),
    [
        ("POST", {"name": "ok", "colour": "red"}, "colour"),
        ("PATCH", {"colour": "red"}, "colour"),
        ("PUT", {"name": "ok", "colour": "red"}, "colour"),
        ("POST", {"name": None}, "name"),
        ("PATCH", {"name": None}, "name"),
        ("POST", {"name": "nul\x00char"}, "name"),
        ("PATCH", {"description": "nul\x00char"}, "description"),
        ("POST", {}, "name"),
        ("POST", {"name": ""}, "name"),
        ("POST", {"name": 5}, "name"),
        ("POST", {"name": "x" * 101}, "name"),
    ],
    ids=[
        "unknown-post",
        "unknown-patch",
        "unknown-put",
        "null-post",
        "null-patch",
        "nul-post",
        "nul-patch",
        "missing",
        "empty",
        "number",
        "too-long",
    ],
)
def test_invalid_bodies_are_a_400_problem_naming_the_field(
    api: ApiServer, method: str, body: dict[str, object], field: str
) -> None:
    path = "/api/items/"
    if method != "POST":
        path = f"/api/items/{api.create_item('Target')['id']}/"
    problem = assert_problem(api.request(method, path, body, token=True), 400)
    assert field in field_errors(problem), problem


@pytest.mark.parametrize("body", [b'[{"name": "x"}]', b'"x"', b"5", b"null", b""])
def test_a_json_body_that_is_not_an_object_is_a_400_problem(api: ApiServer, body: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    assert_problem(api.request("POST", "/api/items/", body, headers, token=True), 400)


# --- authentication and throttling -------------------------------------------------------


def test_reads_are_public_and_anonymous_writes_get_a_401_problem(api: ApiServer) -> None:
    item = api.create_item("Guarded")
    url = f"/api/items/{item['id']}/"
    assert api.request("GET", "/api/items/").status == 200
    assert api.request("GET", url).status == 200
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
        assert_problem(api.request("POST", "/api/items/", {"name": "x"}, headers), 401)
        assert_problem(api.request("PUT", url, {"name": "x"}, headers), 401)
        assert_problem(api.request("PATCH", url, {"name": "x"}, headers), 401)
        assert_problem(api.request("DELETE", url, headers=headers), 401)
    assert api.request("GET", url).json() == item


def test_the_token_endpoint_answers_a_token_for_the_right_password_only(api: ApiServer) -> None:
    good = api.request("POST", "/api/auth/token/", {"username": USERNAME, "password": PASSWORD})
    assert good.status == 200, good.body[:300]
    body = good.json()
    assert isinstance(body, dict) and set(body) == {"token"}, body
    made = api.request(
        "POST", "/api/items/", {"name": "Fresh"}, {"Authorization": f"Bearer {body['token']}"}
    )
    assert made.status == 201, made.body[:300]
    missing = api.request("POST", "/api/auth/token/", {"username": USERNAME})
    assert "password" in field_errors(assert_problem(missing, 400))


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_eleven_wrong_passwords_in_a_row_get_a_429_with_retry_after(
    starters: Starters, framework: Framework, tmp_path: Path
) -> None:
    # One worker: in-memory counters (no Redis) are per process, as the contract says.
    project, venv = starters.get(framework, "sqlite")
    with serve(framework, "sqlite", project, venv, sqlite_url(tmp_path), WEB_CONCURRENCY="1") as s:
        wrong = {"username": USERNAME, "password": "wrong-password"}
        answers = [s.request("POST", "/api/auth/token/", wrong) for _ in range(11)]
        assert answers[0].status in {400, 401}, answers[0].body[:300]
        assert_problem(answers[0], answers[0].status)
        assert_problem(answers[-1], 429)
        retry_after = answers[-1].headers.get("retry-after", "")
        assert retry_after.isdigit() and int(retry_after) >= 1, answers[-1].headers
        # The right password does not get through while the client is throttled.
        right = {"username": USERNAME, "password": PASSWORD}
        assert_problem(s.request("POST", "/api/auth/token/", right), 429)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_writes_are_throttled_at_the_rate_from_the_environment(
    starters: Starters, framework: Framework, tmp_path: Path
) -> None:
    project, venv = starters.get(framework, "sqlite")
    limits = {"WEB_CONCURRENCY": "1", "THROTTLE_WRITE_RATE": "3/minute"}
    with serve(framework, "sqlite", project, venv, sqlite_url(tmp_path), **limits) as s:
        made = [s.request("POST", "/api/items/", {"name": f"n{n}"}, token=True) for n in range(4)]
        # Two or three get through, depending on whether getting the token was a write.
        assert [r.status for r in made[:2]] == [201, 201], [r.body[:200] for r in made]
        assert_problem(made[3], 429)
        assert made[3].headers.get("retry-after", "").isdigit(), made[3].headers
        # Reads are not writes: still answered.
        assert s.request("GET", "/api/items/").status == 200


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_with_redis_the_token_throttle_holds_across_gunicorn_workers(
    starters: Starters, framework: Framework, tmp_path: Path
) -> None:
    project, venv = starters.get(framework, "sqlite", redis=True)
    port = free_port()
    with redis_server(port, tmp_path):
        redis_url = f"redis://127.0.0.1:{port}/0"
        with serve(
            framework,
            "sqlite",
            project,
            venv,
            sqlite_url(tmp_path),
            REDIS_URL=redis_url,
            WEB_CONCURRENCY="4",
        ) as s:
            wrong = {"username": USERNAME, "password": "wrong-password"}
            answers = [s.request("POST", "/api/auth/token/", wrong) for _ in range(11)]
            assert_problem(answers[-1], 429)
            assert answers[-1].headers.get("retry-after", "").isdigit(), answers[-1].headers
        # The counters were kept in Redis, shared by the four workers.
        keys = run(["redis-cli", "-p", str(port), "--scan"], cwd=tmp_path).stdout.split()
        assert keys, "no throttle counter was stored in Redis"


# --- CORS ----------------------------------------------------------------------------------


def preflight(api: ApiServer, path: str, origin: str) -> Response:
    return api.request(
        "OPTIONS",
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_cors_preflight_is_answered_for_allowed_origins_only(api: ApiServer) -> None:
    allowed = preflight(api, "/api/items/", ALLOWED_ORIGIN)
    assert allowed.status in {200, 204}, (allowed.status, allowed.body[:300])
    assert allowed.headers.get("access-control-allow-origin") == ALLOWED_ORIGIN, allowed.headers
    methods = allowed.headers.get("access-control-allow-methods", "").upper()
    assert "POST" in methods, allowed.headers
    headers = allowed.headers.get("access-control-allow-headers", "").lower()
    assert "authorization" in headers and "content-type" in headers, allowed.headers
    simple = api.request("GET", "/api/items/", headers={"Origin": ALLOWED_ORIGIN})
    assert simple.headers.get("access-control-allow-origin") == ALLOWED_ORIGIN
    for other in ("https://evil.example.com", "https://app.example.com.evil.test", "null"):
        refused = preflight(api, "/api/items/", other)
        assert not any(h.startswith("access-control-allow") for h in refused.headers), (
            other,
            refused.headers,
        )
    # CORS is for the API only.
    outside = preflight(api, "/healthz", ALLOWED_ORIGIN)
    assert "access-control-allow-origin" not in outside.headers, outside.headers


# --- the documents -----------------------------------------------------------------------


def test_the_openapi_document_is_openapi_3_with_bearer_security(api: ApiServer) -> None:
    response = api.request("GET", "/api/openapi.json")
    assert response.status == 200, response.body[:300]
    assert "json" in response.headers["content-type"], response.headers
    document = response.json()
    assert isinstance(document, dict) and str(document["openapi"]).startswith("3."), document
    paths = document["paths"]
    assert "/api/items/" in paths and "/api/auth/token/" in paths, sorted(paths)
    assert any(re.fullmatch(r"/api/items/\{[^}]+\}/", path) for path in paths), sorted(paths)
    schemes = document["components"]["securitySchemes"].values()
    assert any(s.get("type") == "http" and s.get("scheme", "").lower() == "bearer" for s in schemes)


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_the_docs_page_renders_the_items_operations_without_the_internet(
    servers: Servers, framework: Framework
) -> None:
    api = servers(framework, "sqlite")
    # Through Nginx: the assets come from our own stack (its static files), not a CDN.
    page = load_page(f"{api.proxy.url}/api/docs/")
    assert page.requests and page.requests[0] == f"{api.proxy.url}/api/docs/", page.requests
    outside = [url for url in page.requests if not url.startswith(f"{api.proxy.url}/")]
    assert not outside, f"the docs page asked the network for {outside}"
    assert f"{api.proxy.url}/api/openapi.json" in page.requests, page.requests
    # Swagger UI and Redoc both render each operation's path as text (Swagger UI puts a
    # zero-width space before each slash so that long paths wrap).
    dom = page.dom.replace("\u200b", "").replace("<wbr>", "")
    assert "/api/items/" in dom, dom[:3000]
    assert re.search(r"/api/items/\{[^}]+\}/", dom), dom[:3000]
    for verb in ("GET", "POST", "DELETE"):
        assert re.search(rf">\s*{verb}\s*<", dom, re.I), verb

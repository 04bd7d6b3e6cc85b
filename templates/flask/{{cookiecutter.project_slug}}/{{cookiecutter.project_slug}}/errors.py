{%- import "shape.jinja" as s with context -%}
"""Every error answers RFC 9457 problem details (``application/problem+json``).

``{"type": "about:blank", "title", "status", "detail"}``, and for invalid input
``"errors": {"field": ["message", ...]}``.
{%- if s.pages %} The pages' own errors are pages (``page_error``).{% endif %}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json{% if s.pages %}, render_template{% endif %}
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"
# webargs files validation errors under the part of the request they come from.
LOCATIONS = frozenset({"json", "query", "querystring", "view_args", "path", "headers", "form"})


def problem_body(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    """Return the problem details of an error."""
    title = HTTP_STATUS_CODES.get(status, "Error")
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}


def problem(
    status: int, detail: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> Response:
    """Return a problem details response."""
    response = Response(
        json.dumps(problem_body(status, detail, **extra)), status, mimetype=PROBLEM_JSON
    )
    response.headers.update(headers or {})
    return response


def field_errors(messages: Any) -> dict[str, list[str]]:
    """Flatten webargs' ``{"json": {"name": ["..."]}}`` into ``{"name": ["..."]}``."""
    if not isinstance(messages, Mapping):
        return {"_schema": [str(messages)]}
    errors: dict[str, list[str]] = {}
    for key, value in messages.items():
        if key in LOCATIONS and isinstance(value, Mapping):
            errors.update(field_errors(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            errors[str(key)] = value
        else:
            # Nested schemas and list items: keep the first level, as text.
            errors[str(key)] = [json.dumps(value)]
    return errors


def first_line(error: BaseException) -> str:
    """The gist of an error (a driver's, preferably), for a one-line log entry."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def handle_http_exception(error: HTTPException) -> Response:
    """Turn a werkzeug HTTP error into problem details, keeping its headers (e.g. Allow)."""
    response = error.get_response()
    status = error.code or 500
    extra: dict[str, Any] = {}
    data = getattr(error, "data", None) or {}  # set by webargs / flask-smorest's abort
    if "messages" in data:
        extra["errors"] = field_errors(data["messages"])
        detail = "The request is invalid; see errors."
    else:
        detail = data.get("message") or error.description or error.name
    if status == 429:
        detail = f"Too many requests (at most {error.description}); retry after Retry-After."
    if isinstance(error, InternalServerError):
        detail = InternalServerError.description  # never the exception's own text
    response.data = json.dumps(problem_body(status, detail, **extra))
    response.content_type = PROBLEM_JSON
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


{% if s.pages -%}
def page_error(error: HTTPException) -> Response:
    """An error in a page's view, as a page; registered by the page blueprints."""
    response = error.get_response()  # keeps headers such as Retry-After and Allow
    status = error.code or 500
    detail = InternalServerError.description if status >= 500 else error.description
    title = HTTP_STATUS_CODES.get(status, "Error")
    response.set_data(render_template("error.html", status=status, title=title, detail=detail))
    response.content_type = "text/html; charset=utf-8"
    return response


{% endif -%}
def register_error_handlers(app: Flask) -> None:
    """Install the problem details handler (after flask-smorest's, which it replaces).

    Unhandled exceptions become an ``InternalServerError`` and so get problem details too.
    """
    app.register_error_handler(HTTPException, handle_http_exception)

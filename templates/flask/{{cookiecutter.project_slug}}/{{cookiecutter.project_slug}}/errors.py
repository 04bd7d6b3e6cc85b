"""Every HTTP error answers JSON: ``{"error": {"status": ..., "message": ...}}``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException


class ValidationError(Exception):
    """Invalid fields in a request body; answered with 422 and a message per field."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(fields)
        self.fields = fields


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """Return the JSON body of an error response."""
    return {"error": {"status": status, "message": message, **extra}}


def first_line(error: BaseException) -> str:
    """The gist of an error (a driver's, preferably), for a one-line log entry."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def handle_http_exception(error: HTTPException) -> Response:
    """Turn a werkzeug HTTP error into JSON, keeping its status and headers (e.g. Allow)."""
    response = error.get_response()
    status = error.code or 500
    response.data = json.dumps(error_body(status, error.description or error.name))
    response.content_type = "application/json"
    return response


def handle_validation_error(error: ValidationError) -> tuple[dict[str, Any], int]:
    """Answer 422 with the problem of each invalid field."""
    return error_body(422, "Invalid fields in the request body.", fields=error.fields), 422


def register_error_handlers(app: Flask) -> None:
    """Install the JSON error handlers.

    Unhandled exceptions become an ``InternalServerError`` and so get JSON too.
    """
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ValidationError, handle_validation_error)

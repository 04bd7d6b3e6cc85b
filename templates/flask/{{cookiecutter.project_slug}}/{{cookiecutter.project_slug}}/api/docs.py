"""Swagger UI's files for /api/docs/, from the swagger-ui-bundle package: no CDN.

flask-smorest serves the page itself (OPENAPI_SWAGGER_UI_PATH); the page is
``templates/swagger_ui.html``, which has no inline script, so a strict CSP holds.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("api_docs_files", __name__)
FILES = frozenset(
    {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "favicon-32x32.png",
        "favicon-16x16.png",
    }
)


@bp.get("/api/docs/<filename>")
def swagger_ui_file(filename: str) -> Response:
    """One of Swagger UI's files."""
    if filename not in FILES:
        abort(404)
    return send_from_directory(swagger_ui_path, filename, max_age=24 * 60 * 60)

"""flask-smorest's Blueprint, parsing requests the API's way.

Invalid input answers 400 (not webargs' 422), a body that is not JSON 415, and JSON
nested too deeply for Python's parser 400.
"""

from __future__ import annotations

from typing import Any

import flask_smorest
import marshmallow as ma
from flask import Request, abort
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request


class Parser(FlaskParser):
    """webargs' Flask parser with the API's status codes."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_json(self, req: Request, schema: ma.Schema) -> Any:
        """The JSON body; 415 when the request says it is something else, 400 when empty."""
        if not is_json_request(req):
            abort(415, description="The body must be JSON (Content-Type: application/json).")
        data = super().load_json(req, schema)
        if data is missing:
            abort(400, description="The request needs a JSON body.")
        return data

    def _raw_load_json(self, req: Request) -> Any:
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            abort(400, description="The JSON body is nested too deeply.")


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest Blueprint using ``Parser``."""

    ARGUMENTS_PARSER = Parser()

"""The JSON API blueprint, mounted at /api."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import items, openapi  # noqa: E402, F401  (routes register themselves on bp)

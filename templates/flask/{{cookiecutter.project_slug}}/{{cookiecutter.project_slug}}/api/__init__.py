"""The JSON API blueprint, mounted at /api."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import items, openapi{% if cookiecutter.celery %}, tasks{% endif %}  # noqa: E402, F401  (routes register themselves on bp)

"""The JSON API under /api/: one flask-smorest blueprint per area.

flask-smorest builds /api/openapi.json and the Swagger UI at /api/docs/ from the
schemas the views declare (``api/schemas.py``).
"""

from __future__ import annotations

from flask import Flask

from ..extensions import api
from .schemas import string_pattern


def register_api(app: Flask) -> None:
    """Register the API's blueprints (after ``api.init_app``)."""
    from . import auth, docs, items{% if cookiecutter.celery %}, tasks{% endif %}

    api.ma_plugin.converter.add_attribute_function(string_pattern)
    api.register_blueprint(auth.bp)
    api.register_blueprint(items.bp)
{%- if cookiecutter.celery %}
    api.register_blueprint(tasks.bp)
{%- endif %}
    app.register_blueprint(docs.bp)

{%- import "shape.jinja" as s with context -%}
"""Extension instances, bound to the application in ``create_app``."""

from __future__ import annotations

import http
from typing import Any

{% if cookiecutter.celery -%}
from celery import Celery, Task
{% endif -%}
from flask import Flask
{%- if cookiecutter.redis %}
from flask_caching import Cache
{%- endif %}
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
{%- if s.login_pages %}
from flask_login import LoginManager
{%- endif %}
from flask_migrate import Migrate
{%- if cookiecutter.redis %}
from flask_session import Session
{%- endif %}
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .errors import PROBLEM_JSON

# Deterministic constraint names, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProblemApi(Api):
    """flask-smorest's Api, documenting errors as problem details (errors.py answers them)."""

    def _register_responses(self) -> None:
        # flask-smorest documents its own error body as application/json; ours differ.
        from .api.schemas import ProblemSchema

        content = {PROBLEM_JSON: {"schema": ProblemSchema}}
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["content"] = content
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response(
            "DEFAULT_ERROR", {"description": "Problem details", "content": content}, lazy=True
        )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = ProblemApi()
jwt = JWTManager()
# Per client address; ProxyFix (create_app) makes that the client's, not Nginx's.
limiter = Limiter(key_func=get_remote_address)
cors = CORS()
{%- if s.login_pages %}
login_manager = LoginManager()
# Pages that need a signed-in user send anonymous visitors to the sign-in page.
login_manager.login_view = "accounts.login"
login_manager.login_message = "Please sign in to see that page."
{%- endif %}
{%- if cookiecutter.redis %}
cache = Cache()
server_session = Session()
{%- endif %}
{%- if cookiecutter.celery %}


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app of ``app``, configured from ``app.config["CELERY"]``.

    Every task runs inside the Flask application context, so tasks use ``db`` and
    ``current_app`` as views do. ``app.extensions["celery"]`` holds it; tasks are
    declared with ``@shared_task`` and so need no import of it.
    """

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
{%- endif %}


def init_extensions(app: Flask) -> None:
    """Bind every extension to ``app``."""
    from .api.schemas import marshmallow_plugin

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    api.init_app(app, spec_kwargs={"marshmallow_plugin": marshmallow_plugin()})
    jwt.init_app(app)
    limiter.init_app(app)
{%- if s.login_pages %}
    login_manager.init_app(app)
{%- endif %}
    # CORS for the API only, for the origins listed in CORS_ALLOWED_ORIGINS (none by default).
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ALLOWED_ORIGINS"]}},
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Location", "Retry-After"],
        max_age=600,
    )
{%- if cookiecutter.redis %}
    cache.init_app(app)
    server_session.init_app(app)
{%- endif %}
{%- if cookiecutter.celery %}
    celery_init_app(app)
{%- endif %}

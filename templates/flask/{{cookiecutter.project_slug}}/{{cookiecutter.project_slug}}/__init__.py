{%- import "shape.jinja" as s with context -%}
"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import load_config
from .observability import configure_logging, init_observability


def create_app(env: str | None = None, overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the application.

    ``env`` names the mode (``production``, ``development`` or ``testing``); it defaults
    to the ``APP_ENV`` environment variable, then to ``production``. ``overrides``
    replaces settings after they are read from the environment (tests).
    Raises ``config.ConfigError`` when a required setting is missing or unsafe.
    """
    app = Flask(__name__)
    app.config.from_mapping(load_config(env or os.environ.get("APP_ENV"), app.instance_path))
    app.config.from_mapping(overrides or {})
    # Before app.logger is first used, so that Flask adds no handler of its own.
    configure_logging(app.config["LOG_LEVEL"], env or os.environ.get("APP_ENV"))

    if app.config["PROXY_COUNT"]:
        # Trust X-Forwarded-* from this many proxies (Nginx): client address and scheme.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    init_observability(app, env or os.environ.get("APP_ENV"))
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    from . import auth  # noqa: F401  (its token loaders register themselves)
    from .extensions import init_extensions
    from .security import init_security

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    init_security(app)
    init_extensions(app)


def _register_blueprints(app: Flask) -> None:
{%- if s.login_pages %}
    from .accounts import bp as accounts_bp
{%- endif %}
{%- if cookiecutter.admin %}
    from .admin import init_admin
{%- endif %}
    from .api import register_api
    from .cli import create_user, wait_db
    from .errors import register_error_handlers
    from .health import bp as health_bp
{%- if s.item_pages %}
    from .pages import bp as pages_bp
{%- endif %}

    app.register_blueprint(health_bp)
    register_api(app)
{%- if s.item_pages %}
    app.register_blueprint(pages_bp)
{%- endif %}
{%- if s.login_pages %}
    app.register_blueprint(accounts_bp)
{%- endif %}
{%- if cookiecutter.admin %}
    init_admin(app)
{%- endif %}
    # After flask-smorest's own handler, which this replaces.
    register_error_handlers(app)
    app.cli.add_command(wait_db)
    app.cli.add_command(create_user)
{%- if cookiecutter.app_type == "static" %}

    from .static_site import bp as pages_bp
    from .static_site import freeze

    app.register_blueprint(pages_bp)
    app.cli.add_command(freeze)
{%- endif %}

"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import load_config


def create_app(env: str | None = None, overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the application.

    ``env`` names the configuration (``production``, ``development`` or ``testing``);
    it defaults to the ``APP_ENV`` environment variable, then to ``production``.
    ``overrides`` replaces settings after they are read from the environment (tests).
    Raises ``config.ConfigError`` when a required setting is missing or unsafe.
    """
    app = Flask(__name__)
    app.config.from_mapping(load_config(env or os.environ.get("APP_ENV"), app.instance_path))
    if overrides:
        app.config.from_mapping(overrides)

    if app.config["PROXY_COUNT"]:
        # Trust X-Forwarded-* from this many proxies (Nginx) for url_for and remote_addr.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    from .extensions import {% if cookiecutter.redis %}cache, {% endif %}{% if cookiecutter.celery %}celery_init_app, {% endif %}db, migrate{% if cookiecutter.redis %}, server_session{% endif %}

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
{%- if cookiecutter.redis %}
    cache.init_app(app)
    server_session.init_app(app)
{%- endif %}
{%- if cookiecutter.celery %}
    celery_init_app(app)
{%- endif %}


def _register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .cli import wait_db
    from .errors import register_error_handlers
    from .health import bp as health_bp

    register_error_handlers(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(api_bp, url_prefix="/api")
    app.cli.add_command(wait_db)

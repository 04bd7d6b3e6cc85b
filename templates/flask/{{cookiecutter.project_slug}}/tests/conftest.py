"""Fixtures: an app on the testing settings with fresh tables for every test.

The tests use in-memory SQLite; set TEST_DATABASE_URL to run them on another database
(for example PostgreSQL: postgresql+psycopg://user:password@127.0.0.1:5432/test_db).
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.extensions import db


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app("testing")
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()

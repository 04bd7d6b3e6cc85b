"""Fixtures: an app on the testing settings with fresh tables for every test.

The tests use in-memory SQLite; set TEST_DATABASE_URL to run them on another database
(for example PostgreSQL: postgresql+psycopg://user:password@127.0.0.1:5432/test_db).
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.auth import hash_password
from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import User

USERNAME = "alice"
PASSWORD = "correct horse battery staple"


def make_app(**overrides: object) -> Iterator[Flask]:
    app = create_app("testing", overrides)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app() -> Iterator[Flask]:
    yield from make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def user(app: Flask) -> User:
    user = User(username=USERNAME, password_hash=hash_password(PASSWORD))
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def auth(client: FlaskClient, user: User) -> dict[str, str]:
    """The Authorization header of a signed-in user."""
    response = client.post("/api/auth/token/", json={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}

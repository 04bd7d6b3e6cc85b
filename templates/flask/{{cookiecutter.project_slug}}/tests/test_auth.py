"""Reads are public; writes need a bearer token from POST /api/auth/token/."""

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from {{ cookiecutter.project_slug }}.auth import HASHER, authenticate
from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import User

from .conftest import PASSWORD, USERNAME


def test_reads_are_public(client: FlaskClient) -> None:
    assert client.get("/api/items/").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/items/"),
        ("put", "/api/items/1/"),
        ("patch", "/api/items/1/"),
        ("delete", "/api/items/1/"),
    ],
)
@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic YWxpY2U6c2VjcmV0", "Bearer "])
def test_writes_without_a_valid_token_are_401(
    client: FlaskClient, method: str, path: str, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = getattr(client, method)(path, json={"name": "x"}, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_token_allows_writes(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.post("/api/items/", json={"name": "x"}, headers=auth).status_code == 201


def test_wrong_password_is_401(client: FlaskClient, user: User) -> None:
    response = client.post("/api/auth/token/", json={"username": USERNAME, "password": "wrong"})
    assert response.status_code == 401
    assert "token" not in response.get_json()
    response = client.post("/api/auth/token/", json={"username": "nobody", "password": "x"})
    assert response.status_code == 401


def test_token_request_is_validated(client: FlaskClient) -> None:
    response = client.post("/api/auth/token/", json={"username": USERNAME})
    assert response.status_code == 400
    assert "password" in response.get_json()["errors"]


def test_the_password_is_stored_as_an_argon2_hash(app: Flask, user: User) -> None:
    assert user.password_hash.startswith("$argon2id$")
    assert HASHER.verify(HASHER.hash(PASSWORD), PASSWORD)
    assert PASSWORD not in user.password_hash
    assert authenticate(USERNAME, PASSWORD) == user


def test_a_token_of_a_deleted_user_is_refused(app: Flask, client: FlaskClient, user: User) -> None:
    token = create_access_token(identity=str(user.id))
    db.session.delete(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/items/", json={"name": "x"}, headers=headers)
    assert response.status_code == 401


def test_an_inactive_user_gets_no_token(client: FlaskClient, user: User) -> None:
    user.is_active = False
    db.session.commit()
    response = client.post("/api/auth/token/", json={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 401


def create_user(app: Flask, username: str, stdin: str = "", **env: str) -> Result:
    return app.test_cli_runner().invoke(args=["create-user", username], input=stdin, env=env)


def test_create_user_reads_the_password_from_the_environment_or_stdin(app: Flask) -> None:
    made = create_user(app, "bob", USER_PASSWORD="s3cret-enough")
    assert made.exit_code == 0, made.output
    piped = create_user(app, "carol", stdin="from-standard-input\n")
    assert piped.exit_code == 0, piped.output
    assert authenticate("bob", "s3cret-enough") is not None
    assert authenticate("carol", "from-standard-input") is not None


def test_create_user_refuses_a_taken_name_or_a_short_password(app: Flask, user: User) -> None:
    again = create_user(app, USERNAME, USER_PASSWORD="another-password")
    assert again.exit_code == 1
    assert again.output.strip() == f"Error: A user named {USERNAME!r} exists already."
    short = create_user(app, "dave", USER_PASSWORD="short")
    assert short.exit_code == 1
    assert "too short" in short.output


def test_create_user_before_migrating_says_so(app: Flask) -> None:
    db.drop_all()
    result = create_user(app, "bob", USER_PASSWORD="s3cret-enough")
    assert result.exit_code == 1
    assert "flask db upgrade" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)

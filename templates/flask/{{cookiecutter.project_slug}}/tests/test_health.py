from unittest import mock

from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from {{ cookiecutter.project_slug }}.extensions import db


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_when_database_answers(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_when_database_is_unreachable(client: FlaskClient) -> None:
    failure = OperationalError("SELECT 1", {}, Exception("connection refused"))
    with mock.patch.object(db.session, "execute", side_effect=failure):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["status"] == 503


def test_healthz_does_not_touch_the_database(client: FlaskClient) -> None:
    with mock.patch.object(db.session, "execute", side_effect=AssertionError("no DB")):
        assert client.get("/healthz").status_code == 200


def test_static_file(client: FlaskClient) -> None:
    response = client.get("/static/robots.txt")
    assert response.status_code == 200
    assert b"User-agent" in response.data
    response.close()

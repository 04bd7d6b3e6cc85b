import pytest
from django.db import OperationalError


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] is True


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("{{ cookiecutter.project_slug }}.health.connection.cursor", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_probes_answer_any_host_and_plain_http(client, settings):
    """Docker's HEALTHCHECK and load balancers call by IP address, over HTTP."""
    settings.ALLOWED_HOSTS = ["www.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


def test_other_pages_still_validate_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["www.example.com"]
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400

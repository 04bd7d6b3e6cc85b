"""The admin at /admin/: signed-in admin users only."""

import re

import pytest
from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import Item, User

from .conftest import PASSWORD, USERNAME

PAGES = ("/admin/", "/admin/items/", "/admin/users/", "/admin/users/edit/?id=1")


def sign_in(client: FlaskClient) -> None:
    response = client.post("/login/", data={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, user: User, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("path", PAGES)
def test_users_who_are_not_admins_get_403(client: FlaskClient, user: User, path: str) -> None:
    sign_in(client)
    assert client.get(path).status_code == 403


def test_an_admin_sees_the_models_but_no_password_hash(client: FlaskClient, user: User) -> None:
    user.is_admin = True
    db.session.add(Item(name="Widget"))
    db.session.commit()
    sign_in(client)
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    assert b"Widget" in client.get("/admin/items/").data
    users = client.get("/admin/users/").data + client.get("/admin/users/edit/?id=1").data
    assert USERNAME.encode() in users
    assert b"argon2" not in users and b"password hash" not in users.lower().replace(b"_", b" ")


def test_admin_forms_need_their_csrf_token(client: FlaskClient, user: User) -> None:
    user.is_admin = True
    db.session.add(User(username="bob", password_hash="not used"))
    db.session.commit()
    sign_in(client)
    form = client.get("/admin/users/edit/?id=2").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token, form
    fields = {"username": "bob", "is_active": "y", "is_admin": "y"}
    client.post("/admin/users/edit/?id=2", data=fields)  # no token: refused
    bob = db.session.get(User, 2)
    assert not bob.is_admin
    saved = client.post("/admin/users/edit/?id=2", data={**fields, "csrf_token": token[1]})
    assert saved.status_code == 302
    db.session.refresh(bob)
    assert bob.is_admin

"""The item pages: list, detail, create, edit, delete, with validation and CSRF.

Anyone may read; changing items needs a signed-in user{% if not cookiecutter.auth %}, whose account an operator made
(there is no sign-up without auth){% endif %}.
"""

import pytest
{%- if not cookiecutter.auth %}
from flask import Flask
{%- endif %}
from flask.testing import FlaskClient
from sqlalchemy import func, select

from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import Item, User

from .conftest import PASSWORD, USERNAME, make_app


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Item)) or 0


@pytest.fixture
def signed_in(client: FlaskClient, user: User) -> FlaskClient:
    response = client.post("/login/", data={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_changing_items_needs_a_signed_in_user(client: FlaskClient) -> None:
    db.session.add(Item(name="Kept"))
    db.session.commit()
    for path in ("/items/new/", "/items/1/edit/", "/items/1/delete/"):
        for response in (client.get(path), client.post(path, data={"name": "x"})):
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login/?next="), path
    assert count() == 1
    assert db.session.get(Item, 1).name == "Kept"
    assert client.get("/").status_code == 200 and client.get("/items/1/").status_code == 200
{%- if not cookiecutter.auth %}


def test_a_user_made_with_create_user_may_change_items(app: Flask, client: FlaskClient) -> None:
    """Without auth there is no sign-up: the operator's ``flask create-user`` makes accounts."""
    made = app.test_cli_runner().invoke(
        args=["create-user", "olivia"], env={"USER_PASSWORD": "an operator's secret"}
    )
    assert made.exit_code == 0, made.output
    signed_in = client.post(
        "/login/?next=/items/new/", data={"username": "olivia", "password": "an operator's secret"}
    )
    assert signed_in.headers["Location"] == "/items/new/"
    assert client.post("/items/new/", data={"name": "Widget"}).status_code == 302
    assert count() == 1
    client.post("/logout/")
    assert client.post("/items/1/delete/").status_code == 302
    assert count() == 1
{%- endif %}


def test_the_list_shows_items_and_paginates(client: FlaskClient) -> None:
    empty = client.get("/")
    assert empty.status_code == 200
    assert b"No items yet." in empty.data
    db.session.add_all(Item(name=f"Item {n}") for n in range(25))
    db.session.commit()
    first = client.get("/")
    assert b"Item 0" in first.data and b"Item 19" in first.data
    assert b"Item 20" not in first.data
    assert b"Page 1 of 2" in first.data
    assert b"Item 24" in client.get("/?page=2").data
    assert client.get("/?page=3").status_code == 404


def test_create_show_edit_and_delete(signed_in: FlaskClient) -> None:
    client = signed_in
    assert client.get("/items/new/").status_code == 200
    created = client.post("/items/new/", data={"name": "Widget", "description": "Blue"})
    assert created.status_code == 302
    location = created.headers["Location"]
    detail = client.get(location)
    assert detail.status_code == 200
    assert b"Widget" in detail.data and b"Blue" in detail.data
    assert b"Created Widget." in detail.data  # the flashed message
    item_id = db.session.scalar(select(Item.id))
    edit = client.get(f"/items/{item_id}/edit/")
    assert b'value="Widget"' in edit.data
    saved = client.post(f"/items/{item_id}/edit/", data={"name": "Gadget", "description": ""})
    assert saved.status_code == 302
    db.session.expire_all()
    item = db.session.get(Item, item_id)
    assert item.name == "Gadget" and item.description is None
    assert client.get(f"/items/{item_id}/delete/").status_code == 200
    deleted = client.post(f"/items/{item_id}/delete/")
    assert deleted.status_code == 302
    assert count() == 0
    assert client.get(f"/items/{item_id}/").status_code == 404


def test_an_invalid_form_is_shown_again_with_its_messages(signed_in: FlaskClient) -> None:
    response = signed_in.post("/items/new/", data={"name": "", "description": "x"})
    assert response.status_code == 400
    assert b"This field is required." in response.data
    too_long = signed_in.post("/items/new/", data={"name": "x" * 101})
    assert too_long.status_code == 400
    assert b"Field cannot be longer than 100 characters." in too_long.data
    assert count() == 0


def test_a_missing_item_is_a_404_page(client: FlaskClient) -> None:
    response = client.get("/items/999/")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"Item 999 does not exist." in response.data
    assert client.get(f"/items/{2**40}/").status_code == 404


def test_forms_need_their_csrf_token() -> None:
    for app in make_app(WTF_CSRF_ENABLED=True):
        client = app.test_client()
        db.session.add(Item(name="Kept"))
        user = User(username=USERNAME, password_hash="not used")
        db.session.add(user)
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)  # signed in, as Flask-Login records it
        response = client.post("/items/new/", data={"name": "Forged"})
        assert response.status_code == 400
        assert b"The CSRF token is missing." in response.data
        assert client.post("/items/1/delete/").status_code == 400
        assert count() == 1
        assert db.session.get(Item, 1).name == "Kept"

{%- import "shape.jinja" as s with context -%}
"""Browser accounts: sign in, sign out{% if s.signup %}, sign up{% endif %}, and pages that need a signed-in user."""

from flask.testing import FlaskClient
{%- if s.signup %}
from sqlalchemy import select
{%- endif %}
from werkzeug.test import TestResponse

from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import User

from .conftest import PASSWORD, USERNAME, make_app

# A page only a signed-in user sees.
PROTECTED = "/account/"


def sign_in(client: FlaskClient, password: str = PASSWORD) -> TestResponse:
    return client.post("/login/", data={"username": USERNAME, "password": password})


def test_a_protected_page_redirects_anonymous_users_to_sign_in(client: FlaskClient) -> None:
    response = client.get(PROTECTED)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/?next=")


def test_sign_in_then_the_protected_page_then_sign_out(client: FlaskClient, user: User) -> None:
    page = client.get("/login/")
    assert page.status_code == 200
    assert b'name="password"' in page.data
    signed_in = client.post(
        f"/login/?next={PROTECTED}", data={"username": USERNAME, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"] == PROTECTED
    account = client.get(PROTECTED)
    assert account.status_code == 200
    assert USERNAME.encode() in account.data
    signed_out = client.post("/logout/")
    assert signed_out.status_code == 302
    assert client.get(PROTECTED).status_code == 302


{% if cookiecutter.redis -%}
def test_signing_in_renews_the_session_id(client: FlaskClient, user: User) -> None:
    """A session id known before signing in (planted by someone else) is useless after."""
    with client.session_transaction() as session:
        session["visited"] = True
    name = client.application.config["SESSION_COOKIE_NAME"]
    before = client.get_cookie(name)
    assert before is not None
    sign_in(client)
    after = client.get_cookie(name)
    assert after is not None and after.value != before.value
    assert client.get(PROTECTED).status_code == 200


{% endif -%}
def test_a_wrong_password_is_refused_with_a_message(client: FlaskClient, user: User) -> None:
    response = sign_in(client, "wrong password")
    assert response.status_code == 400
    assert b"The username or password is wrong." in response.data
    assert client.get(PROTECTED).status_code == 302


def test_an_inactive_user_cannot_sign_in(client: FlaskClient, user: User) -> None:
    user.is_active = False
    db.session.commit()
    assert sign_in(client).status_code == 400


def test_next_never_leaves_the_site(client: FlaskClient, user: User) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        credentials = {"username": USERNAME, "password": PASSWORD}
        response = client.post("/login/", query_string={"next": target}, data=credentials)
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"]
        client.post("/logout/")


def test_sign_in_is_throttled() -> None:
    for app in make_app(THROTTLE_AUTH_RATE="2/minute"):
        client = app.test_client()
        statuses = [sign_in(client, "wrong password").status_code for _ in range(3)]
        assert statuses == [400, 400, 429]


def test_sign_in_and_out_need_the_csrf_token() -> None:
    for app in make_app(WTF_CSRF_ENABLED=True):
        client = app.test_client()
        response = sign_in(client)
        assert response.status_code == 400
        assert b"The CSRF token is missing." in response.data
        assert client.get(PROTECTED).status_code == 302
        signed_out = client.post("/logout/")
        assert signed_out.status_code == 400
        assert b"CSRF" in signed_out.data and signed_out.mimetype == "text/html"
{%- if not s.signup %}


def test_there_is_no_sign_up(client: FlaskClient) -> None:
    """Accounts are made by an operator (``flask create-user``), not by visitors."""
    assert client.get("/signup/").status_code == 404
    assert b"/signup/" not in client.get("/login/").data
{%- endif %}
{%- if s.signup %}


def test_sign_up_makes_an_account_and_signs_it_in(client: FlaskClient) -> None:
    page = client.get("/signup/")
    assert page.status_code == 200
    response = client.post(
        "/signup/", data={"username": "bob", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(PROTECTED).status_code == 200
    user = db.session.scalar(select(User).where(User.username == "bob"))
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
{%- if cookiecutter.admin %}
    assert not user.is_admin
{%- endif %}


def test_sign_up_shows_what_is_wrong(client: FlaskClient, user: User) -> None:
    response = client.post(
        "/signup/", data={"username": USERNAME, "password": "short", "confirm": "other"}
    )
    assert response.status_code == 400
    assert b"That username is taken." in response.data
    assert b"Use 8 to 1024 characters." in response.data
    assert b"The passwords differ." in response.data
    bell = client.post(
        "/signup/", data={"username": "b\aob", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert b"Use printable characters only." in bell.data
    assert client.get(PROTECTED).status_code == 302
{%- endif %}

{%- import "shape.jinja" as s with context -%}
"""Browser sessions (Flask-Login): sign in, sign out{% if s.signup %}, sign up{% endif %} and the account page.

Passwords are checked as the API checks them (``auth.authenticate``, Argon2).
{%- if not s.signup %} Accounts
are made with ``flask create-user``: there is no sign-up page.{% endif %}
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
{%- if cookiecutter.redis %}
    session,
{%- endif %}
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
{%- if s.signup %}
from sqlalchemy.exc import IntegrityError
{%- endif %}
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .auth import authenticate{% if s.signup %}, hash_password{% endif %}
from .errors import page_error
from .extensions import db, limiter, login_manager
from .forms import ConfirmForm, LoginForm{% if s.signup %}, SignupForm{% endif %}
from .models import User

bp = Blueprint("accounts", __name__)
bp.register_error_handler(HTTPException, page_error)
# Where a signed-in user lands.
HOME = "{% if s.item_pages %}pages.list_items{% else %}accounts.account{% endif %}"


def _auth_rate() -> str:
    return str(current_app.config["THROTTLE_AUTH_RATE"])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user of a session; an inactive or deleted one is signed out."""
    user = db.session.get(User, int(user_id)) if user_id.isascii() and user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def sign_in(user: User) -> None:
    """Start the user's session.{% if cookiecutter.redis %} A new server-side session id: one planted
    before signing in (session fixation) is worthless after.{% endif %}"""
    login_user(user)
{%- if cookiecutter.redis %}
    # After login_user: Flask-Session renews the id of a session that holds something.
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
{%- endif %}


def safe_next(target: str | None) -> str:
    """``?next=`` when it is a path on this site, else the home page (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for(HOME)


@bp.route("/login/", methods=["GET", "POST"])
@limiter.limit(_auth_rate, methods=["POST"])
def login() -> Response | tuple[str, int]:
    """The sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for(HOME))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data or "", form.password.data or "")
        if user is not None:
            sign_in(user)
            flash(f"Signed in as {user.username}.", "success")
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append("The username or password is wrong.")
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout/")
def logout() -> Response:
    """Sign out: a POST with the CSRF token, so another site cannot sign you out."""
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The sign-out form is missing its CSRF token.")
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("accounts.login"))
{%- if s.signup %}


@bp.route("/signup/", methods=["GET", "POST"])
@limiter.limit(_auth_rate, methods=["POST"])
def signup() -> Response | tuple[str, int]:
    """The sign-up form; a new account is signed in at once."""
    if current_user.is_authenticated:
        return redirect(url_for(HOME))
    form = SignupForm()
    if form.validate_on_submit():
        user = User(username=form.username.data, password_hash=hash_password(form.password.data))
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            # Taken between the form's check and the insert.
            db.session.rollback()
            form.username.errors = ["That username is taken."]
        else:
            sign_in(user)
            flash(f"Welcome, {user.username}.", "success")
            return redirect(url_for(HOME))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form), status
{%- endif %}


@bp.get("/account/")
@login_required
def account() -> str:
    """The signed-in user's page."""
    return render_template("accounts/account.html")


@bp.app_context_processor
def sign_out_form() -> dict[str, ConfirmForm]:
    """The sign-out button's form (its CSRF token), for the layout of every page."""
    return {"sign_out_form": ConfirmForm(formdata=None)}

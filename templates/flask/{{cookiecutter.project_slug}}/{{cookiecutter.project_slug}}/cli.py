{%- import "shape.jinja" as s with context -%}
"""Extra ``flask`` commands."""

from __future__ import annotations

import os
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from .auth import MIN_PASSWORD_LENGTH, hash_password
from .errors import first_line
from .extensions import db
from .models import USERNAME_MAX_LENGTH, User


@click.command("wait-db")
@click.option("--attempts", default=30, show_default=True, help="Tries before giving up.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between tries.")
@with_appcontext
def wait_db(attempts: int, delay: float) -> None:
    """Wait until the database accepts connections (used by entrypoint.sh)."""
    for attempt in range(1, attempts + 1):
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            reason = first_line(error)
            click.echo(f"Database not ready ({attempt}/{attempts}): {reason}", err=True)
            if attempt < attempts:
                time.sleep(delay)
        else:
            click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")
            return
    current_app.logger.error("Database still unreachable after %d attempts", attempts)
    raise click.ClickException(f"The database is unreachable after {attempts} attempts.")


def read_password() -> str:
    """USER_PASSWORD, else standard input: a prompt on a terminal, one line otherwise."""
    password = os.environ.get("USER_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"The password is too short ({len(password)} characters, at least "
            f"{MIN_PASSWORD_LENGTH} needed); give it in USER_PASSWORD or on standard input."
        )
    return password


@click.command("create-user")
@click.argument("username")
{%- if cookiecutter.admin %}
@click.option("--admin", is_flag=True, help="May use the admin interface at /admin/.")
{%- endif %}
@with_appcontext
def create_user(username: str{% if cookiecutter.admin %}, admin: bool{% endif %}) -> None:
    """Create a user who may write through the API{% if s.login_pages %} and sign in{% endif %}.

    The password comes from the USER_PASSWORD environment variable, else standard input.

    Example: USER_PASSWORD='a long secret' flask create-user alice
    """
    if not 1 <= len(username) <= USERNAME_MAX_LENGTH or not username.isprintable():
        raise click.BadParameter(
            f"must be 1 to {USERNAME_MAX_LENGTH} printable characters", param_hint="USERNAME"
        )
    try:
        exists = db.session.scalar(select(User).where(User.username == username)) is not None
    except SQLAlchemyError as error:
        raise click.ClickException(
            f"Cannot read the users table ({first_line(error)}); run `flask db upgrade` first."
        ) from None
    if exists:
        raise click.ClickException(f"A user named {username!r} exists already.")
{%- if cookiecutter.admin %}
    password_hash = hash_password(read_password())
    db.session.add(User(username=username, password_hash=password_hash, is_admin=admin))
{%- else %}
    db.session.add(User(username=username, password_hash=hash_password(read_password())))
{%- endif %}
    db.session.commit()
    click.echo(f"Created user {username!r}; get a token with POST /api/auth/token/.")

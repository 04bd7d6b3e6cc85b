"""Extra ``flask`` commands."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .errors import first_line
from .extensions import db


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

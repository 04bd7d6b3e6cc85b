{%- import "shape.jinja" as s with context -%}
"""Database models. After changing one, run ``flask db migrate -m "..."`` and commit the result.

A new column is served by the API once its field is added to the schema in
``api/schemas.py``: validated, serialised and documented from there.
"""

from __future__ import annotations

from datetime import UTC, datetime

{% if s.login_pages -%}
from flask_login import UserMixin
{% endif -%}
from sqlalchemy import DateTime, String, Text, {% if cookiecutter.admin %}false, {% endif %}func, true
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

NAME_MAX_LENGTH = 100
USERNAME_MAX_LENGTH = 150


def utcnow() -> datetime:
    """Now, in UTC with microseconds: the same on every database (SQLite's clock has none)."""
    return datetime.now(UTC)


class TimestampMixin:
    """When a row was created and last changed."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now(), onupdate=utcnow
    )


class Item(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """The sample resource served at /api/items/."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)


class User({% if s.login_pages %}UserMixin, {% endif %}TimestampMixin, db.Model):  # type: ignore[name-defined]
    """Someone who may write through the API (``flask create-user``){% if s.login_pages %} and sign in{% endif %}."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    # An Argon2 hash (auth.py), never the password.
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
{%- if cookiecutter.admin %}
    # May use the admin interface (``flask create-user --admin``).
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
{%- endif %}

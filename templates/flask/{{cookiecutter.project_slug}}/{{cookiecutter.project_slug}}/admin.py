{%- import "shape.jinja" as s with context -%}
"""Flask-Admin at /admin/, for signed-in users with ``is_admin`` only.

Anonymous visitors are sent to the sign-in page, other users get 403. Password hashes
are neither shown nor editable; accounts are made with ``flask create-user``{% if s.signup %} or sign-up{% endif %}.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, redirect, request, url_for
from flask_admin import Admin, AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import SecureForm
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from werkzeug.wrappers import Response

from .extensions import db
from .models import Item, User


class AdminOnly:
    """Every admin view: visible to signed-in admins, never to anyone else."""

    def is_accessible(self) -> bool:
        return bool(current_user.is_authenticated and current_user.is_admin)

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path))
        abort(403, description="The admin is for admin users only.")


class IndexView(AdminOnly, AdminIndexView):
    """The admin's home page."""


class SecureModelView(AdminOnly, ModelView):
    """A model's list and forms; SecureForm adds a CSRF token to each form."""

    form_base_class = SecureForm
    page_size = 50


class ItemView(SecureModelView):
    column_list = ("id", "name", "created_at", "updated_at")
    column_searchable_list = ("name",)
    form_columns = ("name", "description")


class UserView(SecureModelView):
    # New users need a password hash: `flask create-user` makes them.
    can_create = False
    column_list = ("id", "username", "is_active", "is_admin", "created_at")
    column_searchable_list = ("username",)
    form_columns = ("username", "is_active", "is_admin")


def init_admin(app: Flask) -> Admin:
    """Attach the admin to ``app``; one per app, as Flask-Admin's views hold their app."""
    admin = Admin(
        app,
        name=app.config["API_TITLE"],
        index_view=IndexView(),
        theme=Bootstrap4Theme(),
    )
    admin.add_view(ItemView(Item, db, name="Items", endpoint="admin_items", url="items"))
    admin.add_view(UserView(User, db, name="Users", endpoint="admin_users", url="users"))
    return admin

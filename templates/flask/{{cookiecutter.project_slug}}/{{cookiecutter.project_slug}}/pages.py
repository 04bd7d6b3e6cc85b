"""Server-rendered pages for the sample model: list, detail, create, edit, delete.

Every form carries a CSRF token (Flask-WTF); an invalid one is shown again with its
messages and status 400. Anyone may read items; creating, editing and deleting need a
signed-in user (``accounts.py``), as the API's writes need a token.
{%- if not cookiecutter.auth %} There is no sign-up
(``auth=false``): an operator makes accounts with ``flask create-user``.
{%- endif %}
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .errors import page_error
from .extensions import db, limiter
from .forms import ConfirmForm, ItemForm
from .models import Item

bp = Blueprint("pages", __name__)
bp.register_error_handler(HTTPException, page_error)
# Larger ids cannot exist (the column is a 32-bit integer): 404 before the database.
ITEM = "/items/<int(max=2147483647):item_id>/"


def _write_rate() -> str:
    return str(current_app.config["THROTTLE_WRITE_RATE"])


# Page writes share the API's per-client write throttle.
throttled = limiter.shared_limit(_write_rate, scope="writes", methods=["POST"])


def _page(template: str, form: ItemForm | ConfirmForm, **context: object) -> tuple[str, int]:
    """Render a form page: 400 when a submitted form was invalid, so it is no success."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


@bp.get("/")
def list_items() -> str:
    """Every item, a page at a time (``?page=N``)."""
    items = db.paginate(
        db.select(Item).order_by(Item.id), per_page=current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template("items/list.html", items=items)


@bp.get(ITEM)
def item_detail(item_id: int) -> str:
    """One item."""
    item = db.get_or_404(Item, item_id, description=f"Item {item_id} does not exist.")
    return render_template("items/detail.html", item=item)


@bp.route("/items/new/", methods=["GET", "POST"])
@login_required
@throttled
def create_item() -> Response | tuple[str, int]:
    """The form for a new item; on success, its page."""
    form = ItemForm()
    if form.validate_on_submit():
        item = Item(name=form.name.data, description=form.description.data or None)
        db.session.add(item)
        db.session.commit()
        flash(f"Created {item.name}.", "success")
        return redirect(url_for(".item_detail", item_id=item.id))
    return _page("items/form.html", form, item=None)


@bp.route(ITEM + "edit/", methods=["GET", "POST"])
@login_required
@throttled
def edit_item(item_id: int) -> Response | tuple[str, int]:
    """The form of an existing item; on success, its page."""
    item = db.get_or_404(Item, item_id, description=f"Item {item_id} does not exist.")
    form = ItemForm(obj=item)
    if form.validate_on_submit():
        item.name = form.name.data or ""
        item.description = form.description.data or None
        db.session.commit()
        flash(f"Saved {item.name}.", "success")
        return redirect(url_for(".item_detail", item_id=item.id))
    return _page("items/form.html", form, item=item)


@bp.route(ITEM + "delete/", methods=["GET", "POST"])
@login_required
@throttled
def delete_item(item_id: int) -> Response | tuple[str, int]:
    """Ask first (GET); delete on the confirmed POST."""
    item = db.get_or_404(Item, item_id, description=f"Item {item_id} does not exist.")
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.delete(item)
        db.session.commit()
        flash(f"Deleted {item.name}.", "success")
        return redirect(url_for(".list_items"))
    return _page("items/delete.html", form, item=item)

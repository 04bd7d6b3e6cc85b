"""The sample resource: create, list, read, update and delete items."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..models import Item
from . import bp
from .validation import item_fields, json_object, positive_int_arg

# Larger ids cannot exist (the column is a 32-bit integer) and some drivers reject them.
MAX_ID = 2**31 - 1


def get_item_or_404(item_id: int) -> Item:
    """Return the item or answer 404."""
    item = db.session.get(Item, item_id) if item_id <= MAX_ID else None
    if item is None:
        abort(404, description=f"Item {item_id} does not exist.")
    return item


@bp.get("/items")
def list_items() -> dict[str, Any]:
    """List items, oldest first, a page at a time (``?page=1&per_page=20``)."""
    config = current_app.config
    page = positive_int_arg("page", 1, MAX_ID)
    per_page = positive_int_arg("per_page", config["ITEMS_PER_PAGE"], config["MAX_ITEMS_PER_PAGE"])
    total = db.session.scalar(select(func.count()).select_from(Item)) or 0
    items = db.session.scalars(
        select(Item).order_by(Item.id).limit(per_page).offset((page - 1) * per_page)
    )
    return {
        "items": [item.to_dict() for item in items],
        "page": page,
        "per_page": per_page,
        "total": total,
    }


@bp.post("/items")
def create_item() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Create an item; answer 201 with it and its Location."""
    item = Item(**item_fields(json_object(), partial=False))
    db.session.add(item)
    db.session.commit()
    return item.to_dict(), 201, {"Location": url_for(".get_item", item_id=item.id)}


@bp.get("/items/<int:item_id>")
def get_item(item_id: int) -> dict[str, Any]:
    """Return one item."""
    return get_item_or_404(item_id).to_dict()


@bp.route("/items/<int:item_id>", methods=["PUT", "PATCH"])
def update_item(item_id: int) -> dict[str, Any]:
    """Replace (PUT) or partly update (PATCH) an item."""
    item = get_item_or_404(item_id)
    for name, value in item_fields(json_object(), partial=request.method == "PATCH").items():
        setattr(item, name, value)
    db.session.commit()
    return item.to_dict()


@bp.delete("/items/<int:item_id>")
def delete_item(item_id: int) -> tuple[str, int]:
    """Delete an item; answer 204."""
    db.session.delete(get_item_or_404(item_id))
    db.session.commit()
    return "", 204

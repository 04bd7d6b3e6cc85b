"""The sample resource: create, list, read, update and delete items."""

from __future__ import annotations

from typing import Any

from flask import abort, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..models import Item
from .auth import write_access
from .blueprint import Blueprint
from .schemas import ItemPageSchema, ItemSchema, PageArgsSchema

bp = Blueprint("items", __name__, url_prefix="/api/items", description="The sample resource.")

# Larger ids cannot exist (the column is a 32-bit integer) and some drivers reject them.
MAX_ID = 2**31 - 1


def get_item_or_404(item_id: int) -> Item:
    """Return the item or answer 404."""
    item = db.session.get(Item, item_id) if item_id <= MAX_ID else None
    if item is None:
        abort(404, description=f"Item {item_id} does not exist.")
    return item


def page_url(number: int | None, page_size: int) -> str | None:
    """The absolute URL of a page of the list, or None when there is no such page."""
    if number is None:
        return None
    return url_for(".list_items", page=number, page_size=page_size, _external=True)


@bp.route("/", methods=["GET"])
@bp.arguments(PageArgsSchema, location="query", as_kwargs=True, error_status_code=404)
@bp.response(200, ItemPageSchema)
@bp.alt_response(404, response="NOT_FOUND")
def list_items(page: int, page_size: int) -> dict[str, Any]:
    """List items by id, a page at a time; a page past the end is 404."""
    count = db.session.scalar(select(func.count()).select_from(Item)) or 0
    last = max(1, -(-count // page_size))
    if page > last:
        abort(404, description=f"Page {page} does not exist (the last page is {last}).")
    items = db.session.scalars(
        select(Item).order_by(Item.id).limit(page_size).offset((page - 1) * page_size)
    )
    return {
        "count": count,
        "next": page_url(page + 1 if page < last else None, page_size),
        "previous": page_url(page - 1 if page > 1 else None, page_size),
        "results": list(items),
    }


@bp.route("/", methods=["POST"])
@write_access(bp)
@bp.arguments(ItemSchema)
@bp.response(201, ItemSchema, headers={"Location": {"schema": {"type": "string"}}})
def create_item(fields: dict[str, Any]) -> tuple[Item, dict[str, str]]:
    """Create an item; answer 201 with it and its Location."""
    item = Item(**fields)
    db.session.add(item)
    db.session.commit()
    return item, {"Location": url_for(".get_item", item_id=item.id)}


@bp.route("/<int:item_id>/", methods=["GET"])
@bp.response(200, ItemSchema)
@bp.alt_response(404, response="NOT_FOUND")
def get_item(item_id: int) -> Item:
    """Return one item."""
    return get_item_or_404(item_id)


@bp.route("/<int:item_id>/", methods=["PUT"])
@write_access(bp)
@bp.arguments(ItemSchema)
@bp.response(200, ItemSchema)
@bp.alt_response(404, response="NOT_FOUND")
def replace_item(fields: dict[str, Any], item_id: int) -> Item:
    """Replace an item: fields left out get their defaults."""
    return _update(get_item_or_404(item_id), fields)


@bp.route("/<int:item_id>/", methods=["PATCH"])
@write_access(bp)
@bp.arguments(ItemSchema(partial=True))
@bp.response(200, ItemSchema)
@bp.alt_response(404, response="NOT_FOUND")
def update_item(fields: dict[str, Any], item_id: int) -> Item:
    """Change some fields of an item."""
    return _update(get_item_or_404(item_id), fields)


def _update(item: Item, fields: dict[str, Any]) -> Item:
    for name, value in fields.items():
        setattr(item, name, value)
    db.session.commit()
    return item


@bp.route("/<int:item_id>/", methods=["DELETE"])
@write_access(bp)
@bp.response(204)
@bp.alt_response(404, response="NOT_FOUND")
def delete_item(item_id: int) -> None:
    """Delete an item; answer 204."""
    db.session.delete(get_item_or_404(item_id))
    db.session.commit()

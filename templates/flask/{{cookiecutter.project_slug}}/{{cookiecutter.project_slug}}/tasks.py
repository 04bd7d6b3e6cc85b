"""Background tasks, run by the Celery worker (``celery -A make_celery worker``).

Each task runs inside the Flask application context (``extensions.celery_init_app``), so
it uses the database as a view does. Pass ids, not objects: the worker loads the row
itself, as it is when the task runs.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .extensions import db
from .models import Item


@shared_task(ignore_result=False)
def summarize_item(item_id: int) -> dict[str, Any]:
    """Count the words and characters of an item's description.

    A stand-in for slow work about one item (a report, a thumbnail, a notification).
    Fails, and the task's state says so, when the item no longer exists.
    """
    item = db.session.get(Item, item_id)
    if item is None:
        raise LookupError(f"Item {item_id} does not exist.")
    text = item.description or ""
    return {
        "item_id": item.id,
        "name": item.name,
        "words": len(text.split()),
        "characters": len(text),
    }

"""Background tasks of the items app (the Celery app finds them by autodiscovery).

Pass ids, not model instances: the worker loads the row itself, as it is when the
task runs.
"""

from celery import shared_task

from .models import Item


@shared_task(ignore_result=False)
def summarize_item(item_id: int) -> dict:
    """Count the words and characters of an item's description.

    A stand-in for slow work about one item (a report, a thumbnail, a notification).
    Fails, and the task's state says so, when the item no longer exists.
    """
    item = Item.objects.get(pk=item_id)
    return {
        "item_id": item.pk,
        "name": item.name,
        "words": len(item.description.split()),
        "characters": len(item.description),
    }

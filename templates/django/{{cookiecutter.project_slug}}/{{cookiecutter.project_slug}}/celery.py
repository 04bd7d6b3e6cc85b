"""The Celery app: `celery -A {{ cookiecutter.project_slug }} worker --loglevel=INFO` from the project directory.

Like Gunicorn, the worker runs in production unless APP_ENV says otherwise.

Its settings are Django's CELERY_* settings (settings.py reads them from the
environment); its tasks are the `tasks.py` modules of the installed apps.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

app = Celery("{{ cookiecutter.project_slug }}")
# The default in every thread too (Gunicorn's threads, ASGI's executor), not only in the
# one that imported this module: tasks called there must not fall back to an unset app.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""ASGI entry point (Gunicorn with Uvicorn workers): production unless APP_ENV says otherwise."""

import os
import sys

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

try:
    application = get_asgi_application()
except ImproperlyConfigured as exc:
    # One line, not a traceback from every worker: a setting is missing or wrong.
    sys.exit(str(exc))

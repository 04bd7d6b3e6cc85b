"""WSGI entry point for Gunicorn (gunicorn.conf.py): production unless APP_ENV says otherwise."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # One line, not a traceback from every worker: a setting is missing or wrong.
    sys.exit(str(exc))

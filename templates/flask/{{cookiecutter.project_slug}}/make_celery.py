"""Celery's entry point: ``celery -A make_celery worker --loglevel=INFO`` from this directory.

The Flask app is built exactly as Gunicorn builds it (``wsgi.py``: settings from the
environment, production unless ``APP_ENV`` says otherwise, one clear line when one is
missing), and its Celery app is handed to Celery.
"""

from flask.cli import get_load_dotenv, load_dotenv

# On a development machine, like the flask command: .env then .flaskenv, never
# overriding the real environment. Containers have neither file, and entrypoint.sh sets
# FLASK_SKIP_DOTENV, so there the worker reads the environment only, as Gunicorn does.
if get_load_dotenv():
    load_dotenv()

import wsgi  # after the environment is complete

celery_app = wsgi.app.extensions["celery"]

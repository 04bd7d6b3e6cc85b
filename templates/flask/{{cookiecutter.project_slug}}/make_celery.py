"""Celery's entry point: ``celery -A make_celery worker --loglevel=INFO`` from this directory.

The Flask app is built exactly as Gunicorn builds it (``wsgi.py``: settings from the
environment, one clear line when one is missing), and its Celery app is handed to Celery.
"""

from flask.cli import get_load_dotenv, load_dotenv

# Like the flask command: .flaskenv and .env in development (never overriding the real
# environment). entrypoint.sh sets FLASK_SKIP_DOTENV, and the image has neither file.
if get_load_dotenv():
    load_dotenv()

import wsgi  # after the environment is complete

celery_app = wsgi.app.extensions["celery"]

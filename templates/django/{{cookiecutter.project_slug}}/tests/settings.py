"""The test suite's settings: the project's one settings module, in testing mode."""

import os

# Always testing, whatever the shell or .env says (manage.py alone reads .env).
os.environ["APP_ENV"] = "testing"

from {{ cookiecutter.project_slug }}.settings import *  # noqa: F403

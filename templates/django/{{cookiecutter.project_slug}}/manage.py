#!/usr/bin/env python
"""Django's command-line utility: a development tool, so development unless told otherwise."""

import os
import sys
from pathlib import Path


def main() -> None:
    """Read .env, pick the mode, run the command; a settings problem is one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")
    import django
    import environ
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Before the mode is decided, so APP_ENV in .env counts; the real environment wins.
    environ.Env.read_env(Path(__file__).resolve().with_name(".env"))
    if not (os.environ.get("APP_ENV") or os.environ.get("DJANGO_ENV")):
        os.environ["APP_ENV"] = "development"
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.exit(str(exc))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

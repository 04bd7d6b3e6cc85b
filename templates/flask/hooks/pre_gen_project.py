"""Refuse answers that would render a broken project, before any file is written."""

import keyword
import re
import sys

SLUG = {{ cookiecutter.project_slug|tojson }}
WORKERS = {{ cookiecutter.workers|string|tojson }}
DATABASE = {{ cookiecutter.database|tojson }}
PYTHON_VERSION = {{ cookiecutter.python_version|string|tojson }}
REDIS = {{ "True" if cookiecutter.redis else "False" }}
CELERY = {{ "True" if cookiecutter.celery else "False" }}


def problems() -> list[str]:
    """Return one message per invalid answer."""
    found = []
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", SLUG) or keyword.iskeyword(SLUG):
        found.append(
            f"project_slug {SLUG!r} must be a lowercase Python identifier "
            "(letters, digits, underscores; not starting with a digit; not a keyword)"
        )
    if WORKERS != "auto" and not (WORKERS.isdigit() and int(WORKERS) > 0):
        found.append(f"workers {WORKERS!r} must be 'auto' or a positive whole number")
    if DATABASE not in ("sqlite", "postgres"):
        found.append(f"database {DATABASE!r} must be 'sqlite' or 'postgres'")
    if PYTHON_VERSION not in ("3.11", "3.12", "3.13"):
        found.append(f"python_version {PYTHON_VERSION!r} must be 3.11, 3.12 or 3.13")
    if CELERY and not REDIS:
        found.append("celery needs redis (Redis is its broker): set redis to true")
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    sys.exit(1 if errors else 0)

"""Refuse answers that would generate a broken project, before any file is written."""

import keyword
import re
import sys

SLUG = {{ cookiecutter.project_slug|tojson }}
WORKERS = str({{ cookiecutter.workers|tojson }}).strip()
REDIS = "{{ cookiecutter.redis }}" == "True"
CELERY = "{{ cookiecutter.celery|default(false) }}" == "True"
# Names the project package would shadow: the standard library and what it imports.
TAKEN = set(sys.stdlib_module_names) | {
    "django",
    "gunicorn",
    "rest_framework",
    "drf_spectacular",
    "psycopg",
    "redis",
    "uvicorn",
    "uvicorn_worker",
    "dj_database_url",
    "tests",
}
if CELERY:
    TAKEN |= {"celery", "kombu", "billiard", "vine"}


def problems() -> list[str]:
    """Every reason the answers cannot be generated, as lines for the user."""
    found = []
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", SLUG) or keyword.iskeyword(SLUG):
        found.append(
            f"project_slug {SLUG!r} is not a usable Python package name: use lowercase "
            "letters, digits and underscores, not starting with a digit"
        )
    elif SLUG in TAKEN:
        found.append(f"project_slug {SLUG!r} would shadow the {SLUG!r} module: choose another")
    if WORKERS != "auto" and not (WORKERS.isdigit() and int(WORKERS) > 0):
        found.append(f"workers must be 'auto' or a positive whole number, not {WORKERS!r}")
    if CELERY and not REDIS:
        found.append("celery needs redis (Redis is its broker): set redis to true")
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    sys.exit(1 if errors else 0)

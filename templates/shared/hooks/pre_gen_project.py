"""Refuse answers that would render a broken project, before any file is written.

One file for both templates (each links to it); scaffold checks the same answers earlier,
this is for plain `cookiecutter` use."""

import keyword
import os
import re
import sys
from pathlib import Path

SLUG = {{ cookiecutter.project_slug|tojson }}
WORKERS = {{ cookiecutter.workers|string|tojson }}
DATABASE = {{ cookiecutter.database|tojson }}
PYTHON_VERSION = {{ cookiecutter.python_version|string|tojson }}
REDIS = {{ "True" if cookiecutter.redis else "False" }}
CELERY = {{ "True" if cookiecutter.celery else "False" }}
APP_TYPE = {{ cookiecutter.app_type|tojson }}
API = {{ "True" if cookiecutter.api|default(true) else "False" }}
REPO_DIR = {{ cookiecutter.get("_repo_dir", "")|tojson }}
# One list for scaffold and both templates, beside the template folders.
NAMES_FILE = "reserved_names.txt"


def template_dir():
    """This template's folder. The hook runs from a temporary copy, but cookiecutter (and
    scaffold) run it from the template folder, given as `_repo_dir` or relative to it."""
    candidates = [Path(REPO_DIR)] if os.path.isabs(REPO_DIR) else []
    try:
        candidates.append(Path(f"/proc/{os.getppid()}/cwd").resolve())
    except OSError:
        pass
    candidates.append(Path(os.environ.get("PWD", ".")) / REPO_DIR)
    for candidate in candidates:
        if (candidate / "cookiecutter.json").is_file() and (candidate.parent / NAMES_FILE).is_file():
            return candidate
    return None


def reserved_names():
    folder = template_dir()
    if folder is None:
        return None
    lines = (folder.parent / NAMES_FILE).read_text(encoding="utf-8").splitlines()
    names = {name for line in lines if (name := line.partition("#")[0].strip())}
    return names | set(sys.stdlib_module_names)


def slug_problem():
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", SLUG, re.ASCII) or keyword.iskeyword(SLUG):
        return (
            f"project_slug {SLUG!r} is not a usable Python package name: use lowercase "
            "letters, digits and underscores, not starting with a digit, not a keyword"
        )
    taken = reserved_names()
    if taken is None:
        return f"cannot find {NAMES_FILE} beside this template; use the template from its checkout"
    if SLUG in taken:
        return (
            f"project_slug {SLUG!r} would shadow a module the project imports, or collide "
            "with one of its own files or a path its ignore files exclude: choose another"
        )
    return None


def workers_problem():
    if WORKERS == "auto" or (re.fullmatch(r"[1-9][0-9]?", WORKERS, re.ASCII) and int(WORKERS) <= 64):
        return None
    return f"workers must be 'auto' or a positive whole number up to 64, not {WORKERS!r}"


def problems() -> list[str]:
    """Return one message per invalid answer."""
    found = [problem for problem in (slug_problem(), workers_problem()) if problem]
    if DATABASE not in ("sqlite", "postgres"):
        found.append(f"database {DATABASE!r} must be 'sqlite' or 'postgres'")
    if PYTHON_VERSION not in ("3.11", "3.12", "3.13"):
        found.append(f"python_version {PYTHON_VERSION!r} must be 3.11, 3.12 or 3.13")
    if CELERY and not REDIS:
        found.append("celery needs redis (Redis is its broker): set redis to true")
    return found + app_type_problems()


def app_type_problems() -> list[str]:
    """The answers a kind of application cannot honour (scaffold's own check says the same)."""
    if APP_TYPE == "serverless" and DATABASE == "sqlite":
        return ["app_type serverless cannot use SQLite (a Lambda function's disk is temporary "
                "and not shared): set database to postgres"]
    if APP_TYPE in ("api", "microservice") and not API:
        return [f"app_type {APP_TYPE} is an API-only project: set api to true"]
    if APP_TYPE == "prototype" and (REDIS or CELERY):
        return ["app_type prototype is the smallest project, without Redis or Celery: "
                "set redis and celery to false"]
    return []


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    sys.exit(1 if errors else 0)

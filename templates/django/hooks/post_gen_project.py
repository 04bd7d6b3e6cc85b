"""Finish the generated project: drop the files its options do not use, write its .env.

Runs in the new project's directory. The .env holds fresh secrets, is git-ignored and
readable by its owner only; no tracked file ever contains a secret.
"""

import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

SLUG = {{ cookiecutter.project_slug|tojson }}
API = "{{ cookiecutter.api }}" == "True"
CELERY = "{{ cookiecutter.celery|default(false) }}" == "True"

API_FILES = [
    Path(SLUG, "api"),
    Path(SLUG, "items", "api.py"),
    Path(SLUG, "items", "serializers.py"),
    Path("tests", "test_api.py"),
    Path("tests", "test_api_auth.py"),
    Path("tests", "test_api_errors.py"),
    Path("tests", "test_api_schema.py"),
    Path("docs"),
]
CELERY_FILES = [
    Path(SLUG, "celery.py"),
    Path(SLUG, "items", "tasks.py"),
    Path("tests", "test_tasks.py"),
]
SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD")


def drop_unused_files() -> None:
    """Remove the files of options that were not chosen."""
    for path in (API_FILES if not API else []) + (CELERY_FILES if not CELERY else []):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def env_text(example: str) -> str:
    """.env.example with each empty secret filled with a fresh random value."""
    pattern = rf"(?m)^({'|'.join(SECRETS)})=$"
    return re.sub(pattern, lambda match: match[0] + secrets.token_urlsafe(50), example)


def write_env() -> None:
    """Write .env (mode 0600) unless one is already there."""
    target = Path(".env")
    if target.exists():
        return
    text = env_text(Path(".env.example").read_text(encoding="utf-8"))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def directory_removed(wait: float = 2.0) -> bool:
    """True when the project directory is being deleted under this hook: scaffold was
    stopped (a signal) and cleans up while the hook runs. A missing file that is a bug
    leaves the directory in place, and the error is raised as it is."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.getcwd()
        except FileNotFoundError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


if __name__ == "__main__":
    try:
        drop_unused_files()
        write_env()
    except FileNotFoundError:
        if not directory_removed():
            raise
        sys.exit("Stopped: the project directory was removed while it was being finished.")

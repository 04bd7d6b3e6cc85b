"""Finish the generated project: drop the files its options do not use, write its .env.

Runs in the new project's directory. The .env holds fresh secrets, is git-ignored and
readable by its owner only; no tracked file ever contains a secret. (The Flask template's
hook writes .env the same way.)
"""

import os
import secrets
import shutil
import sys
import time
from pathlib import Path

SLUG = {{ cookiecutter.project_slug|tojson }}
API = "{{ cookiecutter.api }}" == "True"
CELERY = "{{ cookiecutter.celery|default(false) }}" == "True"
STATIC_SITE = "{{ cookiecutter.app_type }}" == "static"

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
PAGES_FILES = [Path(SLUG, "pages"), Path("tests", "test_pages.py")]


def drop_unused_files() -> None:
    """Remove the files of options that were not chosen."""
    unused = (API_FILES if not API else []) + (CELERY_FILES if not CELERY else [])
    for path in unused + (PAGES_FILES if not STATIC_SITE else []):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


# .env is .env.example with the header below instead of the example's, and these values.
HEADER = """\
# This machine's settings, written by `scaffold new` with fresh secrets; .env.example
# documents every variable. Git-ignored: never commit this file.
"""
SETTINGS = {
    "APP_ENV": "development",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "POSTGRES_PASSWORD": secrets.token_urlsafe(50),
}


def render_env(example: str) -> str:
    """Return .env text: .env.example's body with development settings and fresh secrets."""
    body = example.split("\n\n", 1)[1] if "\n\n" in example else example
    lines = []
    for line in body.splitlines():
        key, sep, _ = line.partition("=")
        if sep and key in SETTINGS:
            line = f"{key}={SETTINGS[key]}"
        lines.append(line)
    return HEADER + "\n" + "\n".join(lines) + "\n"


def write_env() -> None:
    """Write .env (mode 0600) unless one is already there."""
    target = Path(".env")
    if target.exists():
        return
    text = render_env(Path(".env.example").read_text(encoding="utf-8"))
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

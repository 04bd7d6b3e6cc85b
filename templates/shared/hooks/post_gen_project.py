"""Finish the generated project: drop the files its options do not use, write its .env
and its uv.lock.

Runs in the new project's directory. The .env holds fresh secrets, is git-ignored and
readable by its owner only; no tracked file ever contains a secret. One file for both
templates (each links to it): only the list of unused files differs between them.
"""

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

{%- if cookiecutter._scaffold_template == "flask" %}

{#- As templates/shape.jinja, which hooks cannot import (no loader here): change both. #}
{%- set item_pages = cookiecutter.app_type in ("fullstack", "prototype") %}
{%- set signup = cookiecutter.auth and cookiecutter.app_type in ("fullstack", "prototype", "unsure") %}
{%- set login_pages = item_pages or signup or cookiecutter.admin %}
{%- set pages = item_pages or login_pages %}
{%- set slug = cookiecutter.project_slug %}
# Files that only the options not chosen need.
UNUSED = {
    # Server-rendered pages: the items (fullstack, prototype), the sign-in pages, the admin.
    "{{ slug }}/forms.py": {{ not pages }},
    "{{ slug }}/templates/base.html": {{ not pages }},
    "{{ slug }}/templates/_form.html": {{ not pages }},
    "{{ slug }}/templates/error.html": {{ not pages }},
    "{{ slug }}/static/css/site.css": {{ not pages and cookiecutter.app_type in ("api", "microservice") }},
    "{{ slug }}/pages.py": {{ not item_pages }},
    "{{ slug }}/templates/items/list.html": {{ not item_pages }},
    "{{ slug }}/templates/items/detail.html": {{ not item_pages }},
    "{{ slug }}/templates/items/form.html": {{ not item_pages }},
    "{{ slug }}/templates/items/delete.html": {{ not item_pages }},
    "tests/test_pages.py": {{ not item_pages }},
    "{{ slug }}/accounts.py": {{ not login_pages }},
    "{{ slug }}/templates/accounts/login.html": {{ not login_pages }},
    "{{ slug }}/templates/accounts/account.html": {{ not login_pages }},
    "{{ slug }}/templates/accounts/signup.html": {{ not signup }},
    "tests/test_accounts.py": {{ not login_pages }},
    "{{ slug }}/admin.py": {{ not cookiecutter.admin }},
    "migrations/versions/0003_add_users_is_admin.py": {{ not cookiecutter.admin }},
    "tests/test_admin.py": {{ not cookiecutter.admin }},
    "tests/test_sessions.py": {{ "False" if cookiecutter.redis else "True" }},
    "make_celery.py": {{ "False" if cookiecutter.celery else "True" }},
    "{{ cookiecutter.project_slug }}/tasks.py": {{ "False" if cookiecutter.celery else "True" }},
    "{{ cookiecutter.project_slug }}/api/tasks.py": {{ "False" if cookiecutter.celery else "True" }},
    "tests/test_tasks.py": {{ "False" if cookiecutter.celery else "True" }},
}


def unused_files() -> list[Path]:
    """The files of the options that were not chosen."""
    return [Path(name) for name, unused in UNUSED.items() if unused]
{%- else %}

SLUG = {{ cookiecutter.project_slug|tojson }}
API = "{{ cookiecutter.api }}" == "True"
CELERY = "{{ cookiecutter.celery|default(false) }}" == "True"
APP_TYPE = "{{ cookiecutter.app_type|default("unsure") }}"
AUTH = "{{ cookiecutter.auth|default(false) }}" == "True"
ADMIN = "{{ cookiecutter.admin|default(false) }}" == "True"
# As templates/shape.jinja (the sets are tuples there too, so more kinds can join).
PAGES = not (APP_TYPE in ("api", "microservice") and API)
FORMS = PAGES and APP_TYPE in ("fullstack", "prototype")
ACCOUNT_PAGES = AUTH and PAGES
LOGIN_PAGES = ACCOUNT_PAGES or FORMS
STATIC_SITE = APP_TYPE == "static"

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
# The static site (app_type static): its pages app and their tests.
STATIC_SITE_FILES = [Path(SLUG, "pages"), Path("tests", "test_pages.py")]


# The item pages and their templates, stylesheet and tests (API-only projects).
PAGE_FILES = [
    Path(SLUG, "items", "views.py"),
    Path(SLUG, "items", "urls.py"),
    Path(SLUG, "items", "templates"),
    Path(SLUG, "templates"),
    Path(SLUG, "static"),
    Path(SLUG, "context_processors.py"),
    Path("tests", "test_items.py"),
]
FORM_FILES = [
    Path(SLUG, "items", "forms.py"),
    Path(SLUG, "items", "templates", "items", "item_form.html"),
    Path(SLUG, "items", "templates", "items", "item_confirm_delete.html"),
]
# Sign-up, profile and password reset; the login page stays while the item forms need it.
ACCOUNT_PAGE_FILES = [
    Path(SLUG, "accounts", "forms.py"),
    Path(SLUG, "accounts", "views.py"),
    *(
        Path(SLUG, "templates", "registration", name)
        for name in (
            "signup.html",
            "profile.html",
            "password_reset_form.html",
            "password_reset_done.html",
            "password_reset_confirm.html",
            "password_reset_complete.html",
            "password_reset_email.html",
            "password_reset_subject.txt",
        )
    ),
]
LOGIN_FILES = [
    Path(SLUG, "accounts", "urls.py"),
    Path(SLUG, "templates", "registration"),
    Path("tests", "test_account_pages.py"),
]
ADMIN_FILES = [
    Path(SLUG, "accounts", "admin.py"),
    Path(SLUG, "items", "admin.py"),
    Path("tests", "test_admin.py"),
]


def unused_files() -> list[Path]:
    """The files of the options that were not chosen."""
    unused = (API_FILES if not API else []) + (CELERY_FILES if not CELERY else [])
    unused += ACCOUNT_PAGE_FILES if not ACCOUNT_PAGES else []
    unused += LOGIN_FILES if not LOGIN_PAGES else []
    unused += FORM_FILES if not FORMS else []
    unused += PAGE_FILES if not PAGES else []
    unused += STATIC_SITE_FILES if not STATIC_SITE else []
    return unused + (ADMIN_FILES if not ADMIN else [])
{%- endif %}


def drop_unused_files() -> None:
    """Remove the files of options that were not chosen, and the folders they leave empty
    (templates/items/ when there are no item pages)."""
    for path in unused_files():
        if not path.exists():
            continue  # inside a folder removed already
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        for parent in path.parents:
            if parent == Path(".") or any(parent.iterdir()):
                break
            parent.rmdir()


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


# `uv lock` pins every runtime and dev dependency in uv.lock, which the Dockerfile installs.
SKIP_LOCK = "SCAFFOLD_SKIP_LOCK"  # set (e.g. by scaffold's own tests) to render without it
LOCK_TIMEOUT = 60  # seconds: a cold cache takes about 2
NEXT_STEP = "run `make lock` (uv lock) before building the image"


def uv_command():
    """uv from the `uv` package beside this Python (scaffold installs it), else from PATH."""
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def write_lock() -> None:
    """Write uv.lock; offline or without uv, render anyway and say what to do, in one line."""
    if os.environ.get(SKIP_LOCK):
        return
    uv = uv_command()
    if uv is None:
        reason = "uv is not installed"
    else:
        try:
            done = subprocess.run(
                [uv, "lock", "--quiet"],
                capture_output=True,
                text=True,
                timeout=LOCK_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            reason = f"uv lock failed: {err}"
        else:
            if done.returncode == 0:
                return
            lines = [line.strip(" ×╰─▶:") for line in done.stderr.splitlines()]
            first = next((line for line in lines if line), "no output").removeprefix("error: ")
            reason = f"uv lock failed: {first[:160]}"
    print(f"uv.lock not written ({reason}); {NEXT_STEP}", file=sys.stderr)


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
        write_lock()
    except FileNotFoundError:
        if not directory_removed():
            raise
        sys.exit("Stopped: the project directory was removed while it was being finished.")

"""Drop the files the chosen options do not use; write the git-ignored .env.

.env holds development settings and fresh secrets, readable by its owner only; no
tracked file ever contains a secret. (The Django template's hook writes .env the same way.)
"""

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def main() -> None:
    """Remove unused files; create .env next to .env.example unless one exists already."""
    for name, unused in UNUSED.items():
        if unused:
            Path(name).unlink()
            # A folder left empty goes too (templates/items/ when there are no item pages).
            for parent in Path(name).parents:
                if parent == Path(".") or any(parent.iterdir()):
                    break
                parent.rmdir()
    target = Path(".env")
    if target.exists():
        return
    target.write_text(render_env(Path(".env.example").read_text(encoding="utf-8")), "utf-8")
    target.chmod(0o600)


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
        main()
        write_lock()
    except FileNotFoundError:
        if not directory_removed():
            raise
        sys.exit("Stopped: the project directory was removed while it was being finished.")

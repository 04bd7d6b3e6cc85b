"""The answers app_type, auth and admin shape the Django starter.

A covering set of shapes is rendered once for the module through scaffold's own answer
pipeline; fast tests check the files and which URLs answer (Django's test client, run in
the shape's own virtualenv), slow tests run each shape's own suite once, two at a time,
and look at the full-stack pages in headless Chromium behind Gunicorn and Nginx.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.project import complete
from generator.render import render_template
from tests.django_support import CHROMIUM, Session, read_png, screenshot
from tests.stack import (
    Venv,
    free_port,
    nginx,
    process,
    project_requirements,
    run,
    stop,
    uv_venv,
    wait_http,
)

SLUG = "shop_floor"
# (app_type, auth, admin, api) varied so that each answer is seen on and off.
SHAPES: dict[str, dict[str, object]] = {
    "api": {"app_type": "api"},
    "api-auth-admin": {"app_type": "api", "auth": True, "admin": True},
    "microservice": {"app_type": "microservice"},
    "fullstack": {"app_type": "fullstack", "auth": True, "admin": True},
    "fullstack-open-api": {"app_type": "fullstack", "api": True},
    "prototype": {"app_type": "prototype"},
    "unsure-auth": {"auth": True},
}
# Each shape's own suite runs once; these cover every file the others have.
SUITES = ("api-auth-admin", "microservice", "fullstack", "prototype")

PAGE_FILES = (
    f"{SLUG}/items/views.py",
    f"{SLUG}/items/templates/items/item_list.html",
    f"{SLUG}/templates/base.html",
    f"{SLUG}/static/css/site.css",
    "tests/test_items.py",
)
FORM_FILES = (
    f"{SLUG}/items/forms.py",
    f"{SLUG}/items/templates/items/item_form.html",
    f"{SLUG}/items/templates/items/item_confirm_delete.html",
)
ACCOUNT_FILES = (
    f"{SLUG}/accounts/views.py",
    f"{SLUG}/templates/registration/signup.html",
    f"{SLUG}/templates/registration/password_reset_email.html",
)
LOGIN_FILES = (
    f"{SLUG}/accounts/urls.py",
    f"{SLUG}/templates/registration/login.html",
    "tests/test_account_pages.py",
)
ADMIN_FILES = (f"{SLUG}/accounts/admin.py", f"{SLUG}/items/admin.py", "tests/test_admin.py")


def expected(shape: str) -> dict[str, bool]:
    """What a user expects of a shape, from its answers alone."""
    answers = complete({"project_name": "Shop Floor", **SHAPES[shape]})
    api_only = answers["app_type"] in ("api", "microservice") and bool(answers["api"])
    forms = answers["app_type"] in ("fullstack", "prototype")
    return {
        "pages": not api_only,
        "forms": forms,
        "account_pages": bool(answers["auth"]) and not api_only,
        # The forms write, so they need a login even without auth (operator-made accounts).
        "login_pages": not api_only and (bool(answers["auth"]) or forms),
        "signup_api": bool(answers["auth"]) and api_only,
        "admin": bool(answers["admin"]),
        "api": bool(answers["api"]),
    }


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("django-shapes")
    return {
        shape: render_template(
            "django", complete({"project_name": "Shop Floor", **answers}), base / shape
        )
        for shape, answers in SHAPES.items()
    }


def venv_for(project: Path) -> Venv:
    return uv_venv(project_requirements(project))


def suite_env(venv: Venv) -> dict[str, str]:
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("APP_ENV", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)
    env.pop("ALLOWED_HOSTS", None)
    return env


# --- the rendered files ------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_files_follow_the_answers(projects, shape):
    root, want = projects[shape], expected(shape)
    groups = (
        (PAGE_FILES, want["pages"]),
        (FORM_FILES, want["forms"]),
        (ACCOUNT_FILES, want["account_pages"]),
        (LOGIN_FILES, want["login_pages"]),
        (ADMIN_FILES, want["admin"]),
    )
    for files, present in groups:
        for rel in files:
            assert (root / rel).exists() is present, rel
    settings = (root / SLUG / "settings.py").read_text()
    assert ('"django.contrib.admin"' in settings) is want["admin"]
    assert ("EMAIL_URL" in settings) is want["account_pages"]
    assert "Argon2PasswordHasher" in settings.split("PASSWORD_HASHERS", 1)[1].split("\n")[1]
    assert ("admin.site.urls" in (root / SLUG / "urls.py").read_text()) is want["admin"]
    # The custom user model stays whatever the answers (Django's advice).
    assert (root / SLUG / "accounts" / "models.py").is_file()
    assert 'AUTH_USER_MODEL = "accounts.User"' in settings
    if not want["pages"]:
        assert not list(root.rglob("*.html")), "an API-only project has no page templates"
    for path in root.rglob("*"):
        if path.is_file() and path.name != "__init__.py":
            assert path.read_text(encoding="utf-8").strip(), f"{path} is empty"


def test_the_readme_says_what_each_shape_is(projects):
    readme = {shape: (projects[shape] / "README.md").read_text() for shape in SHAPES}
    assert "## Several services on one network" in readme["microservice"]
    assert f"{SLUG}_default" in readme["microservice"]
    assert "http://shop-floor:8000/api/items/" in readme["microservice"]
    assert "## Several services" not in readme["api"]
    assert "## What to add later" in readme["prototype"]
    assert "## What to add later" not in readme["fullstack"]
    # auth=false: the API still protects writes with tokens of users an operator creates.
    assert "an operator creates" in readme["api"]
    assert "/api/auth/signup/" in readme["api-auth-admin"]
    assert "EMAIL_URL" in readme["fullstack"] and "EMAIL_URL" not in readme["prototype"]
    assert "operator" in readme["fullstack-open-api"].split("## Accounts", 1)[1]


@pytest.mark.parametrize("shape", SHAPES)
def test_ruff_is_clean(projects, shape):
    for cmd in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        result = subprocess.run(
            ["ruff", *cmd], cwd=projects[shape], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- which URLs answer -----------------------------------------------------------------------

PROBE = """
import json, sys
import django
from django.test.utils import setup_test_environment
django.setup()
setup_test_environment()
from django.db import connection
connection.creation.create_test_db(verbosity=0)
from django.test import Client
client = Client()
print(json.dumps({path: client.get(path).status_code for path in sys.argv[1:]}))
"""
PATHS = (
    "/",
    "/items/new/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/admin/login/",
    "/api/items/",
    "/api/auth/signup/",
    "/api/docs/",
)


def statuses(project: Path) -> dict[str, int]:
    """GET each path with Django's test client, in the project's own virtualenv."""
    venv = venv_for(project)
    env = {**suite_env(venv), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = run([str(venv.python), "-c", PROBE, *PATHS], cwd=project, env=env, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_the_urls_a_user_expects_answer(projects, shape):
    got, want = statuses(projects[shape]), expected(shape)
    assert got == {
        "/": 200 if want["pages"] else 302,
        "/items/new/": 302 if want["forms"] else 404,  # to the login page
        "/accounts/login/": 200 if want["login_pages"] else 404,
        "/accounts/signup/": 200 if want["account_pages"] else 404,
        "/accounts/password-reset/": 200 if want["account_pages"] else 404,
        "/admin/login/": 200 if want["admin"] else 404,
        "/api/items/": 200 if want["api"] else 404,
        # GET on the sign-up endpoint: there, but only for POST.
        "/api/auth/signup/": 405 if want["signup_api"] else 404,
        "/api/docs/": 200 if want["api"] else 404,
    }


# --- each shape's own suite ---------------------------------------------------------------


def own_suite(project: Path) -> subprocess.CompletedProcess[str]:
    venv = venv_for(project)
    return subprocess.run(
        [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"],
        cwd=project,
        env=suite_env(venv),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def suites(projects) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every suite in SUITES run once, two at a time (the machine's two cores)."""
    for shape in SUITES:
        venv_for(projects[shape])  # built one by one: shapes share environments
    with ThreadPoolExecutor(2) as pool:
        results = pool.map(lambda shape: own_suite(projects[shape]), SUITES)
        return dict(zip(SUITES, results, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("shape", SUITES)
def test_the_shapes_own_suite_passes(suites, shape):
    result = suites[shape]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", result.stdout), result.stdout
    assert "skipped" not in result.stdout


def test_every_shape_with_its_own_files_has_its_suite_run():
    """SUITES covers every group of files the shapes differ by."""
    covered = {key for shape in SUITES for key, on in expected(shape).items() if on}
    off = {key for shape in SUITES for key, on in expected(shape).items() if not on}
    keys = {"pages", "forms", "account_pages", "login_pages", "signup_api", "admin", "api"}
    assert covered == off == keys


# --- the full-stack pages in a real browser --------------------------------------------------

ACCENT = (0x0B, 0x6E, 0x4F)  # --accent in static/css/site.css: the header bar and buttons


def dump_dom(url: str, workdir: Path) -> str:
    """The page's DOM after load, as headless Chromium built it."""
    profile = workdir / f"chromium-{secrets.token_hex(4)}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    cmd += ["--disable-background-networking", "--disable-extensions", "--no-proxy-server"]
    cmd += [f"--user-data-dir={profile}", "--dump-dom", url]
    # Its own process group, stopped by PID whatever happens (renderers included).
    browser = subprocess.Popen(
        cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        out, _ = browser.communicate(timeout=90)
    finally:
        stop(browser)
    assert browser.returncode == 0, f"Chromium exited {browser.returncode}"
    return out.decode()


def form_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, page[:2000]
    return match[1]


@contextlib.contextmanager
def served(project: Path, workdir: Path) -> Iterator[str]:
    """The project in production mode: its entrypoint (migrate, Gunicorn), Nginx in front."""
    venv = venv_for(project)
    static, media = workdir / "static", workdir / "media"
    media.mkdir()
    env = venv.env(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        STATIC_ROOT=str(static),
        MEDIA_ROOT=str(media),
        HTTPS_ONLY="false",
        WEB_CONCURRENCY="2",
        PYTHONDONTWRITEBYTECODE="1",
    )
    build = {k: v for k, v in env.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    collect = [str(venv.python), "manage.py", "collectstatic", "--noinput"]
    run(collect, cwd=project, env=build | {"APP_ENV": "build"})
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    with process(["sh", "entrypoint.sh"], cwd=project, env=env, log=workdir / "web.log") as web:
        wait_http(f"http://127.0.0.1:{port}/healthz", web, timeout=90)
        site = (project / "nginx" / "default.conf").read_text()
        paths = {
            "/srv/static/": f"{static}/",
            "/srv/media/": f"{media}/",
            "/etc/nginx/conf.d/local/": f"{project / 'nginx' / 'local'}/",
        }
        with nginx(site, f"127.0.0.1:{port}", paths) as proxy:
            yield proxy.url


@pytest.mark.slow
def test_the_fullstack_pages_in_headless_chromium(projects, tmp_path):
    with served(projects["fullstack"], tmp_path) as url:
        browser = Session(url, headers={"Origin": url})
        # Sign up through the form (CSRF token and cookie as a browser sends them).
        page = browser.get("/accounts/signup/").text
        form = {"username": "reviewer", "email": "reviewer@example.com"}
        form |= {"password1": "a-long-passphrase", "password2": "a-long-passphrase"}
        form["csrfmiddlewaretoken"] = form_token(page)
        signed_up = browser.post("/accounts/signup/", form=form)
        assert signed_up.status == 302, signed_up.text[:2000]
        # An invalid item comes back with its message, a valid one is created.
        token = form_token(browser.get("/items/new/").text)
        invalid = browser.post("/items/new/", form={"csrfmiddlewaretoken": token, "name": ""})
        assert invalid.status == 200 and "This field is required." in invalid.text
        created = browser.post(
            "/items/new/",
            form={"csrfmiddlewaretoken": token, "name": "Seen in Chromium", "description": "x"},
        )
        assert created.status == 302, created.text[:2000]
        # Without the CSRF token the form is refused.
        assert browser.post("/items/new/", form={"name": "Forged"}).status == 403

        listing = dump_dom(f"{url}/", tmp_path)
        assert re.search(r"<title>Shop Floor</title>", listing)
        assert re.search(r"<h1>Items</h1>", listing)
        assert re.search(r'<a href="/items/\d+/">Seen in Chromium</a>', listing)
        assert "Forged" not in listing
        stylesheet = r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]{12}\.css">'
        assert re.search(stylesheet, listing), "the hashed stylesheet is linked"
        # Anonymous: the form sends the browser to the login page, whose fields are there.
        login = dump_dom(f"{url}/items/new/", tmp_path)
        assert "<h1>Log in</h1>" in login
        assert 'name="username"' in login and 'name="password"' in login
        assert 'name="csrfmiddlewaretoken"' in login

        # The stylesheet is applied: the header bar and the "New item" button are painted in
        # the accent colour (1024 px wide, about 50 px high); unstyled, none of it is.
        image = read_png(screenshot(f"{url}/", tmp_path / "items.png"))
        assert image.count(ACCENT) > 1024 * 40, "the stylesheet did not style the page"

"""app_type, auth and admin shape the Flask starter: which files, routes and tests it has.

A covering set of variants is rendered once for the module. Fast tests check the files
and lint; slow tests run each variant's own suite once, ask the generated app which
routes answer, and look at the full-stack pages in headless Chromium through Gunicorn.
"""

from __future__ import annotations

import json
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

from tests.api_support import load_page
from tests.django_support import read_png, screenshot
from tests.stack import REPO, http, project_requirements, run, uv_venv
from tests.test_flask_template import clean_env, gunicorn

TEMPLATE = REPO / "templates" / "flask"
SLUG = "shape"
PAGE_TYPES = ("fullstack", "prototype", "unsure")
SHAPES: dict[str, dict[str, object]] = {
    "api": {"app_type": "api"},
    "api-admin": {"app_type": "api", "auth": True, "admin": True},
    "microservice-auth": {"app_type": "microservice", "auth": True},
    "fullstack": {"app_type": "fullstack"},
    "prototype": {"app_type": "prototype"},
    "fullstack-auth-admin": {"app_type": "fullstack", "auth": True, "admin": True},
    "prototype-auth": {"app_type": "prototype", "auth": True},
    "unsure-auth-redis": {"app_type": "unsure", "auth": True, "redis": True},
}
# The header colour of static/css/site.css (--accent).
ACCENT = (0x1D, 0x4E, 0xD8)


def item_pages(shape: dict[str, object]) -> bool:
    return shape["app_type"] in ("fullstack", "prototype")


def signup(shape: dict[str, object]) -> bool:
    return bool(shape.get("auth")) and shape["app_type"] in PAGE_TYPES


def login_pages(shape: dict[str, object]) -> bool:
    """Sign-in pages: the item forms need them whatever auth says, as the admin does."""
    return item_pages(shape) or signup(shape) or bool(shape.get("admin"))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("flask-shapes")
    rendered = {}
    for name, context in SHAPES.items():
        out = base / name
        out.mkdir()
        extra = {"project_name": SLUG, **context}
        rendered[name] = Path(
            cookiecutter(str(TEMPLATE), no_input=True, extra_context=extra, output_dir=str(out))
        )
    return rendered


def dependencies(project: Path) -> set[str]:
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    return {re.split(r"[\[<>=]", dep)[0] for dep in meta["dependencies"]}


@pytest.mark.parametrize("name", SHAPES)
def test_files_and_dependencies_follow_the_answers(shapes: dict[str, Path], name: str) -> None:
    project, shape = shapes[name], SHAPES[name]
    pages = item_pages(shape) or login_pages(shape)
    expected = {
        f"{SLUG}/pages.py": item_pages(shape),
        f"{SLUG}/templates/items/list.html": item_pages(shape),
        "tests/test_pages.py": item_pages(shape),
        f"{SLUG}/accounts.py": login_pages(shape),
        f"{SLUG}/templates/accounts/login.html": login_pages(shape),
        f"{SLUG}/templates/accounts/signup.html": signup(shape),
        "tests/test_accounts.py": login_pages(shape),
        f"{SLUG}/admin.py": bool(shape.get("admin")),
        "tests/test_admin.py": bool(shape.get("admin")),
        "migrations/versions/0003_add_users_is_admin.py": bool(shape.get("admin")),
        f"{SLUG}/forms.py": pages,
        f"{SLUG}/templates/base.html": pages,
        f"{SLUG}/static/css/site.css": pages or shape["app_type"] not in ("api", "microservice"),
        # Every shape keeps the API and its docs page.
        f"{SLUG}/api/items.py": True,
        f"{SLUG}/templates/swagger_ui.html": True,
        "migrations/versions/0002_create_users_table.py": True,
    }
    present = {path: (project / path).is_file() for path in expected}
    assert present == expected
    if not pages:
        templates = {p.name for p in (project / SLUG / "templates").iterdir()}
        assert templates == {"swagger_ui.html"}  # API only: no page templates
    for path in project.rglob("*"):
        if path.is_dir():
            assert any(path.iterdir()), f"{path.relative_to(project)} is an empty folder"
    deps = dependencies(project)
    assert ("flask-wtf" in deps) == pages
    assert ("flask-login" in deps) == login_pages(shape)
    assert ("flask-admin" in deps) == bool(shape.get("admin"))
    assert "flask-smorest" in deps and "flask-jwt-extended" in deps


def test_no_template_syntax_is_left(shapes: dict[str, Path]) -> None:
    for project in shapes.values():
        for path in project.rglob("*"):
            skipped = (project / SLUG / "templates", project / ".github", project / ".ruff_cache")
            if not path.is_file() or any(folder in path.parents for folder in skipped):
                continue  # Flask's own Jinja templates; GitHub's ${{ }} expressions
            text = path.read_text(errors="replace")
            assert "{{" not in text and "{%" not in text, path.relative_to(project)
        for path in (project / SLUG / "templates").rglob("*.html"):
            assert "cookiecutter" not in path.read_text(), path.relative_to(project)


def test_every_shape_is_ruff_clean(shapes: dict[str, Path]) -> None:
    for project in shapes.values():
        run(["ruff", "check", "--no-cache", "."], project)
        run(["ruff", "format", "--check", "--no-cache", "."], project)


@pytest.mark.parametrize("name", SHAPES)
def test_readme_describes_the_shape(shapes: dict[str, Path], name: str) -> None:
    readme = (shapes[name] / "README.md").read_text()
    shape = SHAPES[name]
    assert ("## What to add later" in readme) == (shape["app_type"] == "prototype")
    assert ("## Several services on one compose network" in readme) == (
        shape["app_type"] == "microservice"
    )
    assert ("/admin/" in readme) == bool(shape.get("admin"))
    assert ("/signup/" in readme) == signup(shape)
    assert ("`/login/`" in readme) == login_pages(shape)
    assert "flask create-user" in readme
    if item_pages(shape):
        assert "creating, editing and deleting need a signed-in user" in readme


def files(project: Path) -> set[Path]:
    return {p.relative_to(project) for p in project.rglob("*") if p.is_file()}


def test_prototype_has_the_code_of_fullstack(shapes: dict[str, Path]) -> None:
    """Only the README differs, so the fullstack suite run below stands for both."""
    fullstack, prototype = shapes["fullstack"], shapes["prototype"]
    names = files(prototype)
    assert names == files(fullstack)
    differ = {f for f in names if (prototype / f).read_bytes() != (fullstack / f).read_bytes()}
    assert differ <= {Path("README.md"), Path(".env")}  # .env: fresh secrets in each


# The generated app, asked in its own virtualenv which routes answer (GET, anonymous).
PROBE = """
import json, sys
from shape import create_app
from shape.extensions import db
app = create_app("testing")
with app.app_context():
    db.create_all()
    client = app.test_client()
    print(json.dumps({path: client.get(path).status_code for path in sys.argv[1:]}))
"""
PROBED = ("/", "/items/new/", "/login/", "/signup/", "/account/", "/admin/", "/api/items/",
          "/api/docs/")  # fmt: skip


def expected_statuses(shape: dict[str, object]) -> dict[str, int]:
    return {
        "/": 200 if item_pages(shape) else 404,
        # Anonymous: to the sign-in page, with auth or without (no sign-up then).
        "/items/new/": 302 if item_pages(shape) else 404,
        "/login/": 200 if login_pages(shape) else 404,
        "/signup/": 200 if signup(shape) else 404,
        "/account/": 302 if login_pages(shape) else 404,
        "/admin/": 302 if shape.get("admin") else 404,
        "/api/items/": 200,
        "/api/docs/": 200,
    }


# api and microservice-auth have the default starter's code (their README differs), whose
# suite tests/test_flask_template.py runs already, and prototype has fullstack's code; the
# other shapes' suites run here.
SUITES = ("api-admin", "fullstack", "fullstack-auth-admin", "prototype-auth", "unsure-auth-redis")


@dataclass(frozen=True)
class Outcome:
    statuses: dict[str, int]
    suite: str | None  # pytest's output, or None when the shape's suite is not run here


def probe_and_test(project: Path, with_suite: bool) -> Outcome:
    venv = uv_venv(project_requirements(project))
    env = clean_env(venv, PYTHONDONTWRITEBYTECODE="1", FLASK_SKIP_DOTENV="1")
    probe = run([str(venv.python), "-c", PROBE, *PROBED], project, env)
    statuses = json.loads(probe.stdout.strip().splitlines()[-1])
    if not with_suite:
        return Outcome(statuses, None)
    pytest_cmd = [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    try:
        suite = run(pytest_cmd, project, env)
    except AssertionError as error:  # run() fails with the whole output: keep it for the test
        return Outcome(statuses, str(error))
    return Outcome(statuses, suite.stdout)


@pytest.fixture(scope="module")
def outcomes(shapes: dict[str, Path]) -> dict[str, Outcome]:
    """Every shape probed, and its suite run, two at a time (the CI machine has two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {n: pool.submit(probe_and_test, p, n in SUITES) for n, p in shapes.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", SHAPES)
def test_routes_answer_as_the_shape_says(outcomes: dict[str, Outcome], name: str) -> None:
    assert outcomes[name].statuses == expected_statuses(SHAPES[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", SUITES)
def test_the_projects_own_suite_passes(outcomes: dict[str, Outcome], name: str) -> None:
    output = outcomes[name].suite or ""
    assert re.search(r"\d+ passed", output) and " failed" not in output, output[-4000:]


@pytest.mark.slow
def test_fullstack_pages_in_headless_chromium(shapes: dict[str, Path], tmp_path: Path) -> None:
    """Gunicorn serves the pages; Chromium shows the heading, the item, the form and the
    stylesheet's colours (an unstyled or empty page has none of them)."""
    project = shapes["fullstack"]  # auth=false: the forms need a login all the same
    venv = uv_venv(project_requirements(project))
    database = f"sqlite:///{tmp_path / 'app.db'}"
    log = tmp_path / "gunicorn.log"
    with gunicorn(project, venv, log, via_entrypoint=True, DATABASE_URL=database) as server:
        created = http("POST", f"{server.url}/api/items/", {"name": "Blue widget"},
                       server.token_header())  # fmt: skip
        assert created.status == 201, created.body
        listing = load_page(f"{server.url}/")
        assert re.search(r"<h1>\s*Items\s*</h1>", listing.dom), listing.dom[:2000]
        assert "Blue widget" in listing.dom
        assert f"{server.url}/static/css/site.css" in listing.requests
        form = load_page(f"{server.url}/items/new/")  # anonymous: the sign-in form, no sign-up
        assert "<h1>Sign in</h1>" in form.dom
        for field in ('name="username"', 'name="password"', 'name="csrf_token"'):
            assert field in form.dom, field
        assert "/signup/" not in form.dom
        assert http("GET", f"{server.url}/static/css/site.css").status == 200
        image = read_png(screenshot(f"{server.url}/", tmp_path / "items.png"))
    # The header bar spans the window (1024 px wide, about 50 px high) in the accent
    # colour, and the "New item" button is filled with it: unstyled, there is none.
    assert image.count(ACCENT, tolerance=3) > 30_000

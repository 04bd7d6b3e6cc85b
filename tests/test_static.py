"""app_type=static: the pages built to files and served by real Nginx alone.

Per framework, one rendered project: its own suite and ruff, then its build command
(`flask freeze` / `manage.py freeze`, as Dockerfile.static runs it) and Nginx with the
generated nginx/static.conf in front of the folder, on 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.engine import recommend
from generator.project import complete
from generator.render import create_project
from tests.stack import Venv, http, nginx, project_requirements, run, uv_venv

pytestmark = pytest.mark.slow

FRAMEWORKS = ("flask", "django")
UNSET = ("APP_ENV", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS")


@pytest.fixture(scope="module", params=FRAMEWORKS)
def project(request, tmp_path_factory) -> Path:
    answers = complete({"project_name": "brochure", "app_type": "static"})
    out = tmp_path_factory.mktemp(request.param)
    return create_project(request.param, answers, recommend(answers), out)


@pytest.fixture(scope="module")
def venv(project) -> Venv:
    return uv_venv(project_requirements(project))


def env_of(venv: Venv) -> dict[str, str]:
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in UNSET:
        env.pop(name, None)
    return env


def test_the_project_passes_its_own_suite_and_ruff(project, venv):
    framework = yaml.safe_load((project / ".scaffold.yml").read_text())["template"]
    own_test = {"flask": "test_static_site.py", "django": "test_pages.py"}[framework]
    assert (project / "tests" / own_test).is_file()
    suite = run([str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project,
                env_of(venv))  # fmt: skip
    assert re.search(r"\d+ passed", suite.stdout) and "failed" not in suite.stdout
    run(["ruff", "check", "."], project)
    run(["ruff", "format", "--check", "."], project)


@pytest.fixture(scope="module")
def site(project, venv):
    """The build, made the way Dockerfile.static makes it, behind real Nginx."""
    env = {**env_of(venv), "APP_ENV": "development"}
    dockerfile = (project / "Dockerfile.static").read_text()
    command = re.search(r"RUN APP_ENV=development (.+)", dockerfile)[1].split()
    tool = venv.bin(command[0]) if command[0] != "python" else str(venv.python)
    run([tool, *command[1:]], project, env)
    build = project / "build"
    assert (build / "index.html").is_file()
    conf = (project / "nginx" / "static.conf").read_text()
    with nginx(conf, "127.0.0.1:9", {"/usr/share/nginx/html": str(build)}) as proxy:
        yield proxy


def test_nginx_serves_every_page_and_the_stylesheet(site):
    home = http("GET", f"{site.url}/")
    about = http("GET", f"{site.url}/about/")
    for page in (home, about):
        assert page.status == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert b'href="/about/"' in page.body and b'href="/"' in page.body
    assert b"<h1>About</h1>" in about.body
    css = http("GET", f"{site.url}/static/css/site.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    assert "max-age=86400" in css.headers["cache-control"]
    assert css.headers["x-frame-options"] == "DENY", "the server's headers reach assets too"


def test_nginx_answers_404_and_refuses_writes(site):
    assert http("GET", f"{site.url}/no-such-page/").status == 404
    assert http("GET", f"{site.url}/api/items/").status == 404, "no API in the build"
    assert http("POST", f"{site.url}/", {"x": 1}).status == 403

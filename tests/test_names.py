"""Project names: one reserved list, refused alike by scaffold and the templates' hooks.

The list (`templates/reserved_names.txt`) is checked against real renders: each
variant's dependency closure installed with uv, the project's own top-level names and
the names its ignore files exclude. Accepted names near the reserved ones render
projects whose own tests pass.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from cookiecutter.environment import StrictEnvironment

from generator.answers import Answers
from generator.errors import ProjectNameError
from generator.names import RESERVED_FILE, read_names, reserved_names, slug_problem
from generator.paths import templates_root
from generator.project import complete, cookiecutter_context, template_dir
from tests.names_support import render_full, required_names
from tests.stack import project_requirements, run, uv_venv

LISTED = sorted(read_names(templates_root() / RESERVED_FILE))
FRAMEWORKS = ("flask", "django")


def test_the_list_holds_the_names_the_issue_saw_break():
    seen = {
        "click", "flask_sqlalchemy", "flask_migrate", "markupsafe", "itsdangerous", "blinker",
        "kombu", "billiard", "asgiref", "yaml", "inflection", "uritemplate", "dj_database_url",
        "drf_spectacular", "uvicorn_worker", "conftest", "build", "dist", "env", "htmlcov",
        "node_modules", "data", "media", "staticfiles", "k8s", "nginx", "tests", "migrations",
    }  # fmt: skip
    assert seen <= set(LISTED)


@pytest.mark.parametrize("name", LISTED)
def test_every_listed_name_is_refused_by_scaffold(name):
    with pytest.raises(ProjectNameError):
        complete({"project_name": "Shop", "project_slug": name})


def test_standard_library_names_are_refused():
    for name in ("json", "email", "logging", "site", "this"):
        assert slug_problem(name) is not None


def _hook_problems(framework: str, slug: str) -> list[str]:
    """Render the framework's pre_gen hook as cookiecutter does and run its checks."""
    answers = complete({"project_name": "Shop"})
    context = cookiecutter_context(framework, Answers({**answers, "project_slug": slug}))
    context["_repo_dir"] = str(template_dir(framework))
    source = (template_dir(framework) / "hooks" / "pre_gen_project.py").read_text()
    sys.path.insert(0, str(template_dir(framework)))  # its Jinja extensions, as cookiecutter does
    try:
        env = StrictEnvironment(context={"cookiecutter": context}, keep_trailing_newline=True)
        code = env.from_string(source).render(cookiecutter=context)
    finally:
        sys.path.remove(str(template_dir(framework)))
    namespace: dict[str, object] = {"__name__": "pre_gen_project"}
    exec(compile(code, f"{framework}/pre_gen_project.py", "exec"), namespace)
    return namespace["problems"]()  # type: ignore[operator, no-any-return]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_both_hooks_refuse_exactly_what_scaffold_refuses(framework):
    assert _hook_problems(framework, "shop") == []
    sample = [*LISTED, "json", "class", "Shop", "2x", "naïve"]
    for name in sample:
        assert slug_problem(name) is not None
        problems = _hook_problems(framework, name)
        assert problems and name in problems[0], (name, problems)


def test_plain_cookiecutter_refuses_a_reserved_name_and_keeps_working(tmp_path):
    """Run from the checkout with a relative template path, as a user would."""
    repo = templates_root().parent
    base = ["cookiecutter", "--no-input", "templates/flask", "-o", str(tmp_path)]
    refused = subprocess.run(
        [*base, "project_name=x", "project_slug=kombu"],
        cwd=repo, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "ERROR: project_slug 'kombu' would shadow" in refused.stderr
    assert not (tmp_path / "kombu").exists()
    made = subprocess.run(
        [*base, "project_name=x", "project_slug=shop"],
        cwd=repo, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "shop" / "pyproject.toml").is_file()


@pytest.mark.slow
def test_the_list_covers_every_variants_dependencies_and_files():
    """Installs each framework's fullest variant with uv and lists its top-level modules."""
    missing = {}
    for framework, kind, names in required_names():
        uncovered = sorted(n for n in names if re.fullmatch(r"[a-z_][a-z0-9_]*", n))
        uncovered = [n for n in uncovered if n not in reserved_names()]
        if uncovered:
            missing[f"{framework} {kind}"] = uncovered
    assert not missing, f"add these to templates/{RESERVED_FILE}: {missing}"


ACCEPTED = {"flask": ["flask_app", "kombu2"], "django": ["django_site", "yaml_tools"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("framework", "slug"), [(f, s) for f, names in ACCEPTED.items() for s in names]
)
def test_accepted_names_near_reserved_ones_give_projects_whose_tests_pass(
    tmp_path, framework, slug
):
    assert slug_problem(slug) is None
    project = render_full(framework, tmp_path, slug, variant=())  # SQLite: no server needed
    venv = uv_venv(project_requirements(project))
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    suite = run([str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert re.search(r"\d+ passed", suite.stdout), suite.stdout
    assert (project / slug / "__init__.py").is_file()

"""The option matrix: every combination of options that changes the output renders a sound
project, and every distinct application variant installs and passes its own tests.

By default a fixed-seed sample of the matrix renders, covering every kind of application;
`SCAFFOLD_FULL_MATRIX=1` renders all of it (thousands of combinations: hours).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import subprocess
import tomllib
from concurrent.futures import ThreadPoolExecutor
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from generator.answers import Answers
from generator.deploy_files import group_of
from generator.errors import UsageError
from generator.project import complete, load_template_variables
from generator.questions import QUESTIONS
from generator.render import render_template
from tests.stack import project_requirements, uv_venv

VARIED = {
    "app_type": list(QUESTIONS["app_type"].choices),
    "auth": [False, True],
    "admin": [False, True],
    "database": ["sqlite", "postgres"],
    "api": [False, True],
    "asgi": [False, True],
    "redis": [False, True],
    "celery": [False, True],
    "python_version": ["3.11", "3.12", "3.13"],
    "workers": ["auto", "4"],
}
# What the answers shape; the sample holds every kind of application and every pair of them.
SHAPING = ("app_type", "auth", "admin")
FULL = os.environ.get("SCAFFOLD_FULL_MATRIX") == "1"
SAMPLE_EXTRA = 3
# Files whose content legitimately holds `{{`/`{%`: Django templates, GitHub expressions,
# CloudFormation dynamic references.
JINJA_ALLOWED = ("*.html", "*/templates/*", ".github/workflows/*", "template.yaml")
MAY_BE_EMPTY = {"__init__.py", ".gitkeep", "py.typed"}


class TaggedLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (`!Ref`, `!Sub`): parsed here, their meaning
    checked by cfn-lint in tests/test_serverless.py."""


TaggedLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def is_valid(combo: dict[str, object]) -> bool:
    """Whether scaffold accepts the combination (it refuses some, with a message)."""
    try:
        complete({"project_name": "Matrix App", **combo})  # type: ignore[dict-item]
    except UsageError:
        return False
    return True


def combinations(framework: str) -> list[dict[str, object]]:
    declared = load_template_variables(framework)  # type: ignore[arg-type]
    keys = [k for k in VARIED if k in declared]
    values = itertools.product(*(VARIED[k] for k in keys))
    combos = [c for c in (dict(zip(keys, v, strict=True)) for v in values) if is_valid(c)]
    if FULL:
        return combos
    return covering_sample(combos, random.Random(20261202))


def covering_sample(combos: list[dict[str, object]], rng: random.Random) -> list[dict[str, object]]:
    """Every kind of application once, auth and admin in each of their four pairings across
    them, the other options at random; then a few combinations wholly at random."""
    pairs = [(False, False), (True, True), (True, False), (False, True)]
    sample = []
    for index, app_type in enumerate(VARIED["app_type"]):
        auth, admin = pairs[index % len(pairs)]
        fitting = [
            c for c in combos if (c["app_type"], c["auth"], c["admin"]) == (app_type, auth, admin)
        ]
        sample.append(rng.choice(fitting))
    rest = [c for c in combos if c not in sample]
    return sample + rng.sample(rest, min(SAMPLE_EXTRA, len(rest)))


MATRIX = [(fw, combo) for fw in ("flask", "django") for combo in combinations(fw)]


def combo_id(case: tuple[str, dict[str, object]]) -> str:
    framework, combo = case
    return framework + "-" + "-".join(f"{k}={v}" for k, v in combo.items())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Every combination rendered once for the module, keyed by its id."""
    root = tmp_path_factory.mktemp("matrix")
    projects = {}
    for case in MATRIX:
        framework, combo = case
        answers: Answers = complete({"project_name": "Matrix App", **combo})  # type: ignore[arg-type]
        out = root / combo_id(case)
        projects[combo_id(case)] = render_template(framework, answers, out)  # type: ignore[arg-type]
    return projects


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch(rel, p) or fnmatch(Path(rel).name, p) for p in patterns)


@pytest.mark.slow
@pytest.mark.parametrize("case", MATRIX, ids=combo_id)
def test_combination_renders_a_sound_project(rendered, case):
    project = rendered[combo_id(case)]
    problems = []
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        rel = path.relative_to(project).as_posix()
        text = path.read_text(encoding="utf-8")
        if "cookiecutter." in text and not rel.endswith(".md"):
            problems.append(f"{rel}: unrendered cookiecutter variable")
        if not _matches(rel, JINJA_ALLOWED) and ("{{" in text or "{%" in text):
            problems.append(f"{rel}: Jinja syntax left in output")
        if not text.strip() and path.name not in MAY_BE_EMPTY:
            problems.append(f"{rel}: empty")
        try:
            if path.suffix == ".py":
                compile(text, rel, "exec")
            elif path.suffix in {".yml", ".yaml"}:
                list(yaml.load_all(text, Loader=TaggedLoader))
            elif path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix == ".json":
                json.loads(text)
        except (SyntaxError, ValueError, yaml.YAMLError) as err:
            problems.append(f"{rel}: {err}")
    assert problems == []


@pytest.mark.slow
def test_every_combination_is_ruff_clean(rendered):
    result = subprocess.run(
        ["ruff", "check", "--no-cache", *map(str, rendered.values())],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]


def app_variant(project: Path) -> str:
    """A hash of everything but deployment files and per-project secrets."""
    digest = hashlib.sha256()
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        rel = path.relative_to(project).as_posix()
        if group_of(rel) or rel.startswith((".scaffold", ".env")) or rel == "README.md":
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.slow
def test_every_application_variant_passes_its_own_tests(rendered):
    """Group the matrix by application code; install and test each group once."""
    groups: dict[str, Path] = {}
    for project in rendered.values():
        groups.setdefault(app_variant(project), project)
    # Virtualenvs first, one at a time (several groups share one); then the suites, which
    # are independent processes, two at a time on CI's two cores.
    venvs = {project: uv_venv(project_requirements(project)) for project in groups.values()}

    def own_tests(project: Path) -> str | None:
        venv = venvs[project]
        result = subprocess.run(
            [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=project, env=venv.env(), capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            return f"{project.parent.name}:\n{result.stdout[-3000:]}"
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [failure for failure in pool.map(own_tests, venvs) if failure]
    assert failures == [], "\n\n".join(failures)
    assert len(groups) >= 2

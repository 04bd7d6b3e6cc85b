"""uv.lock in every generated project (issue 16, item 1), without Docker.

Renders go through the real entry points, `scaffold new` and plain `cookiecutter`, with
the post-generation hook's `uv lock` on (tests/conftest.py turns it off for every other
test). The lock pins the runtime and dev dependencies and matches pyproject.toml; offline
the project still renders, with one line saying what to do; `make lock` then writes it;
`scaffold deploy` leaves it alone. tests/test_containers.py builds images from it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.stack import REPO

SKIP_LOCK = "SCAFFOLD_SKIP_LOCK"
NEXT_STEP = "run `make lock` (uv lock) before building the image"
SLUG = "shop"
# Offline, for uv: an index nothing answers on, the network off, an empty cache.
OFFLINE = {"UV_INDEX_URL": "http://127.0.0.1:9/", "UV_OFFLINE": "1"}


def environment(**extra: str) -> dict[str, str]:
    """This checkout's generator, the hook's lock step on, and `extra`."""
    env = {k: v for k, v in os.environ.items() if k != SKIP_LOCK}
    return {**env, "PYTHONPATH": str(REPO), **extra}


def scaffold_new(out: Path, framework: str, *sets: str, env: Mapping[str, str]) -> Path:
    """`scaffold new --no-input` in a subprocess (the hook's lines reach its stderr)."""
    args = [sys.executable, "-m", "generator", "new", "--no-input", "-o", str(out)]
    args += ["--framework", framework, "--set", f"project_name={SLUG}"]
    for answer in sets:
        args += ["--set", answer]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / SLUG


def plain_cookiecutter(out: Path, framework: str, env: Mapping[str, str]) -> Path:
    """`cookiecutter --no-input templates/<framework>`, without scaffold."""
    args = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(out)]
    args += [str(REPO / "templates" / framework), f"project_name={SLUG}"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / SLUG


def uv(project: Path, *args: str, env: Mapping[str, str] | None = None) -> None:
    done = subprocess.run(
        ["uv", *args], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, f"uv {' '.join(args)}:\n{done.stderr[-3000:]}"


def declared(project: Path) -> dict[str, set[str]]:
    """The dependency names pyproject.toml declares: runtime, and the dev extra."""
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    names = {
        "runtime": meta["dependencies"],
        "dev": meta.get("optional-dependencies", {}).get("dev", []),
    }
    return {k: {canonicalize_name(Requirement(r).name) for r in v} for k, v in names.items()}


def locked(project: Path) -> tuple[dict[str, str], dict]:
    """uv.lock's pinned versions by name, and the project's own entry."""
    packages = tomllib.loads((project / "uv.lock").read_text())["package"]
    (own,) = [p for p in packages if p["source"] in ({"editable": "."}, {"virtual": "."})]
    pins = {p["name"]: p["version"] for p in packages if p is not own}
    return pins, own


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both templates, locked: Flask (with Redis and Celery) through `scaffold new`, Django
    through plain cookiecutter."""
    out = tmp_path_factory.mktemp("locked")
    env = environment()
    return {
        "flask": scaffold_new(out / "f", "flask", "redis=true", "celery=true", env=env),
        "django": plain_cookiecutter(out / "d", "django", env=env),
    }


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_the_lock_pins_every_runtime_and_dev_dependency(
    projects: dict[str, Path], framework: str
) -> None:
    project = projects[framework]
    pins, own = locked(project)
    wanted = declared(project)
    assert wanted["runtime"] and wanted["dev"], wanted
    assert {d["name"] for d in own["dependencies"]} == wanted["runtime"]
    assert {d["name"] for d in own["optional-dependencies"]["dev"]} == wanted["dev"]
    missing = (wanted["runtime"] | wanted["dev"]) - pins.keys()
    assert not missing, f"not pinned in uv.lock: {sorted(missing)}"
    assert all(re.fullmatch(r"\d+(\.\d+)*\S*", v) for v in pins.values()), pins
    if framework == "flask":
        assert {"redis", "celery"} <= pins.keys(), "the chosen options' dependencies"


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_the_lock_matches_pyproject_without_the_network(
    projects: dict[str, Path], framework: str, tmp_path: Path
) -> None:
    # --offline with an empty cache: the check reads the two files, nothing else (as in
    # the image's build). A changed pyproject.toml fails the same check.
    env = environment(UV_CACHE_DIR=str(tmp_path / "cache"))
    uv(projects[framework], "lock", "--check", "--offline", env=env)


def test_offline_renders_and_says_what_to_do(tmp_path: Path) -> None:
    env = environment(**OFFLINE, UV_CACHE_DIR=str(tmp_path / "empty-cache"))
    args = [sys.executable, "-m", "generator", "new", "--no-input", "-o", str(tmp_path)]
    args += ["--framework", "django", "--set", f"project_name={SLUG}"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    project = tmp_path / SLUG
    assert (project / "pyproject.toml").is_file() and (project / ".scaffold.yml").is_file()
    assert not (project / "uv.lock").exists()
    said = [line for line in done.stderr.splitlines() if "uv.lock" in line]
    assert len(said) == 1 and said[0].startswith("uv.lock not written ("), done.stderr
    assert said[0].endswith(NEXT_STEP), said
    # The project says so too: its README, and the image's build (tests/test_containers.py).
    readme = (project / "README.md").read_text()
    assert "## Locked dependencies" in readme
    assert "no `uv.lock` yet: run `make lock`" in re.sub(r"\s+", " ", readme)
    assert "uv.lock is missing: run \\`make lock\\`" in (project / "Dockerfile").read_text()
    # Back online, the next step works.
    done = subprocess.run(
        ["make", "lock"], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    uv(project, "lock", "--check", "--offline")


def test_plain_cookiecutter_offline_renders_too(tmp_path: Path) -> None:
    env = environment(**OFFLINE, UV_CACHE_DIR=str(tmp_path / "empty-cache"))
    args = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(tmp_path)]
    args += [str(REPO / "templates" / "flask"), f"project_name={SLUG}"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / SLUG / "pyproject.toml").is_file()
    assert not (tmp_path / SLUG / "uv.lock").exists()
    assert done.stderr.strip().splitlines()[-1].endswith(NEXT_STEP), done.stderr


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_make_lock_runs_uv_lock(projects: dict[str, Path], framework: str) -> None:
    done = subprocess.run(
        ["make", "-n", "lock"], cwd=projects[framework], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "uv lock"
    assert "make lock" in (projects[framework] / "README.md").read_text()


def test_the_image_installs_exactly_the_lock(projects: dict[str, Path]) -> None:
    dockerfile = (projects["flask"] / "Dockerfile").read_text()
    builder, final = dockerfile.split("\nFROM ")[1:]
    assert "COPY pyproject.toml uv.lock* ./" in builder
    assert "uv lock --check --offline" in builder
    assert "uv sync --locked --no-dev --no-install-project --no-editable" in builder
    assert re.search(r"^RUN pip install --no-cache-dir uv==\d+\.\d+\.\d+$", builder, re.M)
    assert "uv" not in re.findall(r"^COPY --from=builder (\S+)", final, re.M)
    assert (projects["django"] / "Dockerfile").read_text().count("uv sync --locked") == 1


def test_the_tests_opt_out_renders_without_a_lock(tmp_path: Path) -> None:
    """SCAFFOLD_SKIP_LOCK (set by tests/conftest.py for the rest of the suite) skips the
    step, quietly: those renders need no lock and no package index."""
    env = {**environment(**OFFLINE), SKIP_LOCK: "1"}
    args = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(tmp_path)]
    args += [str(REPO / "templates" / "django"), f"project_name={SLUG}"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=True)
    assert not (tmp_path / SLUG / "uv.lock").exists()
    assert "uv.lock" not in done.stderr


def test_deploy_keeps_the_lock(projects: dict[str, Path], tmp_path: Path) -> None:
    """uv.lock is no deployment file: `scaffold deploy` neither rewrites nor drops it, and
    it still matches pyproject.toml afterwards."""
    project = projects["flask"]
    before = (project / "uv.lock").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "deploy", "-C", str(project),
         "--set", "database=postgres", "--json"],
        capture_output=True, text=True, env=environment(), timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "uv.lock" not in done.stdout
    assert (project / "uv.lock").read_bytes() == before
    uv(project, "lock", "--check", "--offline", env=environment(UV_CACHE_DIR=str(tmp_path)))


def test_both_templates_lock_with_the_same_hook() -> None:
    """One post-generation hook (templates/shared/hooks/) locks for both templates."""
    shared = (REPO / "templates" / "shared" / "hooks" / "post_gen_project.py").resolve()
    for framework in ("flask", "django"):
        hook = REPO / "templates" / framework / "hooks" / "post_gen_project.py"
        assert hook.resolve() == shared, framework
    assert "write_lock()" in shared.read_text().split('if __name__ == "__main__":')[1]

"""What a generated project's package name could collide with, computed from real renders.

Used by tests/test_names.py to check `templates/reserved_names.txt`; run as a script
(`python -m tests.names_support`) to print the names the list must cover.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.stack import project_requirements, uv_venv

# The variant that pulls in every optional dependency and file, per framework.
FULL_VARIANT = (
    *("--set", "database=postgres", "--set", "redis=true", "--set", "celery=true"),
    *("--set", "asgi=true", "--set", "api=true"),
    *("--set", "app_type=fullstack", "--set", "auth=true", "--set", "admin=true"),
)
# The kinds of application whose files and dependencies the fullest variant lacks.
OTHER_VARIANTS = tuple(
    (*FULL_VARIANT[:-6], "--set", f"app_type={app_type}", "--set", "auth=true")
    for app_type in ("serverless", "static")
)
FRAMEWORKS = ("flask", "django")

_LIST_MODULES = """
import json, pathlib, sys, sysconfig
names = set()
for entry in pathlib.Path(sysconfig.get_paths()["purelib"]).iterdir():
    name = entry.name
    if name.endswith((".dist-info", ".egg-info", ".pth", ".data")) or name == "__pycache__":
        continue
    if entry.is_dir() or name.endswith(".py"):
        names.add(name.removesuffix(".py"))
    elif name.endswith((".so", ".pyd")):
        names.add(name.split(".")[0])
print(json.dumps(sorted(n for n in names if n.isidentifier())))
"""


def render_full(
    framework: str, out: Path, slug: str = "zz_probe", variant: tuple[str, ...] = FULL_VARIANT
) -> Path:
    from click.testing import CliRunner

    from generator.cli import cli

    args = ["new", "--no-input", "--framework", framework, "-o", str(out)]
    args += ["--set", f"project_name={slug}", *variant]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / slug


def dependency_import_names(project: Path) -> set[str]:
    """Top-level modules installed by the project's dependencies and dev tools (uv venv)."""
    venv = uv_venv(project_requirements(project))
    output = subprocess.run(
        [str(venv.python), "-c", _LIST_MODULES], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(output))


def own_names(project: Path, slug: str = "zz_probe") -> set[str]:
    """The project's own top-level files and folders, as the module names they would be."""
    names = {p.name.removesuffix(".py") for p in project.iterdir() if p.name != slug}
    return {n for n in names if n.isidentifier()}


def ignored_names(project: Path) -> set[str]:
    """Plain names the project's ignore files exclude (a package of that name would be too)."""
    names: set[str] = set()
    for ignore in (".gitignore", ".dockerignore"):
        for line in (project / ignore).read_text().splitlines():
            name = line.strip().removeprefix("**/").removeprefix("/").removesuffix("/")
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                names.add(name)
    return names


def required_names() -> Iterator[tuple[str, str, set[str]]]:
    """(framework, kind, names) for each kind of name the reserved list must cover."""
    for framework in FRAMEWORKS:
        for variant in (FULL_VARIANT, *OTHER_VARIANTS):
            with tempfile.TemporaryDirectory() as tmp:
                project = render_full(framework, Path(tmp), variant=variant)
                yield framework, "own files", own_names(project)
                yield framework, "ignored", ignored_names(project)
                yield framework, "dependencies", dependency_import_names(project)


if __name__ == "__main__":
    for framework, kind, names in required_names():
        print(f"# {framework}: {kind}")
        print("\n".join(sorted(names)))

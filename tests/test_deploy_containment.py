"""`scaffold deploy` never reads or writes outside its project, whatever the project holds.

For every path source (`.scaffold.yml` `files:`, `.scaffold/` contents, the deployment
folders, a deployment file, the record itself, `-C`), a `..` path, an absolute path and a
symlink out of the project are refused with one line and exit 2, and a directory outside
the project keeps the same checksum after every command.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.deploy_files import group_of


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def checksum(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        digest.update(path.relative_to(directory).as_posix().encode())
        if path.is_symlink():
            digest.update(b"->" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
        digest.update(oct(path.lstat().st_mode).encode())
    return digest.hexdigest()


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    made = invoke("new", "--no-input", "--framework", "flask", "--set", "project_name=shop",
                  "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.output
    return out / "shop"


@pytest.fixture
def layout(generated, tmp_path) -> tuple[Path, Path]:
    project = tmp_path / "work" / "shop"
    shutil.copytree(generated, project, symlinks=True)
    outside = tmp_path / "outside"
    shutil.copytree(generated / "k8s", outside / "k8s")  # looks like a project's folder
    shutil.copytree(generated / ".scaffold" / "base", outside / "base")
    (outside / "precious.yaml").write_text("keep me\n")
    (outside / "default.conf").write_text("server {}\n")
    return project, outside


def tamper_files(project: Path, key: str) -> None:
    path = project / ".scaffold.yml"
    record = yaml.safe_load(path.read_text())
    digest = next(iter(record["files"].values()))
    record["files"][key] = digest
    path.write_text(yaml.safe_dump(record))


def relink(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.symlink_to(target)


Tamper = Callable[[Path, Path], None]

CASES: dict[str, Tamper] = {
    "files: a .. path": lambda p, o: tamper_files(p, "k8s/../../../outside/precious.yaml"),
    "files: a * crossing /": lambda p, o: tamper_files(p, "k8s/../../outside/precious.yaml"),
    "files: an absolute path": lambda p, o: tamper_files(p, str(o / "precious.yaml")),
    "files: not a deployment file": lambda p, o: tamper_files(p, "shop/__init__.py"),
    ".scaffold/ a symlink out": lambda p, o: relink(p / ".scaffold", o),
    ".scaffold/base a symlink out": lambda p, o: relink(p / ".scaffold" / "base", o / "base"),
    ".scaffold/base/k8s a symlink out": lambda p, o: relink(
        p / ".scaffold" / "base" / "k8s", o / "k8s"
    ),
    ".scaffold/base/Dockerfile a symlink out": lambda p, o: relink(
        p / ".scaffold" / "base" / "Dockerfile", o / "precious.yaml"
    ),
    ".scaffold/base holds a stray file": lambda p, o: (
        p / ".scaffold" / "base" / "notes.txt"
    ).write_text("x"),
    "k8s/ a symlink out": lambda p, o: relink(p / "k8s", o / "k8s"),
    "nginx/ a symlink out": lambda p, o: relink(p / "nginx", o),
    "a deployment file a symlink out": lambda p, o: relink(p / "gunicorn.conf.py", o / "x.py"),
    "a dangling symlink out": lambda p, o: relink(p / "Dockerfile", o / "made-by-deploy"),
    ".scaffold.yml a symlink out": lambda p, o: (
        shutil.copy(p / ".scaffold.yml", o / "record.yml"),
        relink(p / ".scaffold.yml", o / "record.yml"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("mode", [(), ("--check",), ("--diff",)])
def test_a_path_out_of_the_project_is_refused_and_nothing_outside_changes(layout, case, mode):
    project, outside = layout
    CASES[case](project, outside)
    before_outside, before_project = checksum(outside), snapshot(project)
    result = invoke("deploy", "-C", str(project), "--set", "workers=4", *mode)
    assert result.exit_code == 2, (case, result.output)
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert checksum(outside) == before_outside
    assert snapshot(project) == before_project


@pytest.mark.parametrize("where", ["{outside}", "{project}/k8s/../..", "{project}/../../outside"])
def test_minus_c_outside_a_project_is_refused(layout, where):
    project, outside = layout
    before = checksum(outside)
    result = invoke("deploy", "-C", where.format(project=project, outside=outside))
    assert result.exit_code == 2, result.output
    assert ".scaffold.yml not found" in result.output
    assert checksum(outside) == before


def test_minus_c_through_a_symlink_stays_in_the_real_project(layout, tmp_path):
    project, outside = layout
    link = tmp_path / "link"
    link.symlink_to(project)
    before = checksum(outside)
    result = invoke("deploy", "-C", str(link), "--set", "workers=4")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((project / ".scaffold.yml").read_text())["answers"]["workers"] == "4"
    assert checksum(outside) == before


def test_a_symlinked_folder_inside_the_project_is_written_through(layout):
    project, outside = layout
    (project / "deploy").mkdir()
    (project / "nginx").rename(project / "deploy" / "nginx")
    (project / "nginx").symlink_to(Path("deploy") / "nginx")
    before = checksum(outside)
    result = invoke("deploy", "-C", str(project), "--set", "workers=4")
    assert result.exit_code == 0, result.output
    assert (project / "nginx").is_symlink()
    assert checksum(outside) == before


@pytest.mark.parametrize(
    "rel",
    ["k8s/../Dockerfile", "k8s/sub/web.yaml", "/Dockerfile", "./Dockerfile", "k8s//web.yaml",
     "k8s\\web.yaml", "nginx/default.conf/.."],
)  # fmt: skip
def test_group_patterns_never_cross_a_slash(rel):
    assert group_of(rel) is None


def test_group_patterns_still_match_the_real_files():
    assert group_of("k8s/web-deployment.yaml") == "kubernetes"
    assert group_of("nginx/default.conf") == "nginx"
    assert group_of("Dockerfile") == "docker"

"""`scaffold deploy` and unusual files or records: each gets a clear, documented answer.

Non-UTF-8 bytes merge as bytes (as `git merge-file` does), CRLF files keep CRLF, a
symlinked deployment file is written through its link, a directory in a file's place and
a tampered `.scaffold.yml` are one-line errors (exit 2), a missing `.scaffold/` base is
re-rendered from the recorded answers, and unresolved markers stay a conflict.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def statuses(result) -> dict[str, str]:
    return {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(project).parts
    }


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    made = invoke("new", "--no-input", "--framework", "flask", "--set", "project_name=shop",
                  "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.output
    return out / "shop"


@pytest.fixture
def project(generated, tmp_path) -> Path:
    path = tmp_path / "shop"
    shutil.copytree(generated, path, symlinks=True)
    return path


def deploy(project: Path, *args: str):
    return invoke("deploy", "-C", str(project), *args)


def assert_one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    for word in words:
        assert word in result.output, result.output


def test_a_latin1_byte_is_merged_as_bytes_and_kept(project):
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_bytes(gunicorn.read_bytes() + b"# r\xe9glage local\n")
    result = deploy(project, "--set", "workers=4", "--json")
    assert result.exit_code == 0, result.output
    assert statuses(result)["gunicorn.conf.py"] == "merged"
    data = gunicorn.read_bytes()
    assert data.endswith(b"# r\xe9glage local\n") and b'"4"' in data


def test_a_crlf_file_conflicts_whole_as_in_git_with_crlf_markers(project):
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_bytes(gunicorn.read_bytes().replace(b"\n", b"\r\n"))
    result = deploy(project, "--set", "workers=4", "--json")
    assert result.exit_code == 1
    assert statuses(result)["gunicorn.conf.py"] == "conflict"
    data = gunicorn.read_bytes()
    assert b"<<<<<<< your version\r\n" in data and b">>>>>>> new scaffold render\r\n" in data


def test_an_unchanged_crlf_file_stays_crlf_when_only_the_template_changes(project):
    # Only the template side changed: the user's CRLF file is replaced only if untouched.
    nginx = project / "nginx" / "default.conf"
    nginx.write_bytes(nginx.read_bytes().replace(b"\n", b"\r\n"))
    result = deploy(project, "--set", "workers=4", "--json")
    assert result.exit_code == 0
    assert statuses(result)["nginx/default.conf"] == "unchanged"
    assert b"\r\n" in nginx.read_bytes()


def test_a_symlinked_deployment_file_is_written_through_its_link(project):
    (project / "docker").mkdir()
    (project / "gunicorn.conf.py").rename(project / "docker" / "gunicorn.conf.py")
    (project / "gunicorn.conf.py").symlink_to(Path("docker") / "gunicorn.conf.py")
    result = deploy(project, "--set", "workers=4", "--json")
    assert result.exit_code == 0, result.output
    assert statuses(result)["gunicorn.conf.py"] == "updated"
    assert (project / "gunicorn.conf.py").is_symlink()
    assert b'"4"' in (project / "docker" / "gunicorn.conf.py").read_bytes()
    assert deploy(project, "--check").exit_code == 0


def test_a_link_to_another_deployment_file_is_refused(project):
    (project / "gunicorn.conf.py").unlink()
    (project / "gunicorn.conf.py").symlink_to("Dockerfile")
    before = snapshot(project)
    assert_one_line_error(deploy(project, "--set", "workers=4"), "another deployment file")
    assert snapshot(project) == before


def test_a_directory_where_a_file_belongs_is_exit_2_not_a_conflict(project):
    (project / "nginx" / "default.conf").unlink()
    (project / "nginx" / "default.conf").mkdir()
    before = snapshot(project)
    assert_one_line_error(deploy(project, "--set", "workers=4"), "nginx/default.conf", "directory")
    assert snapshot(project) == before


def test_a_missing_base_is_rendered_again_from_the_recorded_answers(project):
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text(gunicorn.read_text().replace("\ntimeout = ", "\ntimeout = 120\n_t = ", 1))
    shutil.rmtree(project / ".scaffold")
    result = deploy(project, "--set", "workers=4", "--json")
    assert result.exit_code == 0, result.output
    found = statuses(result)
    assert found["gunicorn.conf.py"] == "merged"
    assert "conflict" not in found.values()
    assert json.loads(result.stdout)["notes"] == []
    assert (project / ".scaffold" / "base" / "gunicorn.conf.py").is_file()


def test_a_base_that_cannot_be_rendered_again_is_said_clearly(project):
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text(gunicorn.read_text() + "# mine\n")
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    record["files"]["gunicorn.conf.py"] = "sha256:" + "0" * 64  # made by another version
    record["generator_version"] = "0.0.1"
    (project / ".scaffold.yml").write_text(yaml.safe_dump(record))
    shutil.rmtree(project / ".scaffold")
    result = deploy(project, "--set", "workers=4")
    assert result.exit_code == 1
    assert "Note: the base of gunicorn.conf.py is missing" in result.output
    assert "restore .scaffold/ from version control" in result.output
    assert "scaffold 0.0.1" in result.output


def test_check_fails_and_a_rerun_does_not_nest_while_markers_remain(project):
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text(gunicorn.read_text().replace('"auto"', '"3"', 1))
    assert deploy(project, "--set", "workers=6").exit_code == 1
    once = gunicorn.read_bytes()
    check = deploy(project, "--check", "--json")
    assert check.exit_code == 1
    assert json.loads(check.stdout)["conflicts"] == ["gunicorn.conf.py"]
    again = deploy(project, "--set", "workers=6")
    assert again.exit_code == 1
    assert gunicorn.read_bytes() == once
    assert once.count(b"<<<<<<<") == 1
    # Resolved (the user keeps their line), the project is clean again.
    lines = once.decode().splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("<<<<<<<"))
    middle = next(i for i, ln in enumerate(lines) if ln.startswith("|||||||"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith(">>>>>>>"))
    gunicorn.write_text("".join(lines[:start] + lines[start + 1 : middle] + lines[end + 1 :]))
    assert deploy(project, "--check").exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_old_record_beside_new_files_is_not_a_conflict(project):
    # Defect 1 of issue 12: the record restored to before a clean merge (as a kill just
    # before the record was written left it before the journal existed).
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text(gunicorn.read_text().replace("\ntimeout = ", "\ntimeout = 120\n_t = ", 1))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "edited")
    first = deploy(project, "--set", "workers=4", "--json")
    assert statuses(first)["gunicorn.conf.py"] == "merged"
    merged = gunicorn.read_bytes()
    git(project, "checkout", "HEAD", "--", ".scaffold.yml")
    again = deploy(project, "--allow-dirty", "--set", "workers=4", "--json")
    assert again.exit_code == 0, again.output
    assert statuses(again)["gunicorn.conf.py"] == "unchanged"
    assert gunicorn.read_bytes() == merged


def test_a_write_error_part_way_says_so_and_a_rerun_finishes(project, tmp_path, monkeypatch):
    reference = tmp_path / "ref"
    shutil.copytree(project, reference, symlinks=True)
    assert deploy(reference, "--set", "workers=4").exit_code == 0
    real_replace, calls = os.replace, []

    def full_disk(src, dst):  # the disk fills up after the journal and one file
        # Counting the project's writes only: a cache written elsewhere (Jinja's compiled
        # templates, when cold) must not take the failure meant for the project.
        if Path(dst).resolve().is_relative_to(project.resolve()):
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    failed = deploy(project, "--set", "workers=4")
    monkeypatch.setattr(os, "replace", real_replace)
    assert_one_line_error(failed, "No space left on device", "partly written")
    assert "nothing was" not in failed.output
    assert not list(project.rglob("*.tmp"))
    rerun = deploy(project, "--set", "workers=4")
    assert rerun.exit_code == 0, rerun.output
    assert snapshot(project) == snapshot(reference)


RECORDS = {
    "recommendation a list": ("recommendation", ["flask"], "recommendation is not a mapping"),
    "recommendation a string": ("recommendation", "flask", "recommendation is not a mapping"),
    "scores a list": ("recommendation", {"scores": [1]}, "scores"),
    "workers with a bracket": ("answers.workers", "lots)", "got 'lots)'"),
    "workers a unicode digit": ("answers.workers", "²", "workers"),
    "a slug deploy cannot change": ("answers.project_slug", "flask", "would shadow"),
    "files a list": ("files", ["Dockerfile"], "files is not a mapping"),
    "a bad hash": ("files", {"Dockerfile": "md5:1"}, "not a sha256 hash"),
}


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_a_tampered_record_is_one_line_and_exit_2(project, case):
    key, value, words = RECORDS[case]
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    if key.startswith("answers."):
        record["answers"][key.split(".")[1]] = value
    else:
        record[key] = value
    (project / ".scaffold.yml").write_text(yaml.safe_dump(record, allow_unicode=True))
    before = snapshot(project)
    result = deploy(project, "--set", "workers=4")
    assert_one_line_error(result, words, "restore it")
    assert "--set" not in result.output  # deploy could not take the hint
    assert snapshot(project) == before


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "a: " * 3000 + "1", "x" * 2_000_000])
def test_a_deeply_nested_or_huge_record_is_one_line_and_exit_2(project, text):
    (project / ".scaffold.yml").write_text(text)
    before = snapshot(project)
    assert_one_line_error(deploy(project, "--set", "workers=4"), ".scaffold.yml")
    assert snapshot(project) == before

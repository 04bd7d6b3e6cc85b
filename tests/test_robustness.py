"""Bad input never loses data: property-based names and answers, races, signals, full disks."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.deploy_files import group_of

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(result, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert result.output.startswith("Error: ") or "Error: " in result.output
    assert "Traceback" not in result.output


def listing(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


@SETTINGS
@given(name=st.text(max_size=120))
def test_any_unicode_project_name_gives_a_project_or_a_clear_error(name):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        result = invoke(
            "new", "--no-input", "-o", tmp, "--framework", "flask", "--set", f"project_name={name}"
        )
        if result.exit_code == 0:
            (project,) = out.iterdir()
            assert project.name.isidentifier()
            record = yaml.safe_load((project / ".scaffold.yml").read_text())
            assert record["answers"]["project_name"] == name.strip()
        else:
            assert_one_line_error(result)
            assert list(out.iterdir()) == []


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200
) | st.sampled_from(["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "\"'\\", "a\\nb", "${{ secrets.X }}"])


@SETTINGS
@given(description=texts, author=texts)
def test_descriptions_and_authors_come_out_literally(description, author):
    with tempfile.TemporaryDirectory() as tmp:
        result = invoke(
            "new", "--no-input", "-o", tmp, "--framework", "flask", "--set", "project_name=lit",
            "--set", f"description={description}", "--set", f"author={author}",
        )  # fmt: skip
        if result.exit_code != 0:  # only surrounding whitespace or emptiness may be refused
            assert_one_line_error(result)
            return
        project = Path(tmp) / "lit"
        meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
        assert meta["description"] == description.strip()
        for py in project.rglob("*.py"):
            ast.parse(py.read_text(), str(py))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@SETTINGS
@given(
    data=yaml_values
    | st.dictionaries(
        st.sampled_from(["size", "admin", "workers", "project_name", "database", "nope"]),
        yaml_values,
        max_size=4,
    )
)
def test_answers_files_of_any_shape_never_traceback(data):
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.yml"
        answers.write_text(yaml.safe_dump(data))
        out = Path(tmp) / "out"
        result = invoke("new", "--no-input", "--answers", str(answers), "-o", str(out))
        if result.exit_code == 0:
            (project,) = out.iterdir()
            assert (project / ".scaffold.yml").is_file()
        else:
            assert_one_line_error(result)
            assert not out.exists() or list(out.iterdir()) == []


def test_symlinked_output_dir_renders_into_its_target(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    result = invoke("new", "--no-input", "-o", str(tmp_path / "link"), "--set", "project_name=s")
    assert result.exit_code == 0, result.output
    assert (real / "s" / ".scaffold.yml").is_file()


def test_target_that_is_a_symlink_is_refused_and_kept(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "s").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("new", "--no-input", "-o", str(tmp_path / "out"), "--set", "project_name=s")
    assert_one_line_error(result)
    assert (tmp_path / "out" / "s").is_symlink()
    assert list(elsewhere.iterdir()) == []
    assert listing(tmp_path / "out") == ["s"]


def test_huge_values_are_refused(tmp_path):
    result = invoke(
        "new", "--no-input", "-o", str(tmp_path), "--set", "description=" + "x" * 10_000
    )
    assert_one_line_error(result)
    assert "at most 500 characters" in result.output
    assert list(tmp_path.iterdir()) == []


def _tiny_filesystem(path: Path) -> bool:
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    return mounted.returncode == 0


def test_a_full_disk_leaves_nothing_behind(tmp_path):
    disk = tmp_path / "disk"
    if shutil.which("mount") is None or os.geteuid() != 0 or not _tiny_filesystem(disk):
        pytest.skip("mounting a tiny tmpfs needs root and mount permission")
    try:
        (disk / "existing.txt").write_text("keep me")
        result = invoke("new", "--no-input", "-o", str(disk), "--set", "project_name=big")
        assert result.exit_code == 1, result.output
        assert "No space left on device" in result.output
        assert "Traceback" not in result.output
        assert listing(disk) == ["existing.txt"]
        assert (disk / "existing.txt").read_text() == "keep me"
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_read_only_output_dir_is_a_clear_error(tmp_path):
    """As root, permissions do not stop writes; a read-only mount does."""
    disk = tmp_path / "ro"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(disk)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("mounting a read-only tmpfs needs root and mount permission")
    try:
        result = invoke("new", "--no-input", "-o", str(disk), "--set", "project_name=ro")
        assert_one_line_error(result)
        assert "Read-only file system" in result.output
        assert listing(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _scaffold(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args], cwd=cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_two_runs_into_the_same_target_one_wins_and_nothing_mixes(tmp_path):
    args = ("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=race")
    flask = _scaffold(*args, "--framework", "flask", cwd=tmp_path)
    django = _scaffold(*args, "--framework", "django", cwd=tmp_path)
    results = [(p.wait(60), p.communicate()) for p in (flask, django)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    loser_err = next(err for code, (_, err) in results if code == 2)
    assert "Traceback" not in loser_err
    record = yaml.safe_load((tmp_path / "race" / ".scaffold.yml").read_text())
    winner = record["template"]
    reference = tmp_path / "reference"
    assert invoke("new", "--no-input", "-o", str(reference), "--framework", winner,
                  "--set", "project_name=race").exit_code == 0  # fmt: skip
    assert listing(tmp_path / "race") == listing(reference / "race")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race", "reference"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_render_leaves_a_whole_project_or_nothing(tmp_path, signum):
    reference = tmp_path / "reference"
    assert (
        invoke("new", "--no-input", "-o", str(reference), "--set", "project_name=sig").exit_code
        == 0
    )
    for i, delay in enumerate([0.15, 0.2, 0.25, 0.3, 0.35, 0.45]):
        out = tmp_path / f"run{i}"
        out.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "generator", "new", "--no-input",
             "-o", str(out), "--set", "project_name=sig"],
            cwd=out, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        # Timed from scaffold's first own import, not from a start-up slowed by a busy host.
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.rstrip().endswith("| shlex"):
                break
        time.sleep(delay)
        proc.send_signal(signum)
        code = proc.wait(30)
        out_text, rest = proc.communicate()
        err = "".join(line for line in rest.splitlines(True) if "import time:" not in line)
        assert "Traceback" not in err, err
        entries = [p.name for p in out.iterdir()]
        if code != 0:
            assert code in (130, 128 + signum, -signum), (code, err)
        if entries:  # the rename into place happened: the project must be whole
            assert entries == ["sig"]
            assert listing(out / "sig") == listing(reference / "sig")
            # A signal after the rename may still stop the process, but it must say so.
            assert code == 0 or "was already complete" in err or "Created" in out_text


def test_a_signal_mid_deploy_leaves_each_file_old_or_new(tmp_path):
    assert invoke("new", "--no-input", "-o", str(tmp_path), "--framework", "flask",
                  "--set", "project_name=dep").exit_code == 0  # fmt: skip
    project = tmp_path / "dep"
    old = {p: (project / p).read_bytes() for p in listing(project) if group_of(p)}
    reference = tmp_path / "ref"
    changed = ("--set", "database=postgres", "--set", "workers=7")
    invoke("new", "--no-input", "-o", str(reference), "--framework", "flask",
           "--set", "project_name=dep", *changed)  # fmt: skip
    new = {p: (reference / "dep" / p).read_bytes() for p in old}
    for delay in [0.2, 0.3, 0.4, 0.6]:
        proc = _scaffold("deploy", *changed, cwd=project)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        assert "Traceback" not in proc.communicate()[1]
        for rel, data in old.items():
            current = (project / rel).read_bytes()
            assert current in (data, new[rel]), rel
        assert not list(project.rglob("*.tmp"))

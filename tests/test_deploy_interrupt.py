"""A real `scaffold deploy` killed at each write point: a plain rerun finishes the job.

The process sends itself the signal right after its Nth write (the
SCAFFOLD_TEST_SIGNAL_AFTER_WRITE seam), so every point between two writes is tried with
SIGINT, SIGTERM and SIGKILL, for a run that merges cleanly and one with a conflict.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.journal import JOURNAL

ROOT = Path(__file__).resolve().parent.parent
WRITES = 5  # at least: journal, gunicorn.conf.py, its base, the record, journal removal


def scaffold(*args: str, cwd: Path, hook: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCAFFOLD_TEST_SIGNAL_AFTER_WRITE", None)
    if hook:
        env["SCAFFOLD_TEST_SIGNAL_AFTER_WRITE"] = hook
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, text=True,
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(project).parts
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


SCENARIOS = {
    # a user edit apart from the change: a clean merge, exit 0
    "merge": (("\ntimeout = ", "\ntimeout = 120\n_was = "), ("--set", "workers=4")),
    # a user edit of the very line the change rewrites: a conflict, exit 1
    "conflict": (('"auto"', '"3"'), ("--set", "workers=6")),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    made = scaffold("new", "--no-input", "--framework", "flask", "--set", "project_name=shop",
                    "-o", str(out), cwd=out)  # fmt: skip
    assert made.returncode == 0, made.stderr
    return out / "shop"


def prepared(generated: Path, where: Path, scenario: str) -> Path:
    project = where / "shop"
    shutil.copytree(generated, project, symlinks=True)
    (old, new), _ = SCENARIOS[scenario]
    edit(project / "gunicorn.conf.py", old, new)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated and edited")
    return project


def statuses(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("  ")]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_rerun_after_an_interruption_ends_as_one_uninterrupted_run(generated, tmp_path, scenario):
    args = ("deploy", *SCENARIOS[scenario][1])
    reference = prepared(generated, tmp_path / "ref", scenario)
    once = scaffold(*args, cwd=reference)
    assert once.returncode == (0 if scenario == "merge" else 1), once.stderr
    expected = snapshot(reference)
    again = scaffold(*args, cwd=reference)  # the steady state, once a run has completed
    points = 0
    for point in itertools.count(1):
        project = prepared(generated, tmp_path / f"{point}-never", scenario)
        if scaffold(*args, cwd=project, hook=f"{point}:SIGKILL").returncode != -signal.SIGKILL:
            assert snapshot(project) == expected  # fewer writes than that: a whole run
            break
        points = point
        for sig in ("SIGINT", "SIGTERM", "SIGKILL"):
            project = prepared(generated, tmp_path / f"{point}-{sig}", scenario)
            stopped = scaffold(*args, cwd=project, hook=f"{point}:{sig}")
            assert "Traceback" not in stopped.stderr
            signum = signal.Signals[sig]
            assert stopped.returncode in (-signum, 128 + signum), (point, sig, stopped.stderr)
            journaled = (project / JOURNAL).exists()
            if sig != "SIGKILL":  # the message at the interruption is true
                if journaled:
                    assert "partly written; run `scaffold deploy` again" in stopped.stderr
                else:
                    assert "every file had already been written" in stopped.stderr
                assert "nothing was" not in stopped.stderr
            rerun = scaffold(*args, cwd=project)  # no --allow-dirty, no other flag
            assert "Traceback" not in rerun.stderr
            assert snapshot(project) == expected, (point, sig)
            reported = once if journaled else again
            assert statuses(rerun.stdout) == statuses(reported.stdout), (point, sig)
            assert rerun.returncode == reported.returncode, (point, sig, rerun.stderr)
            assert ("Finished the scaffold deploy that was interrupted" in rerun.stderr) == (
                journaled
            )
            assert not list(project.rglob("*.tmp"))
            assert not (project / JOURNAL).exists()
            shutil.rmtree(project.parent)
    # journal, each changed file, each base, the record, the journal's removal
    assert points >= WRITES, points


def test_a_plain_rerun_finishes_and_a_different_one_rolls_back_first(generated, tmp_path):
    project = prepared(generated, tmp_path, "merge")
    before = snapshot(project)
    stopped = scaffold("deploy", "--set", "workers=4", cwd=project, hook="2:SIGTERM")
    assert stopped.returncode == 143
    assert scaffold("deploy", "--check", cwd=project).returncode == 2  # unfinished: say so
    other = scaffold("deploy", "--set", "workers=5", cwd=project)
    assert other.returncode == 0, other.stderr
    assert "Rolled back the scaffold deploy that was interrupted" in other.stderr
    assert "workers = " in (project / "gunicorn.conf.py").read_text()
    reference = prepared(generated, tmp_path / "ref", "merge")
    assert scaffold("deploy", "--set", "workers=5", cwd=reference).returncode == 0
    assert snapshot(project) == snapshot(reference)
    assert snapshot(project) != before


def test_temp_files_left_by_a_kill_are_removed(generated, tmp_path):
    project = prepared(generated, tmp_path, "merge")
    left = [
        project / ".gunicorn.conf.py.k2j4x8_a.tmp",
        project / "k8s" / ".web-hpa.yaml.abcdefgh.tmp",
        project / ".scaffold" / "base" / ".Dockerfile.q1w2e3r4.tmp",
        project / "..scaffold.yml.zzzzzzzz.tmp",
        project / ".scaffold" / ".deploy-journal.json.aaaaaaaa.tmp",
    ]
    for path in left:
        path.write_text("half")
    mine = project / ".notes.abcdefgh.tmp"  # not a name deploy writes: left alone
    mine.write_text("keep")
    done = scaffold("deploy", "--set", "workers=4", "--allow-dirty", cwd=project)
    assert done.returncode == 0, done.stderr
    assert [p for p in left if p.exists()] == []
    assert mine.read_text() == "keep"


def test_a_second_deploy_while_one_runs_is_refused(generated, tmp_path):
    project = prepared(generated, tmp_path, "merge")
    before = snapshot(project)
    fd = os.open(project, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running deploy holds it
        refused = scaffold("deploy", "--set", "workers=4", cwd=project)
    finally:
        os.close(fd)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"Error: another scaffold deploy is running in {project.resolve()}; wait for it to "
        "finish, then run again"
    ]
    assert snapshot(project) == before


def test_two_deploys_at_once_leave_the_files_and_record_of_one_run(generated, tmp_path):
    project = prepared(generated, tmp_path, "merge")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "deploy", "--set"]
    procs = [
        subprocess.Popen(
            [*command, f"workers={n}"],
            cwd=project,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in (4, 5)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    assert set(codes) <= {0, 2}, outputs
    assert 0 in codes
    # Whoever won, the record and the files agree: nothing left to change or merge.
    check = scaffold("deploy", "--check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "<<<<<<<" not in (project / "gunicorn.conf.py").read_text()

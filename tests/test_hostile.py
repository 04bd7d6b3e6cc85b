"""Hostile input to `scaffold new` and `scaffold recommend`: one line, exit 2, nothing written.

Each class of input the issue names (Unicode digits, huge integers, YAML 1.1 numbers,
duplicates, NaN, deep nesting, endless files, closed streams, odd environments) is tested
as a class, then a property test mixes them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.render import STAGING_PREFIX, staging_dir

REPO = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
}


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(output: str, code: int, expected: int = 2) -> None:
    assert code == expected, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: "), output
    assert "Traceback" not in output


def scaffold(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True, text=True, env=kwargs.pop("env", ENV),
        timeout=kwargs.pop("timeout", 120), **kwargs,
    )  # fmt: skip


# --- answers files and --set values ------------------------------------------------------

HOSTILE_FILES = {
    "octal.yml": "workers: 010\n",
    "octal-o.yml": "workers: 0o10\n",
    "hex.yml": "workers: 0x1F\n",
    "binary.yml": "workers: 0b101\n",
    "sexagesimal.yml": "workers: 1:30\n",
    "underscore.yml": "workers: 1_0\n",
    "huge-hex.yml": "workers: 0x" + "f" * 5000 + "\n",
    "huge-binary.yml": "workers: 0b" + "1" * 20000 + "\n",
    "huge-decimal.yml": "workers: " + "9" * 5000 + "\n",
    "huge-key.yml": "9" * 5000 + ": 1\n",
    "huge.json": '{"workers": ' + "9" * 5000 + "}",
    "unicode-digit.yml": "workers: '³'\n",
    "unicode-digit.json": '{"workers": "٣"}',
    "nan.json": '{"project_name": NaN}',
    "infinity.json": '{"project_name": Infinity}',
    "nan.yml": "project_name: .nan\n",
    "inf.yml": "description: .inf\n",
    "duplicate.yml": "size: small\nsize: large\n",
    "duplicate.json": '{"size": "small", "size": "large"}',
    "duplicate-nested.yml": "size: {a: 1, a: 2}\n",
    "nested.json": "[" * 20000 + "]" * 20000,
    "nested.yml": "size: " + "[" * 20000 + "]" * 20000 + "\n",
    "nested-map.yml": "size: " + "{a: " * 10000 + "}" * 10000 + "\n",
    "large.yml": "description: " + "x" * 70_000 + "\n",
    "binary.json": "\x00\x01\x02",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
@pytest.mark.parametrize("command", ["new", "recommend"])
def test_hostile_answers_files_are_one_line_errors(tmp_path, name, command):
    answers = tmp_path / name
    answers.write_text(HOSTILE_FILES[name], encoding="utf-8")
    out = tmp_path / "out"
    args = [command, "--no-input", "--answers", str(answers)]
    result = invoke(*args, *(["-o", str(out)] if command == "new" else []))
    assert_one_line_error(result.output, result.exit_code)
    assert not out.exists()
    assert len(result.output) < 400  # the value is cut short, not echoed whole


def test_yaml_octal_is_not_read_as_eight(tmp_path):
    answers = tmp_path / "a.yml"
    answers.write_text("workers: 010\n")
    result = invoke("new", "--no-input", "--answers", str(answers), "-o", str(tmp_path / "o"))
    assert "plain decimal number" in result.output
    answers.write_text("workers: 10\n")
    result = invoke("new", "--no-input", "--answers", str(answers), "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert (
        yaml.safe_load((tmp_path / "o/my_project/.scaffold.yml").read_text())["answers"]["workers"]
        == "10"
    )


def test_endless_answers_file_is_refused_early():
    result = scaffold("recommend", "--no-input", "--answers", "/dev/zero", timeout=20)
    assert_one_line_error(result.stderr, result.returncode)
    assert "larger than 64 KiB" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["workers=²", "workers=٣", "workers=" + "9" * 5000, "workers=010", "workers=1e3",
     "size=" + "x" * 5000, "admin=" + "y" * 5000],
)  # fmt: skip
@pytest.mark.parametrize("command", ["new", "recommend"])
def test_hostile_set_values_are_one_line_errors(tmp_path, value, command):
    out = tmp_path / "out"
    args = [command, "--no-input", "--set", value]
    result = invoke(*args, *(["-o", str(out)] if command == "new" else []))
    assert_one_line_error(result.output, result.exit_code)
    assert not out.exists()
    assert len(result.output) < 400


@pytest.mark.parametrize(
    "args",
    [
        ["new", "--set", "workers"],
        ["new", "--answers", "/does/not/exist"],
        ["new", "--framework", "rails"],
        ["new", "--no-such-option"],
        ["nwe"],
        ["recommend", "--set", "=x"],
        ["deploy", "--only", "nothing"],
    ],
)
def test_click_usage_errors_are_one_line(tmp_path, args):
    result = scaffold(*args, cwd=tmp_path)
    assert_one_line_error(result.stderr, result.returncode)
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_output_dir_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    result = scaffold("new", "--no-input", "-o", str(tmp_path / "file"))
    assert_one_line_error(result.stderr, result.returncode)


# --- streams, environment, signals ---------------------------------------------------------


def test_closed_stdin_is_one_line(tmp_path):
    result = scaffold("new", "-o", str(tmp_path), preexec_fn=lambda: os.close(0))
    assert_one_line_error(result.stderr, result.returncode)
    assert "--no-input" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_full_stdout_reports_the_created_project_truthfully(tmp_path):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "new", "--no-input", "-o", str(tmp_path)],
            stdout=full, stderr=subprocess.PIPE, text=True, env=ENV, timeout=120,
        )  # fmt: skip
    assert_one_line_error(proc.stderr, proc.returncode, expected=1)
    assert "was created" in proc.stderr and "nothing was" not in proc.stderr
    assert (tmp_path / "my_project" / ".scaffold.yml").is_file()


def test_next_hint_quotes_the_path(tmp_path):
    out = tmp_path / "a b;$(touch pwned)"
    result = invoke("new", "--no-input", "-o", str(out), "--set", "project_name=shop")
    assert result.exit_code == 0, result.output
    hint = result.output.strip().splitlines()[-1]
    assert hint.startswith("Next: cd '")
    # Pasted into a shell, the hint changes into the project and runs nothing else.
    script = hint.removeprefix("Next: ").split(" && ")[0] + " && pwd"
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.strip() == str(out / "shop")
    assert not (tmp_path / "pwned").exists()


def test_no_home_and_no_passwd_entry_renders_without_a_cache(tmp_path, monkeypatch):
    """As under an arbitrary container UID: no HOME, and no passwd entry to find one.

    The interpreter lives under /root here, so the run stays in-process and the missing
    passwd entry is simulated where Python looks it up.
    """
    import pwd

    def no_entry(uid: int):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()
    result = invoke("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=nohome")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nohome" / ".scaffold.yml").is_file()


def test_relative_xdg_cache_home_is_ignored(tmp_path):
    env = {**ENV, "XDG_CACHE_HOME": "relative/cache", "HOME": str(tmp_path / "home")}
    result = scaffold("new", "--no-input", "--set", "project_name=rel", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "relative").exists()
    assert (tmp_path / "home" / ".cache" / "scaffold" / "jinja").is_dir()


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.parametrize("options", ["ro,size=64k", "size=8k"], ids=["read-only", "full"])
def test_unusable_cache_is_not_project_trouble(tmp_path, options):
    cache = tmp_path / "cache"
    if not _mount_tmpfs(cache, options):
        pytest.skip("mounting a tmpfs needs root and mount permission")
    try:
        env = {**ENV, "XDG_CACHE_HOME": str(cache)}
        result = scaffold("new", "--no-input", "--set", "project_name=c", env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "c" / ".scaffold.yml").is_file()
    finally:
        subprocess.run(["umount", str(cache)], check=False)


def test_ctrl_c_while_importing_exits_130_without_a_traceback(tmp_path):
    # The interpreter's own start-up (site, .pth files, runpy) is not scaffold's to guard,
    # so each signal is timed from the first import in generator/cli.py (shlex), reported
    # by -X importtime; what follows is scaffold's own imports (click...), then the render.
    for i, delay in enumerate([0.0, 0.002, 0.005, 0.01, 0.02, 0.04, 0.08]):
        out = tmp_path / f"run{i}"
        out.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "generator", "new", "--no-input",
             "-o", str(out)],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.rstrip().endswith("| shlex"):
                break
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=60)
        err = "".join(line for line in rest.splitlines(True) if "import time:" not in line)
        assert "Traceback" not in err, (delay, err)
        assert proc.returncode in (0, 130), (delay, proc.returncode, err)
        if proc.returncode == 130:
            assert "Cancelled; nothing was written." in err
            assert [p.name for p in out.iterdir()] == []


# --- what is written ------------------------------------------------------------------------


def test_existing_empty_target_is_filled_in_place(tmp_path):
    target = tmp_path / "shop"
    target.mkdir()
    target.chmod(0o750)
    before = target.stat()
    result = invoke("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=shop")
    assert result.exit_code == 0, result.output
    after = target.stat()
    assert (after.st_ino, after.st_mode, after.st_gid) == (
        before.st_ino,
        before.st_mode,
        before.st_gid,
    )
    assert (target / ".scaffold.yml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["shop"]


def test_symlinked_target_is_reported_as_a_symlink(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "shop").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = invoke("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=shop")
    assert_one_line_error(result.output, result.exit_code)
    assert "symbolic link" in result.output and "while rendering" not in result.output
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_failed_new_leaves_no_output_directories_it_created(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "size=96k"):
        pytest.skip("mounting a tiny tmpfs needs root and mount permission")
    try:
        out = disk / "a" / "b" / "c"
        result = invoke("new", "--no-input", "-o", str(out), "--set", "project_name=big")
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_stale_staging_from_a_killed_run_is_removed_and_reported(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"{STAGING_PREFIX}{dead.pid}-abc"
    (stale / "half").mkdir(parents=True)
    live = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-abc"  # a run still going: kept
    live.mkdir()
    result = scaffold("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=s")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert f"Removed {stale}" in result.stderr
    assert live.exists()


def test_second_ctrl_c_during_cleanup_still_cleans(tmp_path):
    """A SIGINT arriving while the staging directory is deleted waits until it is gone."""
    made: list[Path] = []

    def interrupt_again(_signum, _frame):
        # Only while the removal runs (some entries gone, the folder still there): earlier
        # the first Ctrl-C is still on its way, later a stray one would end the whole run.
        # To the main thread, as in the single-threaded CLI: a test runner's own threads
        # (pytest-xdist) would otherwise take a process-wide signal that the hold cannot see.
        if made and made[0].exists() and sum(1 for _ in made[0].iterdir()) < 300:
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    previous = signal.signal(signal.SIGALRM, interrupt_again)
    try:
        with pytest.raises(KeyboardInterrupt), staging_dir(tmp_path) as staging:
            for i in range(300):
                (staging / f"d{i}").mkdir()
                for j in range(10):
                    (staging / f"d{i}" / f"f{j}").write_text("x")
            made.append(staging)
            signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
            raise KeyboardInterrupt  # the first Ctrl-C
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
    assert list(tmp_path.iterdir()) == []


# --- interactive ---------------------------------------------------------------------------


def _spawn_new(tmp_path: Path, *args: str):
    pexpect = pytest.importorskip("pexpect")
    return pexpect.spawn(
        sys.executable, ["-m", "generator", "new", "-o", str(tmp_path), *args],
        env={**ENV, "TERM": "xterm"}, encoding="utf-8", timeout=30, dimensions=(40, 120),
    )  # fmt: skip


def _all_but_workers() -> list[str]:
    """Every answer but the worker count, so that is the one question asked."""
    from generator.questions import QUESTIONS

    args = ["--framework", "flask"]
    for key, question in QUESTIONS.items():
        if key != "workers":
            value = "typed" if key in ("project_name", "project_slug") else question.default
            text = str(value).lower() if isinstance(value, bool) else str(value)
            args += ["--set", f"{key}={text}"]
    return args


def test_a_unicode_digit_typed_at_the_workers_prompt_is_refused_in_the_prompt(tmp_path):
    child = _spawn_new(tmp_path, *_all_but_workers())
    child.expect("from 1 to 64")
    child.send("\x15²\r")  # clear the default, type ², Enter
    child.expect("got '²'")
    child.send("\x154\r")
    child.expect("Created")
    child.expect(pexpect_eof())
    child.close()
    assert "Traceback" not in child.before
    assert child.exitstatus == 0
    record = yaml.safe_load((tmp_path / "typed" / ".scaffold.yml").read_text())
    assert record["answers"]["workers"] == "4"


def pexpect_eof():
    import pexpect

    return pexpect.EOF


def test_sigint_sent_as_a_signal_at_a_question_cancels(tmp_path):
    child = _spawn_new(tmp_path)
    child.expect(r"\?")
    child.expect("Use arrow keys")
    os.kill(child.pid, signal.SIGINT)
    child.expect(pexpect_eof(), timeout=10)
    child.close()
    assert child.exitstatus == 130
    assert "Cancelled; nothing was written." in child.before
    assert "Traceback" not in child.before
    assert list(tmp_path.iterdir()) == []


# --- the property ----------------------------------------------------------------------------

unicode_digits = st.sampled_from(["²", "³", "٣", "۴", "५", "①", "\U0001d7d3", "Ⅻ"])
huge_ints = st.integers(4301, 6000).map(lambda n: "9" * n)
yaml_numbers = st.sampled_from(["010", "0o17", "0x1F", "0b11", "1_000", "1:30", "+0x1", "-010"])
hostile_scalar = (
    unicode_digits
    | huge_ints
    | yaml_numbers
    | st.sampled_from(["NaN", ".nan", ".inf", "-.inf", "Infinity", "~", "null", "[]", "{}"])
    | st.text(max_size=30)
)
keys = st.sampled_from(["workers", "size", "admin", "project_name", "description", "database"])


def _nested(depth: int, inner: str, flavour: str) -> str:
    return (
        ("[" * depth + inner + "]" * depth)
        if flavour == "list"
        else ("{a: " * depth + inner + "}" * depth)
    )


JSON_VALUES = st.sampled_from(
    ["NaN", "Infinity", "-Infinity", "9" * 5000, "[" * 2000 + "]" * 2000, '"²"', "010", "1e999"]
)


@st.composite
def answers_texts(draw) -> tuple[str, str]:
    """(suffix, text) of an answers file mixing the hostile classes."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(keys)
        kind = draw(st.sampled_from(["scalar", "quoted", "nested", "duplicate"]))
        value = draw(hostile_scalar)
        if kind == "scalar":
            lines.append(f"{key}: {value}")
        elif kind == "quoted":
            lines.append(f"{key}: {json.dumps(value)}")
        elif kind == "nested":
            depth = draw(st.integers(1, 3000))
            lines.append(f"{key}: {_nested(depth, '1', draw(st.sampled_from(['list', 'map'])))}")
        else:
            lines += [f"{key}: {value}", f"{key}: {value}"]
    if draw(st.booleans()):
        return ".yml", "\n".join(lines) + "\n"
    body = ", ".join(
        f"{json.dumps(draw(keys))}: {draw(JSON_VALUES)}" for _ in range(draw(st.integers(1, 3)))
    )
    return ".json", "{" + body + "}"


PROPERTY = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(
    file=st.none() | answers_texts(),
    sets=st.lists(st.tuples(keys, hostile_scalar), max_size=3),
    command=st.sampled_from(["new", "recommend"]),
)
def test_hostile_answers_never_traceback_and_write_nothing_on_error(file, sets, command):
    with tempfile.TemporaryDirectory() as tmp:
        args = [command, "--no-input"]
        if file is not None:
            suffix, text = file
            path = Path(tmp) / f"answers{suffix}"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            args += ["--answers", str(path)]
        for key, value in sets:
            args += ["--set", f"{key}={value}"]
        out = Path(tmp) / "out"
        if command == "new":
            args += ["-o", str(out)]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert_one_line_error(result.output, result.exit_code, result.exit_code)
            assert not out.exists()
        elif command == "new":
            (project,) = out.iterdir()
            assert (project / ".scaffold.yml").is_file()


def test_deploy_error_for_a_bad_stored_slug_suggests_no_flag_deploy_refuses(tmp_path):
    assert (
        invoke("new", "--no-input", "-o", str(tmp_path), "--set", "project_name=shop").exit_code
        == 0
    )
    record = tmp_path / "shop" / ".scaffold.yml"
    record.write_text(record.read_text().replace("project_slug: shop", "project_slug: kombu"))
    result = scaffold("deploy", "--allow-dirty", cwd=tmp_path / "shop")
    assert_one_line_error(result.stderr, result.returncode)
    assert ".scaffold.yml" in result.stderr
    assert "--set project_slug" not in result.stderr

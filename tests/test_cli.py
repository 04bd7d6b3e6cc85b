"""The `scaffold` command through click's CliRunner: every option and every bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, **kwargs):
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


# --- help and version -----------------------------------------------------------------


def test_help_lists_the_commands(runner):
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert "new" in result.output and "recommend" in result.output


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert __version__ in result.output


# --- recommend --------------------------------------------------------------------------


def test_recommend_json_contract(runner):
    result = invoke(runner, "recommend", "--no-input", "--set", "size=large", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"framework", "scores", "reasons", "flip"}
    assert data["framework"] in {"flask", "django"}
    assert set(data["scores"]) == {"flask", "django"}
    for reason in data["reasons"]:
        assert set(reason) >= {"criterion", "answer", "favours", "weight", "rule"}
    for change in data["flip"]:
        assert set(change) == {"key", "from", "to"}
    assert any(r["criterion"] == "size" and r["answer"] == "large" for r in data["reasons"])


def test_recommend_text_shows_both_sides_and_the_flip(runner):
    result = invoke(
        runner, "recommend", "--no-input", "--set", "app_type=microservice", "--set", "size=small"
    )
    assert result.exit_code == 0
    assert "Recommendation: Flask" in result.output
    assert "For Flask:" in result.output and "For Django:" in result.output
    assert "What would make it Django:" in result.output


@pytest.mark.parametrize("suffix", [".yml", ".json"])
def test_recommend_reads_an_answers_file_and_set_overrides_it(runner, tmp_path, suffix):
    answers = {"size": "large", "admin": True, "auth": True, "deadline": "tight"}
    path = tmp_path / f"answers{suffix}"
    path.write_text(json.dumps(answers) if suffix == ".json" else yaml.safe_dump(answers))
    from_file = json.loads(
        invoke(runner, "recommend", "--no-input", "--answers", str(path), "--json").output
    )
    assert from_file["framework"] == "django"
    overridden = json.loads(
        invoke(
            runner, "recommend", "--no-input", "--answers", str(path), "--json",
            "--set", "size=small", "--set", "admin=false", "--set", "auth=no",
            "--set", "deadline=flexible", "--set", "app_type=microservice",
            "--set", "flexibility=freedom",
        ).output
    )  # fmt: skip
    assert overridden["framework"] == "flask"


# --- bad input: one line, exit 2, nothing written ----------------------------------------

BAD_SETS = [
    (["--set", "colour=blue"], "unknown answer key 'colour'"),
    (["--set", "size=huge"], "size: 'huge' is not one of: small, medium, large"),
    (["--set", "admin=maybe"], "admin: expected true or false"),
    (["--set", "nonsense"], "expected key=value"),
    (["--set", "workers=0"], "workers: expected 'auto' or a number from 1 to 64"),
    (["--set", "python_version=2.7"], "python_version: '2.7' is not one of"),
    (
        ["--set", "app_type=serverless", "--set", "database=sqlite"],
        "app_type=serverless cannot use SQLite (a Lambda function's disk is temporary and not "
        "shared); set database=postgres",
    ),
    (
        ["--set", "app_type=prototype", "--set", "celery=true", "--set", "redis=true"],
        "app_type=prototype is the smallest project and leaves out redis and celery; "
        "set redis=false, celery=false or choose app_type=api or fullstack",
    ),
    (
        ["--set", "app_type=microservice", "--set", "api=false"],
        "app_type=microservice is an API-only project and api=false leaves it nothing to "
        "serve; set api=true (or choose app_type=fullstack)",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_SETS)
def test_bad_set_values_name_the_key_and_allowed_values(runner, tmp_path, args, message):
    result = invoke(runner, "new", "--no-input", "-o", str(tmp_path), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


BAD_FILES = [
    ("answers.yml", "size: [unclosed", "is not valid YAML/JSON"),
    ("answers.json", "{not json", "is not valid YAML/JSON"),
    ("answers.yml", "- a\n- list\n", "must be a mapping of keys to values, not a list"),
    ("answers.yml", "size: huge\n", "size: 'huge' is not one of"),
    ("answers.yml", "colour: blue\n", "unknown answer key 'colour'"),
    ("answers.yml", "admin: [1, 2]\n", "admin: expected true or false"),
    ("answers.yml", "project_name: {a: 1}\n", "project_name: expected text, got dict"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_answers_files(runner, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    out = tmp_path / "out"
    result = invoke(runner, "new", "--no-input", "--answers", str(path), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_answers_file(runner, tmp_path):
    result = invoke(runner, "new", "--no-input", "--answers", str(tmp_path / "nope.yml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unreadable_answers_file(runner, tmp_path):
    path = tmp_path / "answers.yml"
    path.write_bytes(b"\xff\xfe\x00bad")
    result = invoke(runner, "new", "--no-input", "--answers", str(path), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is not UTF-8 text" in result.output


BAD_NAMES = [
    ("", "project_name is empty"),
    ("   ", "project_name is empty"),
    ("a/b", "path separator"),
    ("..", "path separator or '..'"),
    ("x\\y", "path separator"),
    ("123", "not a valid Python identifier"),
    ("!!!", "not a valid Python identifier"),
    ("class", "is a Python keyword"),
    ("flask", "would shadow"),
    ("django", "would shadow"),
    ("test", "would shadow"),
    ("site", "would shadow"),
    ("a" * 101, "at most 100 characters"),
    ("two\nlines", "control characters"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_project_names(runner, tmp_path, name, message):
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--set", f"project_name={name}"
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_explicit_slug(runner, tmp_path):
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--set", "project_slug=My-Shop"
    )
    assert result.exit_code == 2
    assert "not a valid Python identifier" in result.output


def test_bad_framework_option(runner, tmp_path):
    result = invoke(runner, "new", "--no-input", "-o", str(tmp_path), "--framework", "rails")
    assert result.exit_code == 2
    assert "'rails' is not one of 'flask', 'django'" in result.output


def test_without_a_terminal_asks_for_no_input(runner, tmp_path):
    result = invoke(runner, "new", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "pass --no-input" in result.output
    assert list(tmp_path.iterdir()) == []


# --- new --------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_new_with_defaults_and_override(runner, tmp_path, framework):
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--framework", framework,
        "--set", "project_name=Shop Front", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    project = Path(data["project_dir"])
    assert project == tmp_path / "shop_front"
    assert data["framework"] == framework
    assert data["overridden"] == (framework != data["recommendation"]["framework"])
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    assert record["template"] == framework
    assert record["recommendation"]["overridden"] == data["overridden"]
    assert record["recommendation"]["scores"] == data["recommendation"]["scores"]
    assert record["answers"]["project_name"] == "Shop Front"
    assert record["answers"]["project_slug"] == "shop_front"
    assert record["generator_version"] == __version__
    for name in ["Dockerfile", "gunicorn.conf.py", "entrypoint.sh", "nginx/default.conf"]:
        assert (project / name).is_file(), name
        assert record["files"][name].startswith("sha256:")
        assert (project / ".scaffold" / "base" / name).read_bytes() == (project / name).read_bytes()
    assert (project / ".env").is_file()
    assert "SECRET_KEY=" in (project / ".env").read_text()
    # No staging directory is left beside the project.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop_front"]


def test_new_follows_the_recommendation_without_override(runner, tmp_path):
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--json",
        "--set", "app_type=microservice", "--set", "size=small",
    )  # fmt: skip
    data = json.loads(result.output)
    assert data["framework"] == data["recommendation"]["framework"] == "flask"
    assert data["overridden"] is False
    assert data["answers"]["api"] is True


def test_serverless_defaults_to_postgres_and_says_so_in_the_record(runner, tmp_path):
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--json",
        "--set", "app_type=serverless",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    project = Path(json.loads(result.output)["project_dir"])
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    assert record["answers"]["database"] == "postgres"
    assert record["answers"]["app_type"] == "serverless"


def test_values_are_data_not_jinja(runner, tmp_path):
    description = 'He said "{{ 7*7 }}" \\ {% raw %} it\'s'
    result = invoke(
        runner, "new", "--no-input", "-o", str(tmp_path), "--framework", "flask",
        "--set", f"description={description}", "--set", "project_name=Café Olé",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    project = tmp_path / "cafe_ole"
    readme = (project / "README.md").read_text()
    assert "{{ 7*7 }}" in readme and "49" not in readme


def test_new_refuses_a_non_empty_target_and_changes_nothing(runner, tmp_path):
    target = tmp_path / "shop"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    before = tree(tmp_path)
    result = invoke(runner, "new", "--no-input", "-o", str(tmp_path), "--set", "project_name=shop")
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.output
    assert tree(tmp_path) == before


def test_new_fills_an_existing_empty_target(runner, tmp_path):
    (tmp_path / "shop").mkdir()
    result = invoke(runner, "new", "--no-input", "-o", str(tmp_path), "--set", "project_name=shop")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop" / ".scaffold.yml").is_file()


def test_a_render_failure_leaves_nothing_behind(runner, tmp_path, monkeypatch):
    broken = tmp_path / "templates" / "flask"
    (broken / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (broken / "cookiecutter.json").write_text(json.dumps({"project_slug": "x"}))
    (broken / "{{cookiecutter.project_slug}}" / "ok.txt").write_text("fine")
    (broken / "{{cookiecutter.project_slug}}" / "bad.txt").write_text("{{ cookiecutter.nope }}")
    monkeypatch.setattr("generator.project.templates_root", lambda: tmp_path / "templates")
    out = tmp_path / "out"
    result = invoke(
        runner, "new", "--no-input", "-o", str(out), "--framework", "flask",
        "--set", "project_name=shop",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "failed to render" in result.output
    assert not out.exists()  # created by this run, so removed with the rest


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_dir(runner, tmp_path):
    tmp_path.chmod(0o500)
    try:
        result = invoke(runner, "new", "--no-input", "-o", str(tmp_path))
    finally:
        tmp_path.chmod(0o700)
    assert result.exit_code == 2
    assert "cannot write to output directory" in result.output


def test_output_dir_that_is_a_file(runner, tmp_path):
    target = tmp_path / "file"
    target.write_text("mine")
    result = invoke(runner, "new", "--no-input", "-o", str(target))
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert target.read_text() == "mine"

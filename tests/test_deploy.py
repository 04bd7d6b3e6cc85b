"""`scaffold deploy`: regeneration with three-way merges, reports, dry runs and safety."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.deploy_files import group_of
from generator.project import complete
from generator.render import render_template

FRAMEWORKS = ["flask", "django"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(project).parts
    }


def app_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """Everything that is not a deployment file, nor scaffold's own record."""
    return {k: v for k, v in files.items() if group_of(k) is None and not k.startswith(".scaffold")}


@pytest.fixture(params=FRAMEWORKS)
def project(request, tmp_path) -> Path:
    result = invoke(
        "new", "--no-input", "-o", str(tmp_path), "--framework", request.param,
        "--set", "project_name=shop",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path / "shop"


def fresh_render(project: Path, tmp_path: Path, **changes) -> Path:
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    answers = complete({**record["answers"], **changes})
    return render_template(record["template"], answers, tmp_path / "fresh")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_check_is_clean_right_after_new(project):
    result = invoke("deploy", "-C", str(project), "--check")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


@pytest.mark.parametrize(
    ("framework", "settings"),
    [
        ("flask", ["database=postgres", "redis=true", "workers=3"]),
        ("django", ["database=postgres", "api=true", "asgi=true", "redis=true"]),
        ("django", ["python_version=3.11", "api=false"]),
    ],
)
def test_check_is_clean_right_after_new_with_options(tmp_path, framework, settings):
    args = ["new", "--no-input", "-o", str(tmp_path), "--framework", framework]
    for setting in ["project_name=opts", *settings]:
        args += ["--set", setting]
    assert invoke(*args).exit_code == 0
    result = invoke("deploy", "-C", str(tmp_path / "opts"), "--check")
    assert result.exit_code == 0, result.output


def test_user_edits_survive_and_the_new_answer_reaches_every_file(project, tmp_path):
    # Edit the way users do: a longer timeout, an extra Nginx location, a Dockerfile line.
    gunicorn = project / "gunicorn.conf.py"
    edit(gunicorn, "\ntimeout = ", "\ntimeout = 120  # slow reports\n_was_timeout = ")
    nginx = project / "nginx" / "default.conf"
    edit(nginx, "server_tokens off;", "server_tokens off;\n    location = /ping { return 204; }")
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + 'LABEL org.example.team="shop"\n')
    before = snapshot(project)

    result = invoke("deploy", "-C", str(project), "--set", "database=postgres", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["conflicts"] == []
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses["docker-compose.yml"] == "updated"

    after = snapshot(project)
    assert app_files(after) == app_files(before)  # application code byte-identical
    assert "timeout = 120  # slow reports" in gunicorn.read_text()
    assert "location = /ping { return 204; }" in nginx.read_text()
    assert dockerfile.read_text().endswith('LABEL org.example.team="shop"\n')
    # Every deployment file now matches a fresh postgres render, but for the user's edits.
    fresh = fresh_render(project, tmp_path, database="postgres")
    assert "postgres:17" in (project / "docker-compose.yml").read_text()
    for rel, data in after.items():
        if group_of(rel) and rel not in {"gunicorn.conf.py", "nginx/default.conf", "Dockerfile"}:
            assert data == (fresh / rel).read_bytes(), rel
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    assert record["answers"]["database"] == "postgres"
    # Once applied, the project is up to date with its new answers.
    assert invoke("deploy", "-C", str(project), "--check").exit_code == 0


def workers_line(project: Path) -> str:
    """The line of gunicorn.conf.py that holds the generated worker count."""
    text = (project / "gunicorn.conf.py").read_text()
    return next(ln for ln in text.splitlines() if '"auto"' in ln and "!=" not in ln)


def test_overlapping_edit_is_marked_inline_and_exits_1(project):
    gunicorn = project / "gunicorn.conf.py"
    line = workers_line(project)
    edit(gunicorn, line, line.replace('"auto"', '"3"') + "  # tuned")
    result = invoke("deploy", "-C", str(project), "--set", "workers=6")
    assert result.exit_code == 1
    assert "conflict" in result.output
    assert "up to date" not in result.output and "changed." not in result.output
    text = gunicorn.read_text()
    assert "<<<<<<< your version" in text and ">>>>>>> new scaffold render" in text
    assert line.replace('"auto"', '"3"') + "  # tuned" in text
    assert line.replace('"auto"', '"6"') in text
    assert not list(project.rglob("*.rej")) and not list(project.rglob("*.orig"))


def test_diff_writes_nothing_and_check_sees_an_option_change(project):
    before = snapshot(project)
    line = workers_line(project)
    result = invoke("deploy", "-C", str(project), "--diff", "--set", "workers=5")
    assert result.exit_code == 0
    assert "+" + line.replace('"auto"', '"5"') in result.output
    assert snapshot(project) == before
    check = invoke("deploy", "-C", str(project), "--check", "--set", "workers=5")
    assert check.exit_code == 1
    assert "gunicorn.conf.py" in check.output
    assert snapshot(project) == before


def test_a_deleted_file_stays_deleted(project):
    (project / ".dockerignore").unlink()
    result = invoke("deploy", "-C", str(project), "--set", "workers=2", "--json")
    assert result.exit_code == 0
    statuses = {f["path"]: f["status"] for f in json.loads(result.output)["files"]}
    assert statuses[".dockerignore"] == "kept-deleted"
    assert not (project / ".dockerignore").exists()


def test_only_regenerates_one_group(project):
    result = invoke(
        "deploy", "-C", str(project), "--only", "gunicorn", "--set", "database=postgres", "--json"
    )
    assert result.exit_code == 0
    paths = {f["path"] for f in json.loads(result.output)["files"]}
    assert paths == {"gunicorn.conf.py"}
    assert "postgres" not in (project / "docker-compose.yml").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, ".scaffold.yml not found"),
        ("template: [broken", "not valid YAML"),
        ("- a list\n", "is invalid"),
        ("template: rails\nanswers: {}\n", "is invalid"),
        ("template: flask\nanswers: {size: huge}\n", "is invalid"),
    ],
)
def test_missing_or_corrupt_record_is_a_clear_error(project, content, message):
    record = project / ".scaffold.yml"
    if content is None:
        record.unlink()
    else:
        record.write_text(content)
    before = snapshot(project)
    result = invoke("deploy", "-C", str(project), "--set", "workers=3")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_refuses_uncommitted_deployment_changes_unless_allowed(project):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")

    def run_git(*args: str) -> None:
        subprocess.run(
            [git, "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=project, check=True, capture_output=True,
        )  # fmt: skip

    run_git("init", "-q")
    run_git("add", "-A")
    run_git("commit", "-qm", "generated")
    edit(project / "gunicorn.conf.py", "\ntimeout = ", "\ntimeout = 99\n_t = ")
    record_before = (project / ".scaffold.yml").read_bytes()
    refused = invoke("deploy", "-C", str(project), "--set", "workers=4")
    assert refused.exit_code == 2
    assert "uncommitted changes to gunicorn.conf.py" in refused.output
    assert (project / ".scaffold.yml").read_bytes() == record_before
    allowed = invoke("deploy", "-C", str(project), "--set", "workers=4", "--allow-dirty")
    assert allowed.exit_code == 0, allowed.output
    assert "timeout = 99" in (project / "gunicorn.conf.py").read_text()


@pytest.mark.parametrize(
    "setting", ["project_slug=other", "redis=true", "asgi=true", "celery=true", "api=false"]
)
def test_answers_that_shape_application_code_cannot_change(project, setting):
    before = snapshot(project)
    result = invoke("deploy", "-C", str(project), "--set", setting)
    assert result.exit_code == 2
    assert "shapes application code" in result.output
    assert snapshot(project) == before


def test_restating_an_unchanged_answer_is_fine(project):
    result = invoke("deploy", "-C", str(project), "--set", "redis=false", "--check")
    assert result.exit_code == 0, result.output


def test_diff_and_check_together_is_a_usage_error(project):
    result = invoke("deploy", "-C", str(project), "--diff", "--check")
    assert result.exit_code == 2


def test_entrypoint_keeps_its_execute_bit(project):
    (project / "entrypoint.sh").unlink()
    (project / ".scaffold" / "base" / "entrypoint.sh").unlink()
    result = invoke("deploy", "-C", str(project), "--json")
    statuses = {f["path"]: f["status"] for f in json.loads(result.output)["files"]}
    assert statuses["entrypoint.sh"] == "created"
    assert (project / "entrypoint.sh").stat().st_mode & 0o111


def test_the_readme_worked_example_is_what_the_tool_prints(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    command = "$ scaffold deploy --set database=postgres --set workers=4\n"
    block = readme.split(command, 1)[1].split("```", 1)[0]
    assert invoke("new", "--no-input", "-o", str(tmp_path), "--framework", "flask",
                  "--set", "project_name=shop").exit_code == 0  # fmt: skip
    project = tmp_path / "shop"
    edit(project / "gunicorn.conf.py", "\ntimeout = ", "\ntimeout = 120\n_was_timeout = ")
    edit(project / "nginx" / "default.conf", "server_tokens off;",
         "server_tokens off;\n    location = /ping { return 204; }")  # fmt: skip
    changes = ("--set", "database=postgres", "--set", "workers=4")
    result = invoke("deploy", "-C", str(project), *changes)
    assert result.exit_code == 0
    assert result.output == block


def test_the_readme_lists_the_keys_deploy_accepts():
    from generator.deploy import DEPLOY_KEYS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("**Which answers deploy changes.**", 1)[1].split("\n\n", 1)[0]
    for key in DEPLOY_KEYS:
        assert f"`{key}`" in section


SERVERLESS_FILES = {"template.yaml", "lambda_handler.py"}


def test_switching_to_serverless_creates_the_lambda_files_and_names_the_rest(tmp_path):
    new = ["new", "--no-input", "-o", str(tmp_path), "--framework", "flask"]
    assert invoke(*new, "--set", "project_name=shop", "--set", "database=postgres").exit_code == 0
    project = tmp_path / "shop"
    before = app_files(snapshot(project))
    result = invoke("deploy", "-C", str(project), "--set", "app_type=serverless", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert {statuses[name] for name in SERVERLESS_FILES} == {"created"}
    fresh = fresh_render(project, tmp_path, app_type="serverless")
    for name in SERVERLESS_FILES:
        assert (project / name).read_bytes() == (fresh / name).read_bytes()
    assert app_files(snapshot(project)) == before, "application code is never touched"
    assert report["answers"]["app_type"] == "serverless"
    (note,) = report["notes"]
    for name in ("pyproject.toml", "Makefile", "README.md", "tests/test_lambda.py"):
        assert name in note
    again = invoke("deploy", "-C", str(project), "--check")
    assert again.exit_code == 0 and "up to date" in again.output


@pytest.mark.parametrize("edited", [False, True])
def test_switching_away_from_serverless_removes_only_unedited_files(tmp_path, edited):
    new = ["new", "--no-input", "-o", str(tmp_path), "--framework", "django"]
    assert invoke(*new, "--set", "project_name=shop", "--set", "app_type=serverless").exit_code == 0
    project = tmp_path / "shop"
    if edited:
        edit(project / "template.yaml", "MemorySize: 512", "MemorySize: 1024")
    result = invoke("deploy", "-C", str(project), "--set", "app_type=unsure", "--json")
    assert result.exit_code == 0, result.output
    statuses = {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}
    assert statuses["lambda_handler.py"] == "removed"
    assert not (project / "lambda_handler.py").exists()
    assert statuses["template.yaml"] == ("kept-edited" if edited else "removed")
    assert (project / "template.yaml").exists() is edited
    record = yaml.safe_load((project / ".scaffold.yml").read_text())
    assert record["answers"]["app_type"] == "unsure"
    assert not SERVERLESS_FILES & set(record["files"])


def test_serverless_still_refuses_sqlite_through_deploy(tmp_path):
    assert invoke("new", "--no-input", "-o", str(tmp_path), "--framework", "flask",
                  "--set", "project_name=shop").exit_code == 0  # fmt: skip
    before = snapshot(tmp_path / "shop")
    result = invoke("deploy", "-C", str(tmp_path / "shop"), "--set", "app_type=serverless")
    assert result.exit_code == 2
    assert "sqlite" in result.output.lower()
    assert snapshot(tmp_path / "shop") == before


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_switching_to_static_and_back_follows_the_static_group(tmp_path, framework):
    new = ["new", "--no-input", "-o", str(tmp_path), "--framework", framework]
    assert invoke(*new, "--set", "project_name=shop").exit_code == 0
    project = tmp_path / "shop"
    static_files = {"Dockerfile.static", "nginx/static.conf"}
    there = invoke("deploy", "-C", str(project), "--set", "app_type=static", "--json")
    assert there.exit_code == 0, there.output
    statuses = {f["path"]: f["status"] for f in json.loads(there.stdout)["files"]}
    assert {statuses[name] for name in static_files} == {"created"}
    # The note names the application files the kind adds, which deploy leaves to the user.
    site_code = {"flask": "shop/static_site.py", "django": "shop/pages/"}[framework]
    assert site_code in json.loads(there.stdout)["notes"][0]
    back = invoke("deploy", "-C", str(project), "--set", "app_type=unsure", "--json")
    statuses = {f["path"]: f["status"] for f in json.loads(back.stdout)["files"]}
    assert {statuses[name] for name in static_files} == {"removed"}
    assert not any((project / name).exists() for name in static_files)

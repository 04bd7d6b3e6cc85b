"""The built wheel carries the templates: `scaffold new` works after a plain install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.stack import REPO, run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    uv = shutil.which("uv") or "uv"
    run([uv, "build", "--wheel", "--out-dir", str(dist), str(REPO)], cwd=REPO, timeout=300)
    (built,) = dist.glob("scaffold-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_both_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for framework in ("flask", "django"):
        assert f"generator/templates/{framework}/cookiecutter.json" in names
    assert not any(name.startswith("templates/") for name in names)


@pytest.mark.slow
def test_scaffold_new_works_from_any_directory_after_a_plain_install(wheel, tmp_path):
    venv = tmp_path / "venv"
    uv = shutil.which("uv") or "uv"
    run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp_path)
    run(
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
        cwd=tmp_path,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scaffold = str(venv / "bin" / "scaffold")
    for framework in ("flask", "django"):
        result = subprocess.run(
            [
                scaffold,
                "new",
                "--no-input",
                "--framework",
                framework,
                "--set",
                f"project_name={framework} site",
            ],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        project = elsewhere / f"{framework}_site"
        assert (project / ".scaffold.yml").is_file()
        assert (project / "Dockerfile").is_file()
    version = subprocess.run([scaffold, "--version"], capture_output=True, text=True, check=True)
    assert "scaffold" in version.stdout

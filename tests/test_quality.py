"""Our own code is held to the bar we set for generated projects: ruff and strict mypy."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.stack import REPO


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "generator", "tests", "benchmarks"],
        ["ruff", "format", "--check", "generator"],
        ["mypy"],
    ],
    ids=" ".join,
)
def test_tool_is_clean(command):
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: pip install -e '.[test]'")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]

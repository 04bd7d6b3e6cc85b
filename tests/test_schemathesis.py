"""Schemathesis fuzzes each starter's API from the starter's own OpenAPI document.

Each starter (Flask; Django with api=true) runs under Gunicorn on SQLite and on PostgreSQL
with a user and a valid Bearer token; Schemathesis (pinned in pyproject.toml's `test`
extra) runs every check it has: server errors, documented status codes, content types and
headers, response schema conformance, negative data rejected, positive data accepted,
authentication not ignored. The example count and seed are fixed so CI is quick and a
failure reproduces. Zero failures are allowed.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_support import (
    DATABASES,
    FRAMEWORKS,
    UNTHROTTLED,
    Database,
    Framework,
    Servers,
    Starters,
)
from tests.stack import run

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 30
SEED = 14  # the issue these checks prove; any fixed number makes runs repeatable
VARIANTS = [
    pytest.param(framework, database, id=f"{framework}-{database}")
    for framework in FRAMEWORKS
    for database in DATABASES
]


# Django's sign-up applies Django's password validators (too common, too like the username,
# all digits) and a unique username, which no JSON Schema can state: a schema-valid body
# may get 400 with its field errors there. Every other check still runs on it.
SIGNUP_CONFIG = """\
[[operations]]
include-path = "/api/auth/signup/"
checks.positive_data_acceptance.enabled = false
"""


def schemathesis() -> str:
    """The CLI installed beside this Python (the test extra), else from PATH."""
    beside = Path(sys.executable).parent / "schemathesis"
    found = str(beside) if beside.exists() else shutil.which("schemathesis")
    assert found, "schemathesis is not installed (it comes with the `test` extra)"
    return found


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    # API projects with accounts: Django's sign-up endpoint is fuzzed with the rest.
    starters = Starters(tmp_path_factory.mktemp("schemathesis"), app_type="api", auth=True)
    pool = Servers(starters, **UNTHROTTLED)
    yield pool
    pool.close()


@pytest.mark.parametrize(("framework", "database"), VARIANTS)
def test_schemathesis_finds_no_failure(
    servers: Servers, framework: Framework, database: Database, tmp_path: Path
) -> None:
    api = servers(framework, database)
    (tmp_path / "schemathesis.toml").write_text(SIGNUP_CONFIG)
    command = [
        schemathesis(),
        "run",
        f"{api.url}/api/openapi.json",
        f"--url={api.url}",
        # Every check runs by default (a `--checks` option would override the file above).
        f"--header=Authorization: Bearer {api.token}",
        f"--max-examples={MAX_EXAMPLES}",
        f"--seed={SEED}",
        "--generation-database=none",
        # One worker: SQLite allows one writer, and failures then read in order.
        "--workers=1",
        "--request-timeout=20",
        "--no-color",
        "--report=junit",
        f"--report-dir={tmp_path / 'report'}",
    ]
    try:
        result = run(command, cwd=tmp_path, timeout=900)
    except AssertionError as failed:
        raise AssertionError(f"{failed}\n--- server log ---\n{api.log_tail()}") from None
    assert "No issues found" in result.stdout or " passed" in result.stdout, result.stdout
    assert "Traceback" not in api.log.read_text(errors="replace"), api.log_tail()

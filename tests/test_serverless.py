"""app_type=serverless: the Lambda target, proven without AWS.

Per framework, one rendered project: its own suite (which feeds the real handler API
Gateway v1 and v2 events), ruff, cfn-lint on template.yaml, and the handler's answers
compared with the same requests through real Gunicorn on the same PostgreSQL database.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

import pytest

from generator.engine import recommend
from generator.project import complete
from generator.render import create_project
from tests.live import _django_token, _environment, _flask_token
from tests.stack import (
    Venv,
    free_port,
    http,
    postgres_cluster,
    process,
    project_requirements,
    run,
    uv_venv,
    wait_http,
)

pytestmark = pytest.mark.slow

FRAMEWORKS = ("flask", "django")
CFN_LINT = ["cfn-lint>=1.58,<2"]
KINDS = ("v1", "v2")  # API Gateway REST API and HTTP API payloads

# Runs in the generated project's venv: the real handler, on a cold start, answers each
# event (the generated tests' own event builders) with (status, content type, body).
DRIVER = """
import json, sys
import lambda_handler
from tests.test_lambda import http_api_event, rest_event

kinds = {"v1": rest_event, "v2": http_api_event}
if sys.argv[1] == "migrate":
    print(json.dumps(lambda_handler.migrate({}, None)))
    raise SystemExit
answers = []
for kind, method, path, body, headers in json.loads(sys.argv[1]):
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **headers}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    answer = lambda_handler.handler(kinds[kind](method, path, headers, body), None)
    found = {k.lower(): v for k, v in answer.get("headers", {}).items()}
    found |= {k.lower(): v[-1] for k, v in answer.get("multiValueHeaders", {}).items()}
    assert not answer.get("isBase64Encoded"), answer
    answers.append([answer["statusCode"], found.get("content-type"), answer["body"]])
print(json.dumps(answers))
"""


class Served:
    """One serverless project: its venv and environment, with Gunicorn at `url`."""

    def __init__(self, project: Path, venv: Venv, env: dict[str, str], url: str) -> None:
        self.project, self.venv, self.env, self.url = project, venv, env, url

    def handler(self, requests: list[list[object]]) -> list[tuple[int, str, object]]:
        out = run([str(self.venv.python), "-c", DRIVER, json.dumps(requests)], self.project,
                  self.env)  # fmt: skip
        return [(s, t, json.loads(b)) for s, t, b in json.loads(out.stdout.splitlines()[-1])]

    def gunicorn(self, method: str, path: str, body=None, headers=None):
        response = http(method, self.url + path, body, headers)
        return response.status, response.headers.get("content-type"), response.json()


@pytest.fixture(scope="module", params=FRAMEWORKS)
def project(request, tmp_path_factory) -> Path:
    answers = complete({"project_name": "lambda shop", "app_type": "serverless"})
    out = tmp_path_factory.mktemp(request.param)
    return create_project(request.param, answers, recommend(answers), out)


@pytest.fixture(scope="module")
def venv(project) -> Venv:
    return uv_venv(project_requirements(project))


def test_the_project_passes_its_own_suite_and_ruff(project, venv):
    env = venv.env(PYTHONDONTWRITEBYTECODE="1")
    for name in ("APP_ENV", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)
    suite = run([str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert re.search(r"\d+ passed", suite.stdout) and "failed" not in suite.stdout
    assert "test_lambda.py" in run([str(venv.python), "-m", "pytest", "--collect-only", "-q"],
                                   project, env).stdout  # fmt: skip
    run(["ruff", "check", "."], project)
    run(["ruff", "format", "--check", "."], project)


def test_cfn_lint_passes_on_the_sam_template(project, tmp_path):
    lint = uv_venv(CFN_LINT)
    broken = tmp_path / "broken.yaml"  # beside it, a copy the linter must fault
    broken.write_text((project / "template.yaml").read_text().replace("Timeout: 29", "Timeout: 0"))
    result = subprocess.run(
        [lint.bin("cfn-lint"), "--format", "parseable", "template.yaml", str(broken)],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = result.stdout.splitlines()
    assert found, result.stderr
    assert all(line.startswith(str(broken)) for line in found), result.stdout


@pytest.fixture(scope="module")
def served(project, venv):
    framework = "flask" if (project / "wsgi.py").exists() else "django"
    root = Path(tempfile.mkdtemp(prefix="scaffold-lambda-"))
    with postgres_cluster() as pg:
        port = free_port()
        env = _environment(framework, venv, pg.create_database("lambda"), port, root)
        env = {**env, "MIGRATE_ON_START": "false", "SECRET_KEY": secrets.token_urlsafe(50)}
        if framework == "django":
            run([str(venv.python), "manage.py", "collectstatic", "--noinput"], project, env)
        # The tables come from the Lambda migrate entry point alone (MIGRATE_ON_START=false).
        migrated = run([str(venv.python), "-c", DRIVER, "migrate"], project, env)
        assert json.loads(migrated.stdout.splitlines()[-1]) == {"status": "migrated"}
        with process(["sh", "entrypoint.sh"], cwd=project, env=env, log=root / "web.log") as web:
            url = f"http://127.0.0.1:{port}"
            wait_http(f"{url}/healthz", web, timeout=60)
            (_django_token if framework == "django" else _flask_token)(project, env, url)
            yield Served(project, venv, env, url)


def test_the_handler_answers_as_gunicorn_does(served):
    from tests.live import ADMIN

    login = {"username": ADMIN[0], "password": ADMIN[1]}
    status, _, token = served.gunicorn("POST", "/api/auth/token/", login)
    assert status == 200, token
    auth = {"Authorization": f"Bearer {token['token']}"}
    created = served.handler([
        ["v1", "POST", "/api/items/", {"name": "from v1"}, auth],
        ["v2", "POST", "/api/items/", {"name": "from v2"}, auth],
        ["v1", "POST", "/api/items/", {"name": "no token"}, {}],
        ["v2", "POST", "/api/items/", {"name": "no token"}, {}],
    ])  # fmt: skip
    by_gunicorn = served.gunicorn("POST", "/api/items/", {"name": "from gunicorn"}, auth)
    assert [(s, t, b["name"]) for s, t, b in created[:2]] == [
        (201, "application/json", "from v1"),
        (201, "application/json", "from v2"),
    ]
    assert by_gunicorn[:2] == (201, "application/json")
    unauthorized = served.gunicorn("POST", "/api/items/", {"name": "no token"})
    assert created[2] == created[3] == unauthorized
    assert unauthorized[0] == 401

    ids = [created[0][2]["id"], created[1][2]["id"], by_gunicorn[2]["id"]]
    paths = [f"/api/items/{i}/" for i in ids] + ["/api/items/999999/", "/api/items/"]
    expected = [served.gunicorn("GET", path) for path in paths]
    answers = served.handler([[kind, "GET", path, None, {}] for kind in KINDS for path in paths])
    assert answers == expected * len(KINDS)
    assert expected[3][0] == 404 and expected[3][1] == "application/problem+json"
    assert [item["name"] for item in expected[4][2]["results"]] == [
        "from v1", "from v2", "from gunicorn"
    ]  # fmt: skip

"""The templates' hooks, one file each for both templates: the answers scaffold refuses are
refused for plain `cookiecutter` use too, in one line, with nothing written."""

from __future__ import annotations

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from generator.errors import UsageError
from generator.project import complete
from tests.stack import TEMPLATES

REFUSED = [
    ({"app_type": "serverless", "database": "sqlite"}, "cannot use SQLite"),
    ({"app_type": "prototype", "redis": True}, "smallest project"),
    ({"app_type": "prototype", "celery": True, "redis": True}, "smallest project"),
]


@pytest.mark.parametrize("framework", ["flask", "django"])
@pytest.mark.parametrize(("answers", "message"), REFUSED)
def test_scaffold_and_plain_cookiecutter_refuse_the_same_answers(
    tmp_path, capfd, framework, answers, message
):
    with pytest.raises(UsageError, match=message):
        complete({"project_name": "x", **answers})
    with pytest.raises(FailedHookException):
        cookiecutter(
            str(TEMPLATES / framework), no_input=True, extra_context=answers,
            output_dir=str(tmp_path),
        )  # fmt: skip
    errors = [line for line in capfd.readouterr().err.splitlines() if message in line]
    assert len(errors) == 1, errors
    assert list(tmp_path.iterdir()) == []


def test_django_api_only_kinds_need_the_api(tmp_path, capfd):
    with pytest.raises(UsageError, match="API-only"):
        complete({"project_name": "x", "app_type": "api", "api": False})
    with pytest.raises(FailedHookException):
        cookiecutter(
            str(TEMPLATES / "django"), no_input=True,
            extra_context={"app_type": "api", "api": False}, output_dir=str(tmp_path),
        )  # fmt: skip
    assert "app_type api is an API-only project: set api to true" in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("framework", ["flask", "django"])
@pytest.mark.parametrize("name", ["pre_gen_project.py", "post_gen_project.py"])
def test_each_hook_is_one_file_for_both_templates(framework, name):
    hook = TEMPLATES / framework / "hooks" / name
    assert hook.resolve() == (TEMPLATES / "shared" / "hooks" / name).resolve()

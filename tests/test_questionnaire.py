"""The real interactive questionnaire, driven through a pseudo-terminal with pexpect."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from generator.questions import DECISION_QUESTIONS, PROJECT_QUESTIONS

DOWN = "\x1b[B"
ENTER = "\r"


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "120"}
    child = pexpect.spawn(
        sys.executable, ["-m", "generator", *args], cwd=str(cwd), env=env,
        encoding="utf-8", timeout=20, dimensions=(40, 120),
    )  # fmt: skip
    return child


def answer(child: pexpect.spawn, prompt: str, keys: str = ENTER) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def test_recommend_interactively_with_chosen_answers(tmp_path):
    child = spawn("recommend", cwd=tmp_path)
    choices = {"size": DOWN, "admin": "y", "auth": "y"}  # size: medium -> large
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt, choices.get(question.key, "") + ENTER)
    child.expect_exact("Recommendation: Django")
    child.expect_exact("size=large")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_new_interactively_overriding_the_recommendation(tmp_path):
    child = spawn("new", "-o", str(tmp_path), cwd=tmp_path)
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt)
    child.expect_exact("Recommendation: Django")
    answer(child, "Which framework?", DOWN + ENTER)  # pick the other one: Flask
    for question in PROJECT_QUESTIONS:
        if question.key == "project_name":
            child.expect_exact(question.prompt)
            child.send("\x15")  # clear the default text (Ctrl-U)
            child.send("Demo Shop" + ENTER)
        else:
            answer(child, question.prompt)
    child.expect_exact("Created Flask project")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    record = yaml.safe_load((tmp_path / "demo_shop" / ".scaffold.yml").read_text())
    assert record["template"] == "flask"
    assert record["recommendation"] == {
        "framework": "django",
        "scores": record["recommendation"]["scores"],
        "overridden": True,
    }
    assert record["answers"]["project_name"] == "Demo Shop"


def test_new_interactively_accepting_the_recommendation(tmp_path):
    child = spawn("new", "-o", str(tmp_path), "--set", "project_name=accept", cwd=tmp_path)
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt)
    answer(child, "Which framework?")
    for question in PROJECT_QUESTIONS:
        if question.key != "project_name":
            answer(child, question.prompt)
    child.expect_exact("Created Django project")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = yaml.safe_load((tmp_path / "accept" / ".scaffold.yml").read_text())
    assert record["recommendation"]["overridden"] is False


@pytest.mark.parametrize("stop_after", [0, 5])
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path, stop_after):
    child = spawn("new", "-o", str(tmp_path), cwd=tmp_path)
    for question in DECISION_QUESTIONS[:stop_after]:
        answer(child, question.prompt)
    child.expect_exact(DECISION_QUESTIONS[stop_after].prompt)
    child.sendintr()
    child.expect_exact("Cancelled; nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []

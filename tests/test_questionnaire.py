"""The real interactive questionnaire, driven through a pseudo-terminal with pexpect."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from generator.questions import DECISION_QUESTIONS, NEUTRAL, PROJECT_QUESTIONS

DOWN = "\x1b[B"
UP = "\x1b[A"
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


def test_every_decision_question_starts_at_its_neutral_answer(tmp_path):
    child = spawn("recommend", cwd=tmp_path)
    for question in DECISION_QUESTIONS:
        child.expect_exact(question.prompt)
        if question.kind != "bool":
            # The pointer (») starts on the neutral answer's label (between colour codes).
            child.expect(r"» (\x1b\[[0-9;]*m)*" + re.escape(question.label(NEUTRAL)))
        child.send(ENTER)
    child.expect_exact("Recommendation: Flask, by the tie-break  (Django 0 : Flask 0")
    child.expect_exact("The answers do not decide")
    child.expect_exact("What would make it Django: size unsure -> large")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_recommend_interactively_with_chosen_answers(tmp_path):
    child = spawn("recommend", cwd=tmp_path)
    # From the neutral answer (last in each list), up one: large; up two: yes / builtin.
    # A yes/no prompt takes "y" without Enter.
    keys = {"size": UP + ENTER, "admin": "y", "auth": "y", "growth": UP + UP + ENTER,
            "security": UP + UP + ENTER}  # fmt: skip
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt, keys.get(question.key, ENTER))
    child.expect_exact("Recommendation: Django  (Django 12 : Flask 0")
    for reason in ("size=large", "admin=yes", "auth=yes", "growth=yes", "security=builtin"):
        child.expect_exact(reason)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_new_interactively_overriding_the_recommendation(tmp_path):
    child = spawn("new", "-o", str(tmp_path), cwd=tmp_path)
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt)
    child.expect_exact("Recommendation: Flask, by the tie-break")
    answer(child, "Which framework?", DOWN + ENTER)  # pick the other one: Django
    for question in PROJECT_QUESTIONS:
        if question.key == "project_name":
            child.expect_exact(question.prompt)
            child.send("\x15")  # clear the default text (Ctrl-U)
            child.send("Demo Shop" + ENTER)
        else:
            answer(child, question.prompt)
    child.expect_exact("Created Django project")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    record = yaml.safe_load((tmp_path / "demo_shop" / ".scaffold.yml").read_text())
    assert record["template"] == "django"
    assert record["recommendation"] == {
        "framework": "flask",
        "scores": {"flask": 0, "django": 0},
        "overridden": True,
    }
    assert record["answers"]["project_name"] == "Demo Shop"
    assert {q.key: record["answers"][q.key] for q in DECISION_QUESTIONS} == {
        q.key: q.default for q in DECISION_QUESTIONS
    }


def test_new_interactively_accepting_the_recommendation(tmp_path):
    child = spawn("new", "-o", str(tmp_path), "--set", "project_name=accept", cwd=tmp_path)
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt)
    answer(child, "Which framework?")
    for question in PROJECT_QUESTIONS:
        if question.key not in {"project_name", "api", "asgi"}:  # the last two: Django only
            answer(child, question.prompt)
    child.expect_exact("Created Flask project")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = yaml.safe_load((tmp_path / "accept" / ".scaffold.yml").read_text())
    assert record["recommendation"]["overridden"] is False
    assert record["template"] == "flask"


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


def test_new_asks_only_what_the_kind_of_application_and_framework_leave_open(tmp_path):
    child = spawn("new", "-o", str(tmp_path), "--set", "project_name=orders", cwd=tmp_path)
    child.logfile_read = transcript = io.StringIO()
    # app_type's choices end ..., serverless, static, unsure: serverless is two up.
    keys = {"app_type": UP + UP + ENTER}
    for question in DECISION_QUESTIONS:
        answer(child, question.prompt, keys.get(question.key, ENTER))
    answer(child, "Which framework?")  # Flask, recommended for serverless
    asked = []
    for question in PROJECT_QUESTIONS:
        if question.key in {"project_name", "database", "api", "asgi"}:
            continue  # given, settled by serverless, or a Django-only question
        answer(child, question.prompt)
        asked.append(question.key)
    child.expect_exact("Created Flask project")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    for skipped in ("Database", "Include a REST API", "Serve through ASGI"):
        assert skipped not in transcript.getvalue()
    record = yaml.safe_load((tmp_path / "orders" / ".scaffold.yml").read_text())
    assert record["answers"]["app_type"] == "serverless"
    assert record["answers"]["database"] == "postgres"

"""From validated answers to a complete project description and a cookiecutter context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.answers import Answers, Value, check_project_name, derive_slug
from generator.criteria import Framework
from generator.errors import RenderError, UsageError
from generator.paths import templates_root
from generator.questions import NEUTRAL, QUESTIONS

# Kinds of application whose starter includes the API by default. Not knowing the kind
# ("unsure", the default) keeps the API the starter always had.
API_APP_TYPES = frozenset({"api", "microservice", "serverless", NEUTRAL})


def implied(answers: Mapping[str, Value]) -> dict[str, Value]:
    """The answers the kind of application settles, so the questionnaire need not ask them."""
    app_type = answers.get("app_type")
    if app_type in {"api", "microservice"}:
        return {"api": True}
    if app_type == "serverless":
        return {"database": "postgres"}
    if app_type == "prototype":
        return {"redis": False, "celery": False}
    return {}


def default_for(key: str, answers: Mapping[str, Value]) -> Value:
    """The default answer for `key`, given the answers so far (some defaults derive)."""
    if key == "project_slug":
        return derive_slug(str(answers.get("project_name", QUESTIONS["project_name"].default)))
    if key == "api":
        return answers.get("app_type", QUESTIONS["app_type"].default) in API_APP_TYPES
    if key == "redis":
        return bool(answers.get("celery", False))
    if key == "database" and answers.get("app_type") == "serverless":
        return "postgres"  # a Lambda function's disk is temporary: SQLite cannot hold data
    return QUESTIONS[key].default


def complete(answers: Mapping[str, Value]) -> Answers:
    """Every question answered: given answers kept, the rest from (derived) defaults."""
    values = dict(answers)
    for key in QUESTIONS:
        if key not in values or (key == "project_slug" and not values[key]):
            values[key] = default_for(key, values)
    check_project_name(str(values["project_name"]), str(values["project_slug"]))
    if values["celery"] and not values["redis"]:
        raise UsageError("celery needs redis as its broker; set redis=true (or celery=false)")
    check_app_type(values)
    return Answers(values)


def check_app_type(values: Mapping[str, Value]) -> None:
    """Refuse the answer combinations a kind of application cannot honour."""
    app_type = values["app_type"]
    if app_type == "serverless" and values["database"] == "sqlite":
        raise UsageError(
            "app_type=serverless cannot use SQLite (a Lambda function's disk is temporary "
            "and not shared); set database=postgres"
        )
    if app_type in {"api", "microservice"} and not values["api"]:
        raise UsageError(
            f"app_type={app_type} is an API-only project and api=false leaves it nothing to "
            "serve; set api=true (or choose app_type=fullstack)"
        )
    if app_type == "prototype":
        extras = [key for key in ("redis", "celery") if values[key]]
        if extras:
            left_out, settings = " and ".join(extras), ", ".join(f"{k}=false" for k in extras)
            raise UsageError(
                f"app_type=prototype is the smallest project and leaves out {left_out}; "
                f"set {settings} or choose app_type=api or fullstack"
            )


def template_dir(framework: Framework) -> Path:
    return templates_root() / framework


def cookiecutter_context(framework: Framework, answers: Answers) -> dict[str, Any]:
    """The context for the framework's template: its cookiecutter.json with our answers.

    Only keys the template declares are passed; values are passed as data and never
    rendered as Jinja (we call cookiecutter's `generate_files` directly for that reason).
    """
    declared = load_template_variables(framework)
    context: dict[str, Any] = {}
    for key, default in declared.items():
        if key.startswith("_"):
            context[key] = default
        elif key in answers:
            context[key] = answers[key]
        else:
            raise RenderError(f"template {framework} asks for unknown answer {key!r}")
    return context


def load_template_variables(framework: Framework) -> dict[str, Any]:
    path = template_dir(framework) / "cookiecutter.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise RenderError(f"template {framework} is broken: cannot read {path}: {err}") from err
    return data

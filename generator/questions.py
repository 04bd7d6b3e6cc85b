"""Every question scaffold asks, as data: key, prompt text, allowed values, default.

The keys and values of the decision questions are a public contract: answers files,
`--set`, `.scaffold.yml` and `--json` output all use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["choice", "bool", "text", "workers"]


@dataclass(frozen=True)
class Question:
    """One question: what it asks and which values it accepts."""

    key: str
    prompt: str
    kind: Kind
    default: str | bool
    choices: tuple[str, ...] = ()
    help: str = ""


DECISION_QUESTIONS: tuple[Question, ...] = (
    Question(
        "size",
        "How big will the application be?",
        "choice",
        "medium",
        ("small", "medium", "large"),
    ),
    Question(
        "deadline",
        "Are deadlines a driving factor?",
        "choice",
        "flexible",
        ("tight", "flexible"),
    ),
    Question(
        "app_type",
        "What are you building?",
        "choice",
        "api",
        ("api", "fullstack", "microservice", "prototype", "serverless", "static"),
    ),
    Question("admin", "Does it need an admin interface for its data?", "bool", False),
    Question("auth", "Does it need user accounts, roles and authentication?", "bool", False),
    Question(
        "db_control",
        "Built-in ORM and migrations, or more control over database communication?",
        "choice",
        "orm",
        ("orm", "hands-on"),
    ),
    Question(
        "flexibility",
        "Structure and conventions, or freedom to pick your own components?",
        "choice",
        "conventions",
        ("conventions", "freedom"),
    ),
    Question("growth", "Do you expect it to grow into a complex application?", "bool", False),
    Question(
        "python_experience",
        "How experienced is the team with Python?",
        "choice",
        "experienced",
        ("beginner", "experienced"),
    ),
    Question(
        "security",
        "Built-in protection (CSRF, XSS, SQL injection) out of the box, or set it up yourself?",
        "choice",
        "builtin",
        ("builtin", "manual"),
    ),
    Question(
        "domain",
        "Which known use case is closest?",
        "choice",
        "other",
        ("ecommerce", "social", "cms", "enterprise", "notification", "iot", "other"),
    ),
)

PYTHON_VERSIONS: tuple[str, ...] = ("3.11", "3.12", "3.13")

PROJECT_QUESTIONS: tuple[Question, ...] = (
    Question("project_name", "Project name", "text", "My Project"),
    Question(
        "project_slug",
        "Python package name",
        "text",
        "",
        help="derived from the project name when left empty",
    ),
    Question("description", "Short description", "text", "A Python web application."),
    Question("author", "Author", "text", "Your Name"),
    Question(
        "python_version",
        "Python version for the container image",
        "choice",
        "3.13",
        PYTHON_VERSIONS,
    ),
    Question("database", "Database", "choice", "sqlite", ("sqlite", "postgres")),
    Question(
        "api",
        "Include a REST API for the sample model?",
        "bool",
        False,
        help="defaults to yes when app_type is api or microservice",
    ),
    Question("asgi", "Serve through ASGI (Uvicorn workers) for async views?", "bool", False),
    Question("celery", "Run background jobs with Celery (Redis as its broker)?", "bool", False),
    Question(
        "redis",
        "Use Redis for caching and sessions?",
        "bool",
        False,
        help="defaults to yes when celery is on",
    ),
    Question(
        "workers",
        "Gunicorn worker count",
        "workers",
        "auto",
        help="'auto' (2 x CPUs + 1, overridable at run time) or a number from 1 to 64",
    ),
)

FRAMEWORKS: tuple[str, ...] = ("flask", "django")

QUESTIONS: dict[str, Question] = {q.key: q for q in DECISION_QUESTIONS + PROJECT_QUESTIONS}
DECISION_KEYS: tuple[str, ...] = tuple(q.key for q in DECISION_QUESTIONS)

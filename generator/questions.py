"""Every question scaffold asks, as data: key, prompt text, allowed values, default.

The keys and values of the decision questions are a public contract: answers files,
`--set`, `.scaffold.yml` and `--json` output all use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["choice", "bool", "tristate", "text", "workers"]

# The neutral answer every decision question accepts and starts at: it scores for neither
# framework, so pressing Enter through the questionnaire leaves the choice to the answers
# the user did give. One spelling everywhere (answers files, `--set`, `.scaffold.yml`).
NEUTRAL = "unsure"


@dataclass(frozen=True)
class Question:
    """One question: what it asks and which values it accepts.

    `labels` are the words the prompt shows for a value (the value itself is what files
    and `--set` use). A "tristate" question is yes/no with the neutral answer as a third.
    """

    key: str
    prompt: str
    kind: Kind
    default: str | bool
    choices: tuple[str, ...] = ()
    help: str = ""
    labels: tuple[tuple[str | bool, str], ...] = ()

    @property
    def values(self) -> tuple[str | bool, ...]:
        """Every value the question accepts (empty for free text)."""
        if self.kind == "bool":
            return (True, False)
        if self.kind == "tristate":
            return (True, False, NEUTRAL)
        return self.choices

    def label(self, value: str | bool) -> str:
        """What the prompt shows for `value`."""
        return dict(self.labels).get(
            value, "yes" if value is True else "no" if value is False else str(value)
        )


# Choice values keep their order of earlier versions with the neutral answer appended, so
# error messages listing them still start the same; the neutral answer is the default.
DECISION_QUESTIONS: tuple[Question, ...] = (
    Question(
        "size",
        "How big will the application be?",
        "choice",
        NEUTRAL,
        ("small", "medium", "large", NEUTRAL),
        labels=(
            ("small", "small: a simple app or a single service"),
            ("medium", "medium: neither small nor large"),
            ("large", "large: many features, heavy traffic"),
            (NEUTRAL, "unsure: not sure yet"),
        ),
    ),
    Question(
        "deadline",
        "Are deadlines a driving factor?",
        "choice",
        NEUTRAL,
        ("tight", "flexible", NEUTRAL),
        labels=(
            ("tight", "tight: yes, deadlines drive the project"),
            ("flexible", "flexible: no, the schedule has room"),
            (NEUTRAL, "unsure: not sure"),
        ),
    ),
    Question(
        "app_type",
        "What are you building?",
        "choice",
        NEUTRAL,
        ("api", "fullstack", "microservice", "prototype", "serverless", "static", NEUTRAL),
        labels=(
            ("api", "api: a web API for other programs"),
            ("fullstack", "fullstack: a site with many dynamic pages"),
            ("microservice", "microservice: one small service among several"),
            ("prototype", "prototype: a demo or proof of concept"),
            ("serverless", "serverless: functions on a platform such as AWS Lambda"),
            ("static", "static: a few static pages"),
            (NEUTRAL, "unsure: not sure yet"),
        ),
    ),
    Question("admin", "Does it need an admin interface for its data?", "bool", False),
    Question("auth", "Does it need user accounts, roles and authentication?", "bool", False),
    Question(
        "db_control",
        "How should the code talk to the database?",
        "choice",
        NEUTRAL,
        ("orm", "hands-on", NEUTRAL),
        labels=(
            ("orm", "orm: a built-in ORM with migrations"),
            ("hands-on", "hands-on: my own choice of database library and queries"),
            (NEUTRAL, "unsure: no preference"),
        ),
    ),
    Question(
        "flexibility",
        "Set conventions, or freedom to pick your own components?",
        "choice",
        NEUTRAL,
        ("conventions", "freedom", NEUTRAL),
        labels=(
            ("conventions", "conventions: one set structure for the whole project"),
            ("freedom", "freedom: my own choice of components and extensions"),
            (NEUTRAL, "unsure: no preference"),
        ),
    ),
    Question(
        "growth",
        "Do you plan to grow it into a more complex application later?",
        "tristate",
        NEUTRAL,
        labels=(
            (True, "yes: it will grow"),
            (False, "no: it stays about this size"),
            (NEUTRAL, "unsure: not sure"),
        ),
    ),
    Question(
        "python_experience",
        "How experienced is the team with Python?",
        "choice",
        NEUTRAL,
        ("beginner", "experienced", NEUTRAL),
        labels=(
            ("beginner", "beginner: new to Python"),
            ("experienced", "experienced: at home in Python"),
            (NEUTRAL, "unsure: not sure"),
        ),
    ),
    Question(
        "security",
        "Is security a top priority, for example payments or personal data?",
        "choice",
        NEUTRAL,
        ("builtin", "manual", NEUTRAL),
        labels=(
            ("builtin", "builtin: yes, a top priority; protection built in from the start"),
            ("manual", "manual: no, the usual care; I will choose and set up protections"),
            (NEUTRAL, "unsure: not sure"),
        ),
    ),
    Question(
        "domain",
        "Which known use case is closest?",
        "choice",
        NEUTRAL,
        ("ecommerce", "social", "cms", "enterprise", "notification", "iot", "other", NEUTRAL),
        labels=(
            ("ecommerce", "ecommerce: an online shop"),
            ("social", "social: profiles, interactions, media uploads"),
            ("cms", "cms: content management"),
            ("enterprise", "enterprise: a large-scale enterprise API"),
            ("notification", "notification: e.g. an email notification service"),
            ("iot", "iot: a backend for connected devices"),
            ("other", "other: none of these"),
            (NEUTRAL, "unsure: not sure"),
        ),
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
        help="defaults to yes when app_type is api, microservice, serverless or unsure",
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

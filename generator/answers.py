"""Answers: parsing and validating them from files, `--set` strings and prompts.

Every source produces the same thing, a frozen `Answers` holding only known keys with
valid values, so later stages never see raw input.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeAlias

from generator.errors import AnswersFileError, UsageError
from generator.questions import NEUTRAL, QUESTIONS, Question

Value: TypeAlias = str | bool

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}
MAX_TEXT = {"project_name": 100, "project_slug": 60, "description": 500, "author": 200}

# Names a generated package must not take: it would shadow a module the project imports.
_SHADOWED = frozenset(
    {
        "flask",
        "django",
        "test",
        "tests",
        "site",
        "app",
        "config",
        "settings",
        "wsgi",
        "asgi",
        "manage",
        "migrations",
        "sqlalchemy",
        "alembic",
        "gunicorn",
        "uvicorn",
        "celery",
        "redis",
        "psycopg",
        "pytest",
        "werkzeug",
        "jinja2",
        "rest_framework",
        "whitenoise",
        "accounts",
        "items",
        "static",
        "templates",
        "instance",
    }
) | frozenset(sys.stdlib_module_names)


class Answers(Mapping[str, Value]):
    """An immutable, validated set of answers (keys from `questions.QUESTIONS`)."""

    def __init__(self, values: Mapping[str, Value] | None = None) -> None:
        self._values = MappingProxyType(dict(values or {}))

    def __getitem__(self, key: str) -> Value:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Answers({dict(self._values)!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def merged(self, other: Mapping[str, Value]) -> Answers:
        """These answers with `other`'s values taking precedence."""
        return Answers({**self._values, **other})


def coerce(key: str, raw: object) -> Value:
    """Validate one answer; raise UsageError naming the key and the allowed values."""
    question = QUESTIONS.get(key)
    if question is None:
        known = ", ".join(sorted(QUESTIONS))
        raise UsageError(f"unknown answer key {key!r}; known keys: {known}")
    if question.kind == "bool":
        return _coerce_bool(question, raw)
    if question.kind == "tristate":  # yes/no, or the neutral answer
        if isinstance(raw, str) and raw.strip().lower() == NEUTRAL:
            return NEUTRAL
        return _coerce_bool(question, raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise UsageError(f"{key}: expected {_expected(question)}, got {type(raw).__name__}")
    text = str(raw).strip()
    if question.kind == "choice":
        if text not in question.choices:
            raise UsageError(f"{key}: {text!r} is not one of: {', '.join(question.choices)}")
        return text
    if question.kind == "workers":
        return _coerce_workers(text)
    return _coerce_text(key, text)


def _expected(question: Question) -> str:
    if question.kind == "choice":
        return "one of " + ", ".join(question.choices)
    if question.kind == "bool":
        return "true or false"
    if question.kind == "tristate":
        return f"true, false or {NEUTRAL}"
    if question.kind == "workers":
        return "'auto' or a number from 1 to 64"
    return "text"


def _coerce_bool(question: Question, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise UsageError(f"{question.key}: expected {_expected(question)}, got {raw!r}")


def _coerce_workers(text: str) -> str:
    if text == "auto" or (text.isdigit() and 1 <= int(text) <= 64):
        return text
    raise UsageError(f"workers: expected 'auto' or a number from 1 to 64, got {text!r}")


def _coerce_text(key: str, text: str) -> str:
    categories = {unicodedata.category(ch) for ch in text}
    if "Cc" in categories:
        raise UsageError(f"{key}: control characters and newlines are not allowed")
    if "Cs" in categories:  # undecodable bytes from the command line or a file
        raise UsageError(f"{key}: not valid UTF-8 text")
    limit = MAX_TEXT.get(key, 200)
    if len(text) > limit:
        raise UsageError(f"{key}: at most {limit} characters, got {len(text)}")
    return text


def parse_assignments(assignments: Iterable[str]) -> dict[str, Value]:
    """Parse `--set key=value` strings into validated answers."""
    values: dict[str, Value] = {}
    for item in assignments:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: expected key=value, e.g. --set database=postgres")
        values[key.strip()] = coerce(key.strip(), raw)
    return values


def load_answers_file(path: Path) -> dict[str, Value]:
    """Read a YAML or JSON answers file: a mapping of answer keys to values."""
    import yaml  # lazy: keeps `scaffold --help` fast

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise AnswersFileError(f"cannot read answers file {path}: {reason}") from err
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise AnswersFileError(f"answers file {path} is not valid YAML/JSON: {first_line}") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(
            f"answers file {path} must be a mapping of keys to values, not a {type(data).__name__}"
        )
    values: dict[str, Value] = {}
    for key, raw in data.items():
        try:
            values[str(key)] = coerce(str(key), raw)
        except UsageError as err:
            raise AnswersFileError(f"answers file {path}: {err}") from err
    return values


def derive_slug(project_name: str) -> str:
    """The Python package name for a project name: ASCII, lower case, underscores."""
    ascii_name = unicodedata.normalize("NFKD", project_name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def check_project_name(project_name: str, project_slug: str) -> None:
    """Refuse names that would produce a broken or dangerous project; say how to fix it."""
    if not project_name.strip():
        raise UsageError("project_name is empty; give it a name, e.g. --set project_name=shop")
    if "/" in project_name or "\\" in project_name or ".." in project_name:
        raise UsageError(
            f"project_name {project_name!r} contains a path separator or '..'; "
            "use a plain name and choose the location with --output-dir"
        )
    hint = "set project_slug to a valid name, e.g. --set project_slug=my_shop"
    if not project_slug.isidentifier() or not project_slug.isascii():
        raise UsageError(
            f"project name {project_name!r} gives package name {project_slug!r}, "
            f"which is not a valid Python identifier; {hint}"
        )
    if project_slug != project_slug.lower():
        raise UsageError(f"package name {project_slug!r} must be lower case; {hint}")
    if keyword.iskeyword(project_slug) or keyword.issoftkeyword(project_slug):
        raise UsageError(f"package name {project_slug!r} is a Python keyword; {hint}")
    if project_slug in _SHADOWED:
        raise UsageError(
            f"package name {project_slug!r} would shadow the module of the same name "
            f"the project imports; {hint}"
        )

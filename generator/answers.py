"""Answers: parsing and validating them from files, `--set` strings and prompts.

Every source produces the same thing, a frozen `Answers` holding only known keys with
valid values, so later stages never see raw input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeAlias

from generator.errors import AnswersFileError, ProjectNameError, UsageError
from generator.names import slug_problem
from generator.questions import NEUTRAL, QUESTIONS, Question

Value: TypeAlias = str | bool

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}
MAX_ANSWERS_BYTES = 64 * 1024
MAX_TEXT = {"project_name": 100, "project_slug": 60, "description": 500, "author": 200}


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
        raise UsageError(f"unknown answer key {_shown(key)}; known keys: {known}")
    if question.kind == "bool":
        return _coerce_bool(question, raw)
    if question.kind == "tristate":  # yes/no, or the neutral answer
        if isinstance(raw, str) and raw.strip().lower() == NEUTRAL:
            return NEUTRAL
        return _coerce_bool(question, raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise UsageError(f"{key}: expected {_expected(question)}, got {type(raw).__name__}")
    # Checked before str(): a huge int cannot even be printed (Python's 4300-digit limit),
    # and NaN or infinity as a name is a mistake, not a value to keep.
    if isinstance(raw, int) and raw.bit_length() > 64:
        raise UsageError(f"{key}: expected {_expected(question)}, got a number too large to use")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise UsageError(f"{key}: expected {_expected(question)}, got {raw}")
    text = str(raw).strip()
    if question.kind == "choice":
        if text not in question.choices:
            raise UsageError(f"{key}: {_shown(text)} is not one of: {', '.join(question.choices)}")
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
    raise UsageError(f"{question.key}: expected {_expected(question)}, got {_shown(str(raw))}")


def _shown(text: str, limit: int = 40) -> str:
    """The value for an error message: quoted, and cut short so the message stays one line."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _coerce_workers(text: str) -> str:
    # ASCII digits only: str.isdigit() accepts "²" and "٣", which int() then refuses.
    if text == "auto" or (re.fullmatch(r"[1-9][0-9]?", text, re.ASCII) and int(text) <= 64):
        return text
    raise UsageError(f"workers: expected 'auto' or a number from 1 to 64, got {_shown(text)}")


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
            example = "e.g. --set database=postgres"
            raise UsageError(f"--set {_shown(item)}: expected key=value, {example}")
        values[key.strip()] = coerce(key.strip(), raw)
    return values


def load_answers_file(path: Path) -> dict[str, Value]:
    """Read a YAML or JSON answers file: a mapping of answer keys to values."""
    from generator.answers_file import parse_answers_text  # lazy: imports yaml

    data = parse_answers_text(path, _read_bounded(path))
    values: dict[str, Value] = {}
    for key, raw in data.items():
        try:
            values[str(key)] = coerce(str(key), raw)
        except UsageError as err:
            raise AnswersFileError(f"answers file {path}: {err}") from err
    return values


def _read_bounded(path: Path) -> str:
    # An answers file holds a few short answers; reading at most this much keeps
    # `--answers /dev/zero` or a stray large file from eating memory and time.
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_ANSWERS_BYTES + 1)
    except OSError as err:
        raise AnswersFileError(f"cannot read answers file {path}: {err.strerror}") from err
    if len(data) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(
            f"answers file {path} is larger than {MAX_ANSWERS_BYTES // 1024} KiB; "
            "it should hold only a few short answers"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnswersFileError(f"answers file {path} is not UTF-8 text: {err.reason}") from err


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
    reason = slug_problem(project_slug)
    if reason is None:
        return
    if project_slug == derive_slug(project_name):
        raise ProjectNameError(
            f"project name {project_name!r} gives package name {project_slug!r}, which {reason}"
        )
    raise ProjectNameError(f"package name {project_slug!r} {reason}")

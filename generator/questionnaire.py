"""The interactive questionnaire: the only module that imports questionary.

It turns `Question` data into prompts and returns plain answers; Ctrl-C propagates as
KeyboardInterrupt so the CLI can exit 130 without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import questionary

from generator.answers import Value, coerce
from generator.criteria import Framework
from generator.errors import UsageError
from generator.questions import Question

DefaultFor = Callable[[str, Mapping[str, Value]], Value]


def ask(
    questions: Iterable[Question], given: Mapping[str, Value], default_for: DefaultFor
) -> dict[str, Value]:
    """Ask every question not already answered in `given`; return the new answers."""
    answers: dict[str, Value] = {}
    for question in questions:
        if question.key in given:
            continue
        default = default_for(question.key, {**given, **answers})
        answers[question.key] = _ask_one(question, default)
    return answers


def _ask_one(question: Question, default: Value) -> Value:
    if question.kind == "bool":
        return bool(questionary.confirm(question.prompt, default=bool(default)).unsafe_ask())
    if question.kind in ("choice", "tristate"):
        choices = [questionary.Choice(question.label(v), value=v) for v in question.values]
        # Pass the default as its Choice: questionary's own typing allows only str values.
        start = next(c for c in choices if c.value == default)
        picked: Value = questionary.select(question.prompt, choices, default=start).unsafe_ask()
        return picked
    hint = f" ({question.help})" if question.help else ""

    def validate(text: str) -> bool | str:
        try:
            coerce(question.key, text)
        except UsageError as err:
            return str(err)
        return True

    prompt = questionary.text(f"{question.prompt}{hint}", default=str(default), validate=validate)
    return coerce(question.key, prompt.unsafe_ask())


def confirm_framework(recommended: Framework) -> Framework:
    """Let the user accept the recommendation or pick the other framework."""
    other: Framework = "flask" if recommended == "django" else "django"
    choice = questionary.select(
        "Which framework?",
        choices=[
            questionary.Choice(f"{recommended.capitalize()} (recommended)", value=recommended),
            questionary.Choice(f"{other.capitalize()} (override)", value=other),
        ],
        default=recommended,
    ).unsafe_ask()
    return recommended if choice == recommended else other

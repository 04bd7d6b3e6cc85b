"""The interactive questionnaire: the only module that imports questionary.

It turns `Question` data into prompts and returns plain answers; Ctrl-C propagates as
KeyboardInterrupt so the CLI can exit 130 without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys

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


def _run(prompt: questionary.Question) -> Any:
    """Ask; a SIGINT sent as a signal (`kill -INT`, a supervisor) cancels like Ctrl-C.

    While a prompt is shown the terminal is raw, so Ctrl-C arrives as a key that questionary
    handles; prompt_toolkit turns a real SIGINT into a key of its own, which it does not.
    """
    bindings = KeyBindings()

    @bindings.add(Keys.SIGINT, eager=True)
    def _cancel(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    app = prompt.application
    app.key_bindings = merge_key_bindings([b for b in (app.key_bindings, bindings) if b])
    return prompt.unsafe_ask()


def _ask_one(question: Question, default: Value) -> Value:
    if question.kind == "bool":
        return bool(_run(questionary.confirm(question.prompt, default=bool(default))))
    if question.kind in ("choice", "tristate"):
        choices = [questionary.Choice(question.label(v), value=v) for v in question.values]
        # Pass the default as its Choice: questionary's own typing allows only str values.
        start = next(c for c in choices if c.value == default)
        picked: Value = _run(questionary.select(question.prompt, choices, default=start))
        return picked
    hint = f" ({question.help})" if question.help else ""

    def validate(text: str) -> bool | str:
        try:
            coerce(question.key, text)
        except UsageError as err:
            return str(err)
        return True

    prompt = questionary.text(f"{question.prompt}{hint}", default=str(default), validate=validate)
    return coerce(question.key, _run(prompt))


def confirm_framework(recommended: Framework) -> Framework:
    """Let the user accept the recommendation or pick the other framework."""
    other: Framework = "flask" if recommended == "django" else "django"
    choice = _run(
        questionary.select(
            "Which framework?",
            choices=[
                questionary.Choice(f"{recommended.capitalize()} (recommended)", value=recommended),
                questionary.Choice(f"{other.capitalize()} (override)", value=other),
            ],
            default=recommended,
        )
    )
    return recommended if choice == recommended else other

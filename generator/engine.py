"""The decision engine: a pure function from answers to an explained recommendation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.criteria import CRITERIA, Criterion, Framework
from generator.questions import DECISION_QUESTIONS, Question

# When both sides score the same, start light: a Flask project can adopt Django's pieces
# later more easily than a Django project can shed them.
TIE_BREAKER: Framework = "flask"
TIE_BREAK_RULE = (
    "Equal scores go to Flask, the lighter starting point: it starts with only the "
    "essentials and you add components as you need them, while Django can be overkill "
    "for a project with no plans to scale up."
)


@dataclass(frozen=True)
class Change:
    """One answer change: `key` from `before` to `after`."""

    key: str
    before: str | bool
    after: str | bool


@dataclass(frozen=True)
class Recommendation:
    """The framework the answers point to, every reason on both sides, and what flips it.

    `flip` is the fewest answer changes that make the other framework win. When the
    answers do not decide (equal scores, so the tie-break picked), `settle` is the fewest
    changes that make the picked framework win on the answers alone.
    """

    framework: Framework
    scores: Mapping[Framework, int]
    reasons: tuple[Criterion, ...]
    flip: tuple[Change, ...]
    settle: tuple[Change, ...] = ()

    @property
    def margin(self) -> int:
        return abs(self.scores["django"] - self.scores["flask"])

    @property
    def decided(self) -> bool:
        """Whether the answers decide, rather than the tie-break."""
        return self.margin > 0

    def reasons_for(self, framework: Framework) -> tuple[Criterion, ...]:
        return tuple(r for r in self.reasons if r.favours == framework)


def matching_criteria(answers: Mapping[str, object]) -> tuple[Criterion, ...]:
    """The criteria these answers meet, in table order."""
    return tuple(c for c in CRITERIA if c.key in answers and answers[c.key] == c.answer)


def score(answers: Mapping[str, object]) -> tuple[Framework, dict[Framework, int]]:
    """The winning framework and both totals."""
    totals: dict[Framework, int] = {"flask": 0, "django": 0}
    for criterion in matching_criteria(answers):
        totals[criterion.favours] += criterion.weight
    if totals["flask"] == totals["django"]:
        return TIE_BREAKER, totals
    return ("django" if totals["django"] > totals["flask"] else "flask"), totals


def recommend(answers: Mapping[str, object]) -> Recommendation:
    """Apply the criteria table to the decision answers (missing keys count as no answer)."""
    framework, totals = score(answers)
    other: Framework = "flask" if framework == "django" else "django"
    undecided = totals["flask"] == totals["django"]
    return Recommendation(
        framework=framework,
        scores=totals,
        reasons=matching_criteria(answers),
        flip=fewest_changes(answers, other),
        settle=fewest_changes(answers, framework, outright=True) if undecided else (),
    )


def _lean(key: str, value: object, toward: Framework) -> int:
    """Points one answer gives `toward` minus the points it gives the other side."""
    return sum(
        c.weight if c.favours == toward else -c.weight
        for c in CRITERIA
        if c.key == key and c.answer == value
    )


def _best_change(question: Question, current: object, toward: Framework) -> tuple[int, Change]:
    """The change of one answer that helps `toward` most, and how much (first value wins ties)."""
    start = _lean(question.key, current, toward)
    gains = [
        (_lean(question.key, value, toward) - start, value)
        for value in question.values
        if value != current
    ]
    gain, value = max(gains, key=lambda pair: pair[0])
    return gain, Change(question.key, current, value)  # type: ignore[arg-type]


def _wins(answers: Mapping[str, object], toward: Framework, outright: bool) -> bool:
    framework, totals = score(answers)
    if outright:
        return totals[toward] > totals["flask" if toward == "django" else "django"]
    return framework == toward


def fewest_changes(
    answers: Mapping[str, object], toward: Framework, outright: bool = False
) -> tuple[Change, ...]:
    """The fewest answer changes that make `toward` win (`outright`: not by the tie-break).

    Each answer scores on its own, so the best set of n changes is the n questions whose
    best change gains most; among equal gains question order decides, and among equally
    small sets the one with the widest margin wins. The result is in question order.
    """
    current = {q.key: answers.get(q.key, q.default) for q in DECISION_QUESTIONS}
    best = [_best_change(q, current[q.key], toward) for q in DECISION_QUESTIONS]
    order = sorted(range(len(best)), key=lambda i: -best[i][0])  # stable: question order
    chosen: list[int] = []
    for index in order:
        if best[index][0] <= 0:
            break
        chosen.append(index)
        changed = {**answers, **{best[i][1].key: best[i][1].after for i in chosen}}
        if _wins(changed, toward, outright):
            return tuple(best[i][1] for i in sorted(chosen))
    return ()

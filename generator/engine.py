"""The decision engine: a pure function from answers to an explained recommendation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations, product

from generator.criteria import CRITERIA, Criterion, Framework
from generator.questions import DECISION_QUESTIONS, QUESTIONS

# When both sides score the same, start light: a Flask project can adopt Django's pieces
# later more easily than a Django project can shed them.
TIE_BREAKER: Framework = "flask"


@dataclass(frozen=True)
class Change:
    """One answer change: `key` from `before` to `after`."""

    key: str
    before: str | bool
    after: str | bool


@dataclass(frozen=True)
class Recommendation:
    """The framework the answers point to, every reason on both sides, and what flips it."""

    framework: Framework
    scores: Mapping[Framework, int]
    reasons: tuple[Criterion, ...]
    flip: tuple[Change, ...]

    @property
    def margin(self) -> int:
        return abs(self.scores["django"] - self.scores["flask"])

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
    return Recommendation(
        framework=framework,
        scores=totals,
        reasons=matching_criteria(answers),
        flip=smallest_flip(answers, framework),
    )


def _alternatives(answers: Mapping[str, object], key: str) -> list[str | bool]:
    question = QUESTIONS[key]
    values: tuple[str | bool, ...] = (True, False) if question.kind == "bool" else question.choices
    return [v for v in values if v != answers.get(key, question.default)]


def _candidate_changes(answers: Mapping[str, object], size: int) -> Iterator[tuple[Change, ...]]:
    keys = [q.key for q in DECISION_QUESTIONS]
    for chosen in combinations(keys, size):
        options = [_alternatives(answers, key) for key in chosen]
        for values in product(*options):
            yield tuple(
                Change(key, answers.get(key, QUESTIONS[key].default), value)  # type: ignore[arg-type]
                for key, value in zip(chosen, values, strict=True)
            )


def smallest_flip(answers: Mapping[str, object], current: Framework) -> tuple[Change, ...]:
    """The fewest answer changes that make the other framework win.

    Among equally small sets, the one giving the other side its widest margin wins; ties
    keep question order, so the result is deterministic.
    """
    for size in range(1, len(DECISION_QUESTIONS) + 1):
        best: tuple[int, tuple[Change, ...]] | None = None
        for changes in _candidate_changes(answers, size):
            changed = {**answers, **{c.key: c.after for c in changes}}
            framework, totals = score(changed)
            if framework == current:
                continue
            margin = abs(totals["django"] - totals["flask"])
            if best is None or margin > best[0]:
                best = (margin, changes)
        if best is not None:
            return best[1]
    return ()

"""A recommendation as readable text and as the `--json` data contract."""

from __future__ import annotations

import textwrap
from typing import Any

from generator.criteria import Framework
from generator.engine import TIE_BREAK_RULE, Change, Recommendation
from generator.sources import cite, cite_all

_NAMES: dict[Framework, str] = {"flask": "Flask", "django": "Django"}


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _changes(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    return [{"key": c.key, "from": c.before, "to": c.after} for c in changes]


def recommendation_data(rec: Recommendation) -> dict[str, Any]:
    """The public JSON shape of `scaffold recommend --json`.

    `sources` are the line-level citations (`<file>:<line>`); `citations` name the same
    places by document title and section.
    """
    return {
        "framework": rec.framework,
        "decided": rec.decided,
        "scores": {"flask": rec.scores["flask"], "django": rec.scores["django"]},
        "reasons": [
            {
                "criterion": r.key,
                "answer": r.answer,
                "favours": r.favours,
                "weight": r.weight,
                "rule": r.rule,
                "sources": list(r.sources),
                "citations": [
                    {"source": c.source, "document": c.document, "section": c.section}
                    for c in map(cite, r.sources)
                ],
            }
            for r in rec.reasons
        ],
        "flip": _changes(rec.flip),
        "settle": _changes(rec.settle),
        "tie_break": TIE_BREAK_RULE,
    }


def _wrapped(head: str, text: str, width: int) -> list[str]:
    """`text` wrapped after `head`, continuation lines indented to match."""
    indent = " " * len(head)
    return textwrap.wrap(
        text, width, initial_indent=head, subsequent_indent=indent, break_on_hyphens=False
    )


def _change_text(changes: tuple[Change, ...]) -> str:
    return ", ".join(
        f"{c.key} {_answer_text(c.before)} -> {_answer_text(c.after)}" for c in changes
    )


def recommendation_text(rec: Recommendation, width: int = 88) -> str:
    """Both sides' reasons, the winner and its margin, and what would change the answer."""
    winner = rec.framework
    loser: Framework = "flask" if winner == "django" else "django"
    how = "" if rec.decided else ", by the tie-break"
    lines = [
        f"Recommendation: {_NAMES[winner]}{how}  "
        f"(Django {rec.scores['django']} : Flask {rec.scores['flask']}, margin {rec.margin})",
        "",
    ]
    if not rec.decided:
        why = (
            "the reasons on both sides weigh the same"
            if rec.reasons
            else "nothing answered favours either framework"
        )
        lines += [f"The answers do not decide: {why}.", ""]
    sides: tuple[Framework, Framework] = (winner, loser)
    for side in sides:
        reasons = rec.reasons_for(side)
        lines.append(f"For {_NAMES[side]}:" if reasons else f"For {_NAMES[side]}: nothing")
        for reason in reasons:
            head = f"  +{reason.weight} {reason.key}={_answer_text(reason.answer)}: "
            body = _wrapped(head, reason.rule, width)
            lines += body
            lines += _wrapped(" " * len(head), f"Source: {cite_all(reason.sources)}", width)
        lines.append("")
    if not rec.decided:
        lines += _wrapped("", f"Tie-break: {TIE_BREAK_RULE}", width)
    if rec.flip:
        lines.append(f"What would make it {_NAMES[loser]}: {_change_text(rec.flip)}")
    if rec.settle:
        lines.append(f"What would decide it for {_NAMES[winner]}: {_change_text(rec.settle)}")
    return "\n".join(lines)

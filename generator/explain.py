"""A recommendation as readable text and as the `--json` data contract."""

from __future__ import annotations

import textwrap
from typing import Any

from generator.criteria import Framework
from generator.engine import Recommendation

_NAMES: dict[Framework, str] = {"flask": "Flask", "django": "Django"}


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _cite(sources: tuple[str, ...]) -> str:
    """`doc.md:1, doc.md:5, other.md:2` as `doc.md:1,5; other.md:2`."""
    lines_by_doc: dict[str, list[str]] = {}
    for source in sources:
        doc, _, line = source.rpartition(":")
        lines_by_doc.setdefault(doc, []).append(line)
    return "; ".join(f"{doc}:{','.join(lines)}" for doc, lines in lines_by_doc.items())


def recommendation_data(rec: Recommendation) -> dict[str, Any]:
    """The public JSON shape of `scaffold recommend --json`."""
    return {
        "framework": rec.framework,
        "scores": {"flask": rec.scores["flask"], "django": rec.scores["django"]},
        "reasons": [
            {
                "criterion": r.key,
                "answer": r.answer,
                "favours": r.favours,
                "weight": r.weight,
                "rule": r.rule,
                "sources": list(r.sources),
            }
            for r in rec.reasons
        ],
        "flip": [{"key": c.key, "from": c.before, "to": c.after} for c in rec.flip],
    }


def recommendation_text(rec: Recommendation, width: int = 88) -> str:
    """Both sides' reasons, the winner and its margin, and what would change the answer."""
    winner = rec.framework
    loser: Framework = "flask" if winner == "django" else "django"
    lines = [
        f"Recommendation: {_NAMES[winner]}  "
        f"(Django {rec.scores['django']} : Flask {rec.scores['flask']}, margin {rec.margin})",
        "",
    ]
    sides: tuple[Framework, Framework] = (winner, loser)
    for side in sides:
        reasons = rec.reasons_for(side)
        lines.append(f"For {_NAMES[side]}:" if reasons else f"For {_NAMES[side]}: nothing")
        for reason in reasons:
            head = f"  +{reason.weight} {reason.key}={_answer_text(reason.answer)}: "
            body = textwrap.wrap(reason.rule, width - len(head))
            lines.append(head + body[0])
            lines += [" " * len(head) + more for more in body[1:]]
            lines.append(" " * len(head) + f"({_cite(reason.sources)})")
        lines.append("")
    if rec.margin == 0:
        lines.append(f"A tie goes to {_NAMES[winner]}, the lighter starting point.")
    if rec.flip:
        changes = ", ".join(
            f"{c.key} {_answer_text(c.before)} -> {_answer_text(c.after)}" for c in rec.flip
        )
        lines.append(f"What would make it {_NAMES[loser]}: {changes}")
    return "\n".join(lines)

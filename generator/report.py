"""The one place that prints what happened to each file, as text or as `--json` data."""

from __future__ import annotations

import json
from typing import Any

import click

from generator.deploy import Outcome, Plan, Status

_STYLE = {
    Status.UNCHANGED: "bright_black",
    Status.UPDATED: "green",
    Status.CREATED: "green",
    Status.MERGED: "cyan",
    Status.CONFLICT: "red",
    Status.KEPT_DELETED: "yellow",
    Status.REMOVED: "yellow",
    Status.KEPT_EDITED: "yellow",
}

_RECOVERED = {
    "finished": "Finished the scaffold deploy that was interrupted:",
    "rolled back": "Rolled back the scaffold deploy that was interrupted; now this run:",
}


def plan_data(plan: Plan, mode: str) -> dict[str, Any]:
    """The JSON shape of `scaffold deploy --json`."""
    return {
        "project_dir": str(plan.project_dir),
        "mode": mode,
        "files": [{"path": f.path, "status": f.status.value} for f in plan.files],
        "conflicts": [f.path for f in plan.conflicts],
        "changed": [f.path for f in plan.changing],
        "answers": dict(plan.record.answers),
        "notes": list(plan.notes),
    }


def print_outcome(outcome: Outcome, mode: str, as_json: bool) -> None:
    """Say what became of an interrupted earlier run (on stderr), then report the plan."""
    if outcome.recovered is not None:
        click.echo(_RECOVERED[outcome.recovered], err=True)
    print_plan(outcome.plan, mode, as_json)


def print_plan(plan: Plan, mode: str, as_json: bool) -> None:
    """Report every file; the closing line never claims success while a conflict remains."""
    for note in plan.notes:
        click.echo(f"Note: {note}", err=True)
    if as_json:
        click.echo(json.dumps(plan_data(plan, mode), indent=2))
        return
    if mode == "diff":
        for file in plan.changing:
            click.echo(file.diff(), nl=False)
    verb = {"apply": "", "diff": "would be ", "check": "would be "}[mode]
    width = max((len(s.value) for s in Status), default=10)
    for file in plan.files:
        label = click.style(f"{file.status.value:<{width}}", fg=_STYLE[file.status])
        click.echo(f"  {label}  {file.path}")
    if plan.conflicts:
        names = ", ".join(f.path for f in plan.conflicts)
        if mode == "apply":
            click.echo(f"Conflicts in {names}: resolve the <<<<<<< markers, then commit.", err=True)
        else:
            click.echo(f"Conflicts would be marked in {names}.", err=True)
    elif plan.changing:
        click.echo(f"{len(plan.changing)} file(s) {verb}changed.")
    else:
        click.echo("Deployment files are up to date.")

"""The `scaffold` command: parse options, call the library, turn errors into one line.

Heavy imports (cookiecutter, yaml, questionary) happen inside the commands that need
them, so `scaffold --help` stays fast.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from generator import __version__
from generator.answers import Value, load_answers_file, parse_assignments
from generator.deploy_files import DEPLOY_GROUP_NAMES
from generator.errors import ScaffoldError, UsageError
from generator.questions import DECISION_QUESTIONS, FRAMEWORKS, PROJECT_QUESTIONS

F = TypeVar("F", bound=Callable[..., Any])


class Interrupted(BaseException):
    """SIGTERM/SIGINT arrived: unwind (cleaning up staging files) and exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ScaffoldGroup(click.Group):
    """Turns ScaffoldError into `Error: <one line>` and its exit code; Ctrl-C into 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScaffoldError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(err.exit_code)
        except OSError as err:  # a disk or permission problem scaffold could not foresee
            where = f": {err.filename}" if err.filename else ""
            click.echo(f"Error: {err.strerror or err}{where}; nothing was kept", err=True)
            ctx.exit(1)
        except (KeyboardInterrupt, click.Abort):
            click.echo(f"\nCancelled; {_what_was_kept(ctx)}", err=True)
            ctx.exit(130)
        except Interrupted as sig:
            click.echo(f"\nStopped by signal {sig.signum}; {_what_was_kept(ctx)}", err=True)
            ctx.exit(128 + sig.signum)


def _what_was_kept(ctx: click.Context) -> str:
    # The project is moved into place in one rename; a signal right after it still finds
    # the target whole, so look at the target rather than trust how far the code got.
    target = ctx.meta.get("scaffold.target")
    if target is not None and (target / ".scaffold.yml").is_file():
        return f"{target} was already complete."
    return "nothing was written."


def _parse_set(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> Any:
    try:
        return parse_assignments(value)
    except UsageError as err:
        raise click.BadParameter(str(err)) from err


def answer_options(func: F) -> F:
    """The options every command that takes answers shares."""
    func = click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="KEY=VALUE",
        callback=_parse_set,
        help="Answer a question (repeatable); overrides --answers.",
    )(func)
    func = click.option(
        "--answers",
        "answers_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="YAML or JSON file of answers (keys as in `--set`).",
    )(func)
    func = click.option(
        "--no-input",
        is_flag=True,
        help="Ask nothing: unanswered questions take their defaults.",
    )(func)
    return func


def _given(answers_file: Path | None, assignments: Mapping[str, Value]) -> dict[str, Value]:
    given: dict[str, Value] = {}
    if answers_file is not None:
        given.update(load_answers_file(answers_file))
    given.update(assignments)
    return given


def _require_terminal() -> None:
    if not sys.stdin.isatty():
        raise UsageError(
            "standard input is not a terminal; pass --no-input (with --answers FILE or "
            "--set KEY=VALUE) to run without questions"
        )


def _decision_answers(given: dict[str, Value], no_input: bool) -> dict[str, Value]:
    from generator.project import default_for

    if no_input:
        return given
    _require_terminal()
    from generator import questionnaire

    return {**given, **questionnaire.ask(DECISION_QUESTIONS, given, default_for)}


@click.group(cls=ScaffoldGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="scaffold")
def cli() -> None:
    """Start a Python web project the right way.

    scaffold asks what your project needs, recommends Flask or Django with the reasons
    on both sides, and renders a ready-to-run starter with Docker, Nginx, Gunicorn and
    migrations.
    """


@cli.command()
@answer_options
@click.option("--json", "as_json", is_flag=True, help="Print the recommendation as JSON.")
def recommend(
    no_input: bool, answers_file: Path | None, assignments: dict[str, Value], as_json: bool
) -> None:
    """Recommend Flask or Django and explain why.

    \b
    Example:
        scaffold recommend --no-input --set size=large --set admin=true --json
    """
    from generator.engine import recommend as run_engine
    from generator.explain import recommendation_data, recommendation_text
    from generator.project import complete

    decision = _decision_answers(_given(answers_file, assignments), no_input)
    rec = run_engine(complete(decision))
    if as_json:
        click.echo(json.dumps(recommendation_data(rec), indent=2))
    else:
        click.echo(recommendation_text(rec))


@cli.command()
@answer_options
@click.option(
    "--framework",
    type=click.Choice(FRAMEWORKS),
    help="Use this framework whatever the recommendation (the override is recorded).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create the project directory.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def new(
    no_input: bool,
    answers_file: Path | None,
    assignments: dict[str, Value],
    framework: str | None,
    output_dir: Path,
    as_json: bool,
) -> None:
    """Create a new project: questionnaire, recommendation, ready-to-run starter.

    \b
    Examples:
        scaffold new
        scaffold new --no-input --answers answers.yml -o ~/src
        scaffold new --no-input --set project_name=shop --framework django
    """
    from generator.engine import recommend as run_engine
    from generator.explain import recommendation_data, recommendation_text
    from generator.project import complete, default_for
    from generator.render import create_project

    given = _decision_answers(_given(answers_file, assignments), no_input)
    rec = run_engine(complete(given))
    chosen = framework
    if not no_input:
        from generator import questionnaire

        click.echo("\n" + recommendation_text(rec) + "\n")
        if chosen is None:
            chosen = questionnaire.confirm_framework(rec.framework)
        given.update(questionnaire.ask(PROJECT_QUESTIONS, given, default_for))
    final = chosen or rec.framework
    answers = complete(given)
    click.get_current_context().meta["scaffold.target"] = output_dir.absolute() / str(
        answers["project_slug"]
    )
    project_dir = create_project(final, answers, rec, output_dir)  # type: ignore[arg-type]
    if as_json:
        result = {
            "project_dir": str(project_dir),
            "framework": final,
            "overridden": final != rec.framework,
            "recommendation": recommendation_data(rec),
            "answers": dict(answers),
        }
        click.echo(json.dumps(result, indent=2))
        return
    score = f"Django {rec.scores['django']} : Flask {rec.scores['flask']}"
    if final == rec.framework:
        note = f" (recommended, {score}; `scaffold recommend` explains why)"
    else:
        note = f" (overriding the recommended {rec.framework.capitalize()}, {score})"
    click.echo(f"Created {final.capitalize()} project in {project_dir}{note}")
    click.echo(f"Next: cd {project_dir} && make install && make test && make run")


@cli.command()
@click.option(
    "-C",
    "--project-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="The project to regenerate (default: the current directory).",
)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    callback=_parse_set,
    help="Change an answer, e.g. database=postgres or workers=4 (repeatable).",
)
@click.option(
    "--only",
    type=click.Choice(DEPLOY_GROUP_NAMES),
    multiple=True,
    help="Regenerate only this group of files (repeatable).",
)
@click.option("--diff", "dry_run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.option(
    "--check", is_flag=True, help="Exit 1 if a run would change any file (for CI); write nothing."
)
@click.option("--allow-dirty", is_flag=True, help="Run even with uncommitted deployment files.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def deploy(
    project_dir: Path,
    assignments: dict[str, Value],
    only: tuple[str, ...],
    dry_run: bool,
    check: bool,
    allow_dirty: bool,
    as_json: bool,
) -> None:
    """Regenerate the deployment files, keeping your edits (3-way merge).

    Updates only the Dockerfile, .dockerignore, docker-compose.yml, entrypoint.sh,
    gunicorn.conf.py, nginx/default.conf and k8s/; application code is never touched.
    Exit status: 0 clean, 1 conflicts remain (or --check found changes), 2 any other stop.
    An interrupted run is finished by running it again.

    \b
    Examples:
        scaffold deploy --set database=postgres --set workers=4
        scaffold deploy --diff
        scaffold deploy --check --json
    """
    from generator.deploy import Progress, run_deploy
    from generator.report import print_outcome

    if dry_run and check:
        raise UsageError("--diff and --check are alternatives; pass one of them")
    mode = "diff" if dry_run else "check" if check else "apply"
    progress = Progress()
    try:
        outcome = run_deploy(project_dir, assignments, only, mode, allow_dirty, progress)
        print_outcome(outcome, mode, as_json)
    except (KeyboardInterrupt, Interrupted) as stop:
        # Say what the files are really like: a run stopped part-way is finished by the next.
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        what = "Cancelled" if isinstance(stop, KeyboardInterrupt) else f"Stopped by signal {signum}"
        click.echo(f"\n{what}; {progress.state()}.", err=True)
        sys.exit(128 + signum)
    plan = outcome.plan
    if plan.conflicts or (check and plan.changing):
        sys.exit(1)


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console entry point."""
    signal.signal(signal.SIGTERM, _on_signal)
    cli(prog_name="scaffold")

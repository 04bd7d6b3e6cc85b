"""The `scaffold` command: parse options, call the library, turn errors into one line.

Heavy imports (cookiecutter, yaml, questionary) happen inside the commands that need
them, so `scaffold --help` stays fast.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

_EARLY_SIGNALS: list[int] = []


def _defer_signal(signum: int, _frame: FrameType | None) -> None:
    _EARLY_SIGNALS.append(signum)


# Ctrl-C while the modules below import would print a traceback from deep inside an
# import; hold it until they are loaded, then cancel cleanly (nothing was written yet).
_PREVIOUS_SIGINT = (
    signal.signal(signal.SIGINT, _defer_signal)
    if threading.current_thread() is threading.main_thread()
    else None
)

import json  # noqa: E402
import os  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Mapping, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

import click  # noqa: E402

from generator import __version__  # noqa: E402
from generator.answers import Value, load_answers_file, parse_assignments  # noqa: E402
from generator.deploy_files import DEPLOY_GROUP_NAMES  # noqa: E402
from generator.errors import ProjectNameError, ScaffoldError, UsageError  # noqa: E402
from generator.questions import DECISION_QUESTIONS, FRAMEWORKS, PROJECT_QUESTIONS  # noqa: E402

if _PREVIOUS_SIGINT is not None:
    signal.signal(signal.SIGINT, _PREVIOUS_SIGINT)
    if _EARLY_SIGNALS:
        sys.stderr.write("\nCancelled; nothing was written.\n")
        raise SystemExit(130)

F = TypeVar("F", bound=Callable[..., Any])


class Interrupted(BaseException):
    """SIGTERM/SIGINT arrived: unwind (cleaning up staging files) and exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# A stored package name is not something `deploy` can change: the project is named.
_DEPLOY_NAME_HINT = "restore project_slug in .scaffold.yml (deploy never renames a project)"


class ScaffoldGroup(click.Group):
    """Turns ScaffoldError into `Error: <one line>` and its exit code; Ctrl-C into 130."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run as click does, except that a usage error is one line (exit 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as err:
            where = f"; see '{err.ctx.command_path} --help'" if err.ctx is not None else ""
            _error_line(err.format_message().rstrip(".") + where)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            _error_line(err.format_message())
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("\nCancelled; nothing was written.", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScaffoldError as err:
            message = str(err)
            if isinstance(err, ProjectNameError):
                deploying = ctx.invoked_subcommand == "deploy"
                message += "; " + (_DEPLOY_NAME_HINT if deploying else err.hint)
            _error_line(message)
            ctx.exit(err.exit_code)
        except OSError as err:  # a disk or permission problem scaffold could not foresee
            where = f": {err.filename}" if err.filename else ""
            _error_line(f"{err.strerror or err}{where}; {_what_was_kept(ctx)}")
            ctx.exit(1)
        except (KeyboardInterrupt, click.Abort):
            click.echo(f"\nCancelled; {_what_was_kept(ctx)}", err=True)
            ctx.exit(130)
        except Interrupted as sig:
            click.echo(f"\nStopped by signal {sig.signum}; {_what_was_kept(ctx)}", err=True)
            ctx.exit(128 + sig.signum)


def _error_line(message: str) -> None:
    click.echo("Error: " + " ".join(message.split()), err=True)


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
    if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
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
    from generator.project import complete, default_for, implied, load_template_variables
    from generator.render import clean_stale_staging, create_project

    given = _decision_answers(_given(answers_file, assignments), no_input)
    rec = run_engine(complete(given))
    chosen = framework
    if not no_input:
        from generator import questionnaire

        click.echo("\n" + recommendation_text(rec) + "\n")
        if chosen is None:
            chosen = questionnaire.confirm_framework(rec.framework)
        # Ask only what the chosen template uses and the kind of application leaves open.
        declared = load_template_variables(chosen)  # type: ignore[arg-type]
        open_questions = [q for q in PROJECT_QUESTIONS if q.key in declared]
        given = {**implied(given), **given}
        given.update(questionnaire.ask(open_questions, given, default_for))
    final = chosen or rec.framework
    answers = complete(given)
    target = output_dir.absolute() / str(answers["project_slug"])
    if not (target / ".scaffold.yml").exists():  # what a signal finds there is ours
        click.get_current_context().meta["scaffold.target"] = target
    for stale in clean_stale_staging(output_dir.absolute()):
        click.echo(f"Removed {stale}, left by an interrupted run", err=True)
    project_dir = create_project(final, answers, rec, output_dir)  # type: ignore[arg-type]
    if as_json:
        result = {
            "project_dir": str(project_dir),
            "framework": final,
            "overridden": final != rec.framework,
            "recommendation": recommendation_data(rec),
            "answers": dict(answers),
        }
        _summary(project_dir, json.dumps(result, indent=2))
        return
    score = f"Django {rec.scores['django']} : Flask {rec.scores['flask']}"
    if final == rec.framework:
        note = f" (recommended, {score}; `scaffold recommend` explains why)"
    else:
        note = f" (overriding the recommended {rec.framework.capitalize()}, {score})"
    quoted = shlex.quote(str(project_dir))
    _summary(
        project_dir,
        f"Created {final.capitalize()} project in {project_dir}{note}\n"
        f"Next: cd {quoted} && make install && make test && make run",
    )


def _summary(project_dir: Path, text: str) -> None:
    """Print what `new` made; the project exists by now, so a failure must not deny it."""
    try:
        click.echo(text)
    except OSError as err:
        _discard_stdout()
        raise ScaffoldError(
            f"{project_dir} was created, but its summary could not be printed: {err.strerror}"
        ) from err


def _discard_stdout() -> None:
    # What is left in stdout's buffer would fail again (and noisily) at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


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
